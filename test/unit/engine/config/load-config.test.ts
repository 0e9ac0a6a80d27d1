import assert from 'node:assert/strict';
import { join } from 'node:path';
import { EngineError } from '../../../../engine/src/errors';
import type { ConfigIssue } from '../../../../engine/src/config/config-issues';
import { checkConfig, loadConfig, type LoadConfigOptions } from '../../../../engine/src/config/load-config';
import { repoRoot } from '../../../helpers/repo-root';

const ROOT = repoRoot();
const FIXTURES = join(ROOT, 'test', 'fixtures', 'config');
const fixture = (name: string): string => join(FIXTURES, name);

/** No .env file and an explicit environment unless a test says otherwise. */
function load(options: LoadConfigOptions): ReturnType<typeof loadConfig> {
  return loadConfig({ envFile: null, env: {}, ...options });
}

function configError(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof EngineError, `expected an EngineError, got ${String(err)}`);
    return err;
  }
  assert.fail('expected the config to be rejected');
}

function issuePaths(err: EngineError): string[] {
  return (err.details as ConfigIssue[]).map((i) => i.path);
}

describe('loadConfig', () => {
  describe('choosing the file', () => {
    it('without --config or SALEHI_CONFIG, reads no file and gives the defaults', () => {
      const config = load({});
      assert.equal(config.http.port, 8090);
      assert.equal(config.lines.trunk, 'TO-CUCM-Gaptel');
    });

    it('reads SALEHI_CONFIG relative to cwd', () => {
      assert.equal(load({ cwd: FIXTURES, env: { SALEHI_CONFIG: 'good.yaml', ARI_SECRET: 's' } }).company, 'agrad');
    });

    it('the explicit path wins over SALEHI_CONFIG', () => {
      const config = load({ configPath: fixture('yaml12.yaml'), env: { SALEHI_CONFIG: fixture('good.yaml') } });
      assert.equal(config.company, 'yes');
    });

    it('SALEHI_CONFIG may come from the .env file, like every variable', () => {
      const config = loadConfig({ env: {}, cwd: FIXTURES, envFile: fixture('config-pointer.env') });
      assert.equal(config.lines.trunk, 'file-trunk');
    });

    it('a missing file is CE_CONFIG_FILE_NOT_FOUND, from the argument or from SALEHI_CONFIG', () => {
      assert.equal(configError(() => load({ configPath: fixture('nope.yaml') })).code, 'CE_CONFIG_FILE_NOT_FOUND');
      assert.equal(configError(() => load({ env: { SALEHI_CONFIG: fixture('nope.yaml') } })).code, 'CE_CONFIG_FILE_NOT_FOUND');
    });
  });

  describe('YAML', () => {
    it('a syntax error is CE_CONFIG_FILE_PARSE with every error, line and column', () => {
      const err = configError(() => load({ configPath: fixture('syntax-error.yaml') }));
      assert.equal(err.code, 'CE_CONFIG_FILE_PARSE');
      const details = err.details as { line: number; col: number; message: string }[];
      assert.deepEqual(details.map((d) => [d.line, d.col]), [[4, 1], [6, 3]]);
      assert.match(details[1]?.message ?? '', /unique/);
      assert.match(err.message, /syntax-error\.yaml:4:1/);
    });

    it('a file whose top level is not a mapping is CE_CONFIG_INVALID at (root)', () => {
      const err = configError(() => load({ configPath: fixture('list-root.yaml') }));
      assert.equal(err.code, 'CE_CONFIG_INVALID');
      assert.deepEqual(issuePaths(err), ['(root)']);
    });

    it('an empty file is an empty config', () => {
      assert.equal(load({ configPath: fixture('empty.yaml') }).http.port, 8090);
    });

    it('is YAML 1.2: unquoted yes/no/on/off stay strings', () => {
      const config = load({ configPath: fixture('yaml12.yaml') });
      assert.equal(config.company, 'yes');
      assert.deepEqual(config.scenarios.enabled, ['yes', 'no', 'on', 'off']);
    });

    it('a broken file lists every error with its path, in one CE_CONFIG_INVALID', () => {
      const err = configError(() => load({ configPath: fixture('broken.yaml') }));
      assert.equal(err.code, 'CE_CONFIG_INVALID');
      assert.deepEqual(issuePaths(err).sort(), [
        'asterisk.ari.passwrod', 'asterisk.ari.url', 'compnay', 'http.port', 'http.token', 'lines.limits.perDay',
        'lines.numbers[1]', 'log.level', 'operator.timeoutSec', 'plugins.Bad_Id', 'plugins.dialer.apiKey', 'timezone',
      ]);
      for (const path of issuePaths(err)) assert.ok(err.message.includes(`- ${path}:`), `message names ${path}`);
    });

    it('rejects unknown keys with their full path', () => {
      const err = configError(() => load({ env: { SALEHI__lines__limits__perWeek: '5', SALEHI__asterisk__amii: '{}' } }));
      assert.deepEqual(issuePaths(err).sort(), ['asterisk.amii', 'lines.limits.perWeek']);
      assert.match((err.details as ConfigIssue[])[0]?.message ?? '', /unknown key/);
    });
  });

  describe('${VAR} interpolation', () => {
    const base = { configPath: fixture('good.yaml') };

    it('replaces references with the environment, with fallbacks and $${ escapes', () => {
      const config = load({ ...base, env: { ARI_SECRET: 'from-env', LLM_KEY: 'sk-9' } });
      assert.equal(config.asterisk.ari.password, 'from-env');
      assert.deepEqual(config.lines.numbers, ['02191302954', '02191302955']);
      const llm = config.plugins.llm as Record<string, unknown>;
      assert.equal(llm.apiKey, 'sk-9');
      assert.equal(llm.note, 'costs ${PER_TOKEN}');
    });

    it('a whole-value reference becomes a number where the schema wants one; digits stay text where it wants text', () => {
      const config = load({ ...base, env: { ARI_SECRET: '12345678', HTTP_PORT: '9001', EXTRA_LINE: '02191302999' } });
      assert.equal(config.http.port, 9001);
      assert.equal(config.asterisk.ari.password, '12345678');
      assert.deepEqual(config.lines.numbers, ['02191302954', '02191302999']);
    });

    it('an empty variable uses the :- fallback; a set empty variable without fallback is the empty string', () => {
      const config = load({ ...base, env: { ARI_SECRET: '', HTTP_PORT: '' } });
      assert.equal(config.http.port, 8091);
      assert.equal(config.asterisk.ari.password, '');
    });

    it('an undefined variable is an error naming the path and the variable', () => {
      const err = configError(() => load(base));
      assert.equal(err.code, 'CE_CONFIG_INVALID');
      const [issue] = err.details as ConfigIssue[];
      assert.equal(issue?.path, 'asterisk.ari.password');
      assert.match(issue?.message ?? '', /ARI_SECRET/);
    });

    it('takes variables from the .env file too (secrets can live there)', () => {
      const config = loadConfig({ ...base, env: {}, envFile: fixture('secrets.env') });
      assert.equal(config.asterisk.ari.password, 'secret-from-dotenv');
    });

    it('reports malformed and unclosed references with their paths', () => {
      const err = configError(() => load({ configPath: fixture('bad-refs.yaml') }));
      assert.equal(err.code, 'CE_CONFIG_INVALID');
      assert.deepEqual(issuePaths(err), ['company', 'lines.trunk']);
      const [bad, open] = err.details as ConfigIssue[];
      assert.match(bad?.message ?? '', /bad reference/);
      assert.match(open?.message ?? '', /unclosed/);
    });
  });

  describe('SALEHI__ overrides', () => {
    it('set any key; values are JSON when they parse, else text', () => {
      const config = load({
        env: { SALEHI__http__port: '9000', SALEHI__lines__numbers: '["0211","0212"]', SALEHI__lines__trunk: 'over-trunk', SALEHI__log__redactPhoneNumbers: 'true' },
      });
      assert.equal(config.http.port, 9000);
      assert.deepEqual(config.lines.numbers, ['0211', '0212']);
      assert.equal(config.lines.trunk, 'over-trunk');
      assert.equal(config.log.redactPhoneNumbers, true);
    });

    it('a value that reads as a number stays text where the schema or the value below is text', () => {
      const config = load({
        env: { SALEHI__http__token: '12345678', SALEHI__asterisk__ari__password: '1234', SALEHI__plugins__panel__apiToken: '987654' },
      });
      assert.equal(config.http.token, '12345678');
      assert.equal(config.asterisk.ari.password, '1234');
      assert.equal((config.plugins.panel as Record<string, unknown>).apiToken, '987654');
    });

    it('reach plugin slices by their kebab-case id', () => {
      const config = load({ env: { 'SALEHI__plugins__sms-alerts__enabled': 'true', 'SALEHI__plugins__sms-alerts__admins': '["09120000000"]' } });
      assert.equal(config.plugins['sms-alerts']?.enabled, true);
      assert.deepEqual((config.plugins['sms-alerts'] as Record<string, unknown>).admins, ['09120000000']);
    });

    it('apply shorter paths first, so the deeper key wins whatever the order', () => {
      const config = load({ env: { SALEHI__http__port: '9002', SALEHI__http: '{"port": 1, "host": "0.0.0.0", "token": "long-enough-token"}' } });
      assert.equal(config.http.port, 9002);
      assert.equal(config.http.host, '0.0.0.0');
    });

    it('a bad override is reported with the config path and the variable that set it', () => {
      const err = configError(() => load({ env: { SALEHI__http__port: 'eighty', SALEHI__bad____path: '1', SALEHI__constructor__x: '1' } }));
      assert.deepEqual(issuePaths(err).sort(), ['env:SALEHI__bad____path', 'env:SALEHI__constructor__x', 'http.port']);
      const port = (err.details as ConfigIssue[]).find((i) => i.path === 'http.port');
      assert.match(port?.message ?? '', /SALEHI__http__port/);
    });
  });

  describe('precedence: defaults < file < legacy variables < SALEHI__ overrides', () => {
    const env = { ARI_SECRET: 's' };

    it('the file beats the defaults', () => {
      assert.equal(load({ configPath: fixture('good.yaml'), env }).lines.limits.perDay, 300);
    });

    it('a legacy variable beats the file, and check-config says so', () => {
      const options = { configPath: fixture('good.yaml'), env: { ...env, MAX_CALLS_PER_DAY: '150', OUTBOUND_TRUNK: 'file-trunk' } };
      assert.equal(load(options).lines.limits.perDay, 150);
      const result = checkConfig({ envFile: null, ...options });
      assert.ok(result.ok);
      assert.deepEqual(result.notes, ["lines.limits.perDay: environment variable MAX_CALLS_PER_DAY replaces the config file's value"]);
    });

    it('an override beats a legacy variable and the file', () => {
      const config = load({ configPath: fixture('good.yaml'), env: { ...env, MAX_CALLS_PER_DAY: '150', SALEHI__lines__limits__perDay: '99' } });
      assert.equal(config.lines.limits.perDay, 99);
    });

    it('values nobody set keep their defaults next to values that were set', () => {
      const config = load({ configPath: fixture('good.yaml'), env: { ...env, MAX_CALLS_PER_DAY: '150' } });
      assert.equal(config.lines.limits.perMinute, 10);
      assert.equal(config.asterisk.ari.url, 'http://10.0.0.5:8088/ari');
    });
  });

  describe('plugins legacy would have run', () => {
    const all = ['dialer', 'stt', 'llm', 'panel', 'sms-alerts'];
    const enabled = (config: ReturnType<typeof load>): string[] => Object.entries(config.plugins).filter(([, s]) => s.enabled).map(([id]) => id).sort();

    it('enables only available plugins', () => {
      assert.deepEqual(enabled(load({ availablePlugins: ['dialer', 'panel'] })), ['dialer']);
      assert.deepEqual(enabled(load({})), []);
    });

    it('panel with PANEL_BASE_URL and PANEL_API_TOKEN, sms-alerts with SMS_API_KEY', () => {
      const env = { PANEL_BASE_URL: 'https://panel.example.com', PANEL_API_TOKEN: 't', SMS_API_KEY: 'k' };
      assert.deepEqual(enabled(load({ env, availablePlugins: all })), ['dialer', 'llm', 'panel', 'sms-alerts', 'stt']);
    });

    it('the config file and the overrides still decide over the legacy inference', () => {
      const env = { SALEHI__plugins__llm__enabled: 'false', SALEHI_CONFIG: fixture('good.yaml'), ARI_SECRET: 's' };
      assert.deepEqual(enabled(load({ env, availablePlugins: all })), ['dialer', 'stt']);
    });
  });

  describe('the result', () => {
    it('is deep-frozen: any mutation throws in strict mode', () => {
      const config = load({});
      assert.ok(Object.isFrozen(config));
      assert.throws(() => {
        (config.http as { port: number }).port = 1;
      }, TypeError);
      assert.throws(() => {
        (config.lines.numbers as string[]).push('0211');
      }, TypeError);
      assert.throws(() => {
        (config.plugins.dialer as Record<string, unknown>).batchSize = 1;
      }, TypeError);
    });

    it('two loads share nothing', () => {
      const a = load({ availablePlugins: ['dialer'] });
      const b = load({});
      assert.equal(a.plugins.dialer?.enabled, true);
      assert.equal(b.plugins.dialer?.enabled, false);
      assert.notEqual(a.plugins.dialer, b.plugins.dialer);
    });
  });

  describe('checkConfig', () => {
    it('returns the config and a masked copy', () => {
      const result = checkConfig({ envFile: null, env: { ARI_PASSWORD: 'pw', GAPGPT_API_KEY: 'sk' } });
      assert.ok(result.ok);
      assert.equal(result.config.asterisk.ari.password, 'pw');
      assert.equal(result.masked.asterisk.ari.password, '***');
      assert.equal((result.masked.plugins.llm as Record<string, unknown>).apiKey, '***');
      assert.equal((result.masked.plugins.panel as Record<string, unknown>).apiToken, '');
    });

    it('returns every issue instead of throwing', () => {
      const result = checkConfig({ envFile: null, env: { MAX_CALLS_PER_DAY: 'x', SALEHI__http__port: '-1' } });
      assert.ok(!result.ok);
      assert.equal(result.code, 'CE_CONFIG_INVALID');
      assert.deepEqual(result.issues.map((i) => i.path).sort(), ['env:MAX_CALLS_PER_DAY', 'http.port']);
    });

    it('turns file errors into issues too', () => {
      const missing = checkConfig({ envFile: null, env: {}, configPath: fixture('nope.yaml') });
      assert.ok(!missing.ok && missing.code === 'CE_CONFIG_FILE_NOT_FOUND' && missing.issues.length === 1);
      const broken = checkConfig({ envFile: null, env: {}, configPath: fixture('syntax-error.yaml') });
      assert.ok(!broken.ok);
      assert.equal(broken.code, 'CE_CONFIG_FILE_PARSE');
      assert.deepEqual(broken.issues.map((i) => i.path.replace(FIXTURES, '')), ['/syntax-error.yaml:4:1', '/syntax-error.yaml:6:3']);
    });
  });

  describe('shipped examples', () => {
    const all = ['dialer', 'stt', 'llm', 'panel', 'sms-alerts'];

    it('engine.example.yaml loads without errors, with an empty environment', () => {
      const config = load({ configPath: join(ROOT, 'engine.example.yaml'), availablePlugins: all });
      assert.equal(config.asterisk.ari.password, 'changeme');
      assert.equal(config.plugins.dialer?.enabled, true);
      assert.equal(config.plugins.panel?.enabled, false);
      assert.equal((config.plugins.dialer as Record<string, unknown>).batchSize, 10);
    });

    it('.env.example loads without errors and maps its sample values', () => {
      const config = load({ envFile: join(ROOT, '.env.example'), availablePlugins: all });
      assert.equal(config.asterisk.ari.username, 'ari_user');
      assert.equal(config.operator.callerId, '2000');
      assert.deepEqual(config.lines.numbers, ['02191302954']);
      assert.equal(config.plugins.panel?.enabled, true);
      assert.equal(config.plugins['sms-alerts']?.enabled, false);
    });

    it('both together load without errors', () => {
      const result = checkConfig({ env: {}, configPath: join(ROOT, 'engine.example.yaml'), envFile: join(ROOT, '.env.example'), availablePlugins: all });
      assert.ok(result.ok, JSON.stringify(!result.ok && result.issues));
      // The file's explicit `enabled: false` wins over what the legacy variables imply.
      assert.equal(result.config.plugins.panel?.enabled, false);
      assert.equal(result.config.plugins.stt?.enabled, true);
    });
  });
});
