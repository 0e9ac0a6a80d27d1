import { configSchema } from './config.schema';
import { legacyPluginDefaultsLayer } from './legacy-plugins';
import { deepMerge, isPlainObject, leafPaths } from './object-path';

/** What replaces a secret value in every printout and log record. */
export const SECRET_MASK = '***';

/**
 * The one rule for "this key holds a secret": the name ends in password/passwd/secret/token (any case),
 * or is `key`/`apiKey`/`api_key`, or ends in a camelCase `Key` or a snake/kebab `_key`/`-key`.
 * `sttToken`, `apiToken`, `ARI_PASSWORD`, `clientSecret` and `privateKey` match; `maxTokens`, `keys`,
 * `monkey` and `keyboard` do not.
 */
export function isSecretKey(key: string): boolean {
  return /(password|passwd|secret|token)$/i.test(key) || /^(api[_-]?)?key$/i.test(key) || /[a-z0-9]Key$/.test(key) || /[_-]key$/i.test(key);
}

function maskValue(value: unknown): unknown {
  if (value === undefined || value === null || value === '') return value;
  return SECRET_MASK;
}

/**
 * A deep copy of `value` with the value of every secret key (see `isSecretKey`) replaced by `***`.
 * An empty secret stays empty, so an admin reading `check-config` output sees that it is unset.
 * Works on any JSON-like value, including plugin slices the engine does not know.
 */
export function maskSecrets<T>(value: T): T {
  const walk = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(walk);
    if (!isPlainObject(node)) return node;
    const copy: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(node)) {
      const masked = isSecretKey(key) ? maskValue(child) : walk(child);
      Object.defineProperty(copy, key, { value: masked, enumerable: true, writable: true, configurable: true });
    }
    return copy;
  };
  return walk(value) as T;
}

/** Optional secret fields that a parse of the defaults does not contain. */
const OPTIONAL_SECRET_SAMPLE = { http: { token: 'placeholder-token' } };

/** Config paths (segments) of every secret field the engine and its legacy plugin slices know. */
function knownSecretPaths(): string[][] {
  const sample = configSchema.parse(deepMerge(legacyPluginDefaultsLayer(), OPTIONAL_SECRET_SAMPLE));
  return leafPaths(sample).filter((segs) => isSecretKey(segs[segs.length - 1] ?? ''));
}

function pinoPath(segments: readonly string[]): string {
  return segments.map((s, i) => (/^[A-Za-z_$][A-Za-z0-9_$]*$/.test(s) ? `${i === 0 ? '' : '.'}${s}` : `["${s}"]`)).join('');
}

/** Dotted config paths of the known secret fields (`asterisk.ari.password`, `plugins.sms-alerts.apiKey`, ...). */
export const SECRET_CONFIG_PATHS: readonly string[] = Object.freeze(knownSecretPaths().map((s) => s.join('.')));

/**
 * pino `redact.paths` for the known secret fields, built with the same rule as `maskSecrets`: each secret
 * key at the top of a record and one level down (`sttToken`, `*.sttToken`), and each full config path both
 * at the root and under a `config` binding (`config.plugins["sms-alerts"].apiKey`).
 */
export const SECRET_LOG_PATHS: readonly string[] = Object.freeze(
  [
    ...new Set(
      knownSecretPaths().flatMap((segs) => {
        const key = segs[segs.length - 1] ?? '';
        const oneDown = pinoPath(['x', key]).slice(1);
        return [pinoPath([key]), `*${oneDown}`, pinoPath(segs), pinoPath(['config', ...segs])];
      }),
    ),
  ],
);
