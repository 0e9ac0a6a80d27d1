import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDotEnv, readDotEnvFile, withDotEnv } from '../../../../engine/src/config/dotenv-file';
import { loadConfig } from '../../../../engine/src/config/load-config';
import { repoRoot } from '../../../helpers/repo-root';

const FIXTURES = join(repoRoot(), 'test', 'fixtures', 'config');

describe('.env file (legacy loader semantics)', () => {
  const vars = readDotEnvFile(join(FIXTURES, 'legacy.env'));

  const cases: readonly [string, string, string | undefined][] = [
    ['a plain line', 'OUTBOUND_TRUNK', 'TO-CUCM-Gaptel'],
    ['surrounding whitespace of the line is stripped', 'MAX_CALLS_PER_MINUTE', '30'],
    ['quotes are kept (legacy never removed them)', 'ARI_PASSWORD', '"quoted secret"'],
    ['the line is split at the first =', 'ARI_USERNAME', 'ari=user=with=equals'],
    ['# inside a value is kept', 'DEFAULT_CALLER_ID', '##1000'],
    ['an empty value is an empty string', 'OPERATOR_ENDPOINT', ''],
    ['trailing spaces are part of the stripped line end', 'USE_PANEL_AGENTS', 'true'],
    ['no inline comments', 'SMS_FROM', '9982003047 # not a comment in legacy'],
    ['the first of two lines wins', 'OUTBOUND_NUMBERS', '02191302954,02191302955'],
    ['"export NAME=" defines a variable named "export NAME"', 'MAX_CALLS_PER_DAY', undefined],
    ['spaces around = stay in the key', 'MAX_CONCURRENT_CALLS', undefined],
    ['comment lines are skipped even when they contain =', 'LOG_LEVEL', 'WARNING'],
  ];
  for (const [title, key, expected] of cases) {
    it(`${title}: ${key}`, () => assert.equal(vars[key], expected));
  }

  it('keeps the odd keys exactly as legacy set them, and skips lines without =', () => {
    assert.equal(vars['export MAX_CALLS_PER_DAY'], '5');
    assert.equal(vars['MAX_CONCURRENT_CALLS '], ' 7');
    assert.ok(!Object.keys(vars).some((k) => k.includes('no equals')));
  });

  it('handles CRLF line ends and drops a UTF-8 byte-order mark', () => {
    assert.deepEqual(readDotEnvFile(join(FIXTURES, 'crlf.env')), { OUTBOUND_TRUNK: 'crlf-trunk', MAX_CALLS_PER_DAY: '150' });
    assert.deepEqual(readDotEnvFile(join(FIXTURES, 'bom.env')), { OUTBOUND_TRUNK: 'bom-trunk' });
  });

  it('a missing file is no variables, as in legacy', () => {
    assert.deepEqual(readDotEnvFile(join(FIXTURES, 'does-not-exist.env')), {});
  });

  it('a key named __proto__ stays a plain variable', () => {
    const parsed = parseDotEnv('__proto__=x\nA=1');
    assert.equal(Object.getPrototypeOf(parsed), Object.prototype);
    assert.equal(parsed.A, '1');
  });

  it('a real environment variable wins over the file, even when empty', () => {
    assert.deepEqual(withDotEnv({ A: 'real', B: '' }, { A: 'file', B: 'file', C: 'file' }), { A: 'real', B: '', C: 'file' });
  });

  describe('through loadConfig', () => {
    let dir = '';
    beforeEach(() => {
      dir = mkdtempSync(join(tmpdir(), 'salehi-dotenv-'));
      copyFileSync(join(FIXTURES, 'legacy.env'), join(dir, '.env'));
    });
    afterEach(() => rmSync(dir, { recursive: true, force: true }));

    it('reads <cwd>/.env by default and maps its variables', () => {
      const config = loadConfig({ env: {}, cwd: dir });
      assert.equal(config.lines.limits.perMinute, 30);
      assert.equal(config.asterisk.ari.password, '"quoted secret"');
      assert.deepEqual(config.lines.numbers, ['02191302954', '02191302955']);
      assert.equal(config.log.level, 'warn');
      assert.equal(config.operator.usePanelAgents, true);
      // Odd legacy keys change nothing: defaults stay.
      assert.equal(config.lines.limits.perDay, 200);
      assert.equal(config.lines.limits.concurrent, 2);
    });

    it('a real environment variable wins over the .env file', () => {
      const config = loadConfig({ env: { MAX_CALLS_PER_MINUTE: '12', LOG_LEVEL: 'DEBUG' }, cwd: dir });
      assert.equal(config.lines.limits.perMinute, 12);
      assert.equal(config.log.level, 'debug');
      assert.equal(config.lines.trunk, 'TO-CUCM-Gaptel');
    });

    it('envFile: null reads no .env file; envFile: <path> reads that one', () => {
      assert.equal(loadConfig({ env: {}, cwd: dir, envFile: null }).lines.limits.perMinute, 10);
      assert.equal(loadConfig({ env: {}, cwd: dir, envFile: join(FIXTURES, 'crlf.env') }).lines.trunk, 'crlf-trunk');
    });

    it('a bad value in the .env file is named by its variable', () => {
      writeFileSync(join(dir, '.env'), 'MAX_CALLS_PER_DAY=lots\nCALL_WINDOW_END=24:00\n');
      assert.throws(
        () => loadConfig({ env: {}, cwd: dir }),
        (err: { code: string; details: { path: string }[] }) => {
          assert.equal(err.code, 'CE_CONFIG_INVALID');
          assert.deepEqual(err.details.map((d) => d.path), ['env:MAX_CALLS_PER_DAY', 'env:CALL_WINDOW_END']);
          return true;
        },
      );
    });
  });
});
