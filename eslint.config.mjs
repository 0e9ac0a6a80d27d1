// ESLint flat config: enforces the boundaries of STYLE.md.
// - plugins import the engine only through its public entry (engine/src/index.ts);
// - vendor libraries only inside their adapter folder (or their plugin);
// - no floating promises, no console, no process.env outside engine/src/config/.
import tseslint from 'typescript-eslint';

const VENDOR = {
  ari: ['ari-client', 'ws'],
  ami: ['asterisk-manager'],
  http: ['fastify', 'fastify-type-provider-zod', '@fastify/*'],
  store: ['better-sqlite3', 'pg'],
  metrics: ['prom-client'],
  logging: ['pino', 'pino-roll'],
  scheduler: ['node-cron'],
};

function restrictVendors(allowed) {
  const patterns = Object.entries(VENDOR)
    .filter(([area]) => !allowed.includes(area))
    .map(([area, names]) => ({ group: names, message: `Vendor library of '${area}': import it only in its adapter folder.` }));
  return patterns;
}

const baseRules = {
  'no-console': 'error',
  '@typescript-eslint/no-floating-promises': 'error',
  '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { arguments: false, attributes: false } }],
  '@typescript-eslint/no-unused-expressions': 'error',
  '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' }],
  '@typescript-eslint/no-explicit-any': 'error',
  'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through the config (engine/src/config/) only.' }],
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', '.tmp/**', 'freepbx-module/**', 'bin/**', 'eslint.config.mjs'] },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      ...baseRules,
      'no-restricted-imports': ['error', { patterns: restrictVendors([]) }],
    },
  },
  // Each adapter folder may use its own vendor library.
  ...Object.keys(VENDOR).map((area) => ({
    files: [`engine/src/adapters/**/${area}/**/*.ts`, `engine/src/adapters/${area}/**/*.ts`],
    rules: { 'no-restricted-imports': ['error', { patterns: restrictVendors([area]) }] },
  })),
  {
    // The simulator speaks the wire protocols itself and may use any server-side library it needs.
    files: ['engine/src/simulator/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: restrictVendors(['ari', 'ami', 'http', 'logging']) }] },
  },
  {
    // Plugins: engine only through its public entry; their own vendor SDKs are theirs.
    files: ['plugins/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          ...restrictVendors([]),
          { regex: '^(\\.\\./)+engine/src/(?!index$).+', message: 'Plugins import the engine only through engine/src/index.ts.' },
        ],
      }],
    },
  },
  {
    // Domain code depends on ports, never on adapters (only the composition root wires adapters in).
    files: ['engine/src/{call,flow,ports,plugin-host,di,config,http,health}/**/*.ts', 'engine/src/errors.ts', 'engine/src/index.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [...restrictVendors([]), { group: ['**/adapters/**'], message: 'Depend on a port; only build-engine.ts wires adapters.' }],
      }],
    },
  },
  {
    files: ['engine/src/config/**/*.ts'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests may reach deep into the tree, use any library, and read env to find services.
    files: ['test/**/*.ts'],
    rules: {
      'no-restricted-imports': 'off',
      'no-restricted-properties': 'off',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
);
