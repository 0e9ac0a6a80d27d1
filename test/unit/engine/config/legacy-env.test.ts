import assert from 'node:assert/strict';
import { LEGACY_ENV_VARS, LEGACY_VAR_NAMES, legacyEnvSchema, mapLegacyEnv, type LegacyVarName } from '../../../../engine/src/config/legacy-env';
import { loadConfig } from '../../../../engine/src/config/load-config';
import { getPath } from '../../../../engine/src/config/object-path';

/** Loads with only these variables in the environment, no file and no .env file. */
function load(env: Record<string, string>, availablePlugins: readonly string[] = []): unknown {
  return loadConfig({ env, envFile: null, availablePlugins });
}

function at(config: unknown, path: string): unknown {
  return getPath(config, path.split('.'));
}

/** [variable, config path, value when the variable is unset, a raw value to set, the value it must map to]. */
const TABLE: readonly [LegacyVarName, string, unknown, string, unknown][] = [
  ['COMPANY', 'company', 'salehi', 'agrad', 'agrad'],
  ['SCENARIOS_DIR', 'scenarios.dir', 'assets/scenarios', 'config/scenarios', 'config/scenarios'],
  ['SCENARIO', 'scenarios.enabled', [], 'Agrad, salehi_language', ['agrad', 'salehi_language']],
  ['ARI_BASE_URL', 'asterisk.ari.url', 'http://127.0.0.1:8088/ari', 'http://10.0.0.5:8088/ari', 'http://10.0.0.5:8088/ari'],
  ['ARI_WS_URL', 'asterisk.ari.wsUrl', 'ws://127.0.0.1:8088/ari/events', 'ws://10.0.0.5:8088/ari/events', 'ws://10.0.0.5:8088/ari/events'],
  ['ARI_APP_NAME', 'asterisk.ari.app', 'salehi', 'agrad_app', 'agrad_app'],
  ['ARI_USERNAME', 'asterisk.ari.username', 'salehi', 'ari_user', 'ari_user'],
  ['ARI_PASSWORD', 'asterisk.ari.password', 'changeme', 'p@ss=word', 'p@ss=word'],
  ['ARI_TIMEOUT', 'asterisk.ari.requestTimeoutSec', 10, '2.5', 2.5],
  ['OUTBOUND_TRUNK', 'lines.trunk', 'TO-CUCM-Gaptel', 'my-trunk', 'my-trunk'],
  ['OUTBOUND_NUMBERS', 'lines.numbers', [], ' 02191302954 , ,02191302955,', ['02191302954', '02191302955']],
  ['DEFAULT_CALLER_ID', 'lines.defaultCallerId', '1000', '##1000', '##1000'],
  ['ORIGINATION_TIMEOUT', 'lines.originationTimeoutSec', 30, '45', 45],
  ['MAX_CONCURRENT_CALLS', 'lines.limits.concurrent', 2, '50', 50],
  ['MAX_CONCURRENT_OUTBOUND_CALLS', 'lines.limits.concurrentOutbound', 0, '5', 5],
  ['MAX_CONCURRENT_INBOUND_CALLS', 'lines.limits.concurrentInbound', 0, '0', 0],
  ['MAX_CALLS_PER_MINUTE', 'lines.limits.perMinute', 10, '50', 50],
  ['MAX_CALLS_PER_DAY', 'lines.limits.perDay', 200, ' 1000 ', 1000],
  ['MAX_ORIGINATIONS_PER_SECOND', 'lines.limits.perSecond', 3, '0.5', 0.5],
  ['CALL_WINDOW_START', 'plugins.dialer.callWindow.start', '00:00', '9:5', '09:05'],
  ['CALL_WINDOW_END', 'plugins.dialer.callWindow.end', '23:59', '21:30', '21:30'],
  ['STATIC_CONTACTS', 'plugins.dialer.staticContacts', [], '09120000001,+989120000002', ['09120000001', '+989120000002']],
  ['DIALER_BATCH_SIZE', 'plugins.dialer.batchSize', 10, '25', 25],
  ['DIALER_DEFAULT_RETRY', 'plugins.dialer.defaultRetrySec', 60, '120', 120],
  ['FAIL_ALERT_THRESHOLD', 'plugins.dialer.failAlertThreshold', 3, '5', 5],
  ['HTTP_MAX_CONNECTIONS', 'httpClient.maxConnections', 100, '20', 20],
  ['HTTP_TIMEOUT', 'httpClient.timeoutSec', 10, '7.5', 7.5],
  ['STT_TIMEOUT', 'plugins.stt.timeoutSec', 30, '15', 15],
  ['TTS_TIMEOUT', 'plugins.stt.ttsTimeoutSec', 30, '12', 12],
  ['LLM_TIMEOUT', 'plugins.llm.timeoutSec', 20, '8', 8],
  ['MAX_PARALLEL_STT', 'plugins.stt.maxParallel', 50, '4', 4],
  ['MAX_PARALLEL_TTS', 'plugins.stt.maxParallelTts', 50, '3', 3],
  ['MAX_PARALLEL_LLM', 'plugins.llm.maxParallel', 10, '2', 2],
  ['PANEL_BASE_URL', 'plugins.panel.baseUrl', '', 'https://panel.example.com', 'https://panel.example.com'],
  ['PANEL_API_TOKEN', 'plugins.panel.apiToken', '', 'panel-token', 'panel-token'],
  ['SMS_API_KEY', 'plugins.sms-alerts.apiKey', '', 'sms-key', 'sms-key'],
  ['SMS_FROM', 'plugins.sms-alerts.from', '', '9982003047', '9982003047'],
  ['SMS_ADMINS', 'plugins.sms-alerts.admins', [], '09369344330, 09120000000', ['09369344330', '09120000000']],
  ['GAPGPT_BASE_URL', 'plugins.llm.baseUrl', 'https://api.gapgpt.app/v1', 'https://llm.local/v1', 'https://llm.local/v1'],
  ['GAPGPT_API_KEY', 'plugins.llm.apiKey', '', 'sk-123', 'sk-123'],
  ['VIRA_STT_TOKEN', 'plugins.stt.vira.sttToken', '', 'stt-jwt', 'stt-jwt'],
  ['VIRA_TTS_TOKEN', 'plugins.stt.vira.ttsToken', '', 'tts-jwt', 'tts-jwt'],
  ['VIRA_STT_URL', 'plugins.stt.vira.sttUrl', 'https://partai.gw.isahab.ir/avanegar/v2/avanegar/request', 'http://127.0.0.1:9/stt', 'http://127.0.0.1:9/stt'],
  ['VIRA_TTS_URL', 'plugins.stt.vira.ttsUrl', 'https://partai.gw.isahab.ir/avasho/v2/avasho/request', 'http://127.0.0.1:9/tts', 'http://127.0.0.1:9/tts'],
  ['VIRA_VERIFY_SSL', 'plugins.stt.vira.verifySsl', true, 'No', false],
  ['OPERATOR_EXTENSION', 'operator.extension', '200', '6005', '6005'],
  ['OPERATOR_TRUNK', 'operator.trunk', 'TO-CUCM-Gaptel', 'op-trunk', 'op-trunk'],
  ['OPERATOR_ENDPOINT', 'operator.endpoint', '', 'Local/6005@from-internal', 'Local/6005@from-internal'],
  ['OPERATOR_CALLER_ID', 'operator.callerId', '1000', '2000', '2000'],
  ['OPERATOR_TIMEOUT', 'operator.timeoutSec', 30, '40', 40],
  ['OPERATOR_MOBILE_NUMBERS', 'operator.mobileNumbers', [], '09121111111,09122222222', ['09121111111', '09122222222']],
  ['USE_PANEL_AGENTS', 'operator.usePanelAgents', false, 'TRUE', true],
  ['AUDIO_SRC_DIR', 'audio.srcDir', 'assets/audio/src', '/opt/audio/src', '/opt/audio/src'],
  ['AUDIO_WAV_DIR', 'audio.wavDir', 'assets/audio/wav', '/opt/audio/wav', '/opt/audio/wav'],
  ['AST_SOUND_DIR', 'asterisk.soundDir', '/var/lib/asterisk/sounds/custom', '/usr/share/asterisk/sounds/custom', '/usr/share/asterisk/sounds/custom'],
  ['LOG_LEVEL', 'log.level', 'info', 'WARNING', 'warn'],
];

describe('legacy .env variables', () => {
  const defaults = load({});

  it('the table covers every legacy variable of the brief, and nothing else', () => {
    const brief = `COMPANY SCENARIOS_DIR SCENARIO ARI_BASE_URL ARI_WS_URL ARI_APP_NAME ARI_USERNAME ARI_PASSWORD OUTBOUND_TRUNK
      OUTBOUND_NUMBERS DEFAULT_CALLER_ID ORIGINATION_TIMEOUT MAX_CONCURRENT_CALLS MAX_CONCURRENT_OUTBOUND_CALLS
      MAX_CONCURRENT_INBOUND_CALLS MAX_CALLS_PER_MINUTE MAX_CALLS_PER_DAY MAX_ORIGINATIONS_PER_SECOND CALL_WINDOW_START
      CALL_WINDOW_END STATIC_CONTACTS DIALER_BATCH_SIZE DIALER_DEFAULT_RETRY HTTP_MAX_CONNECTIONS HTTP_TIMEOUT ARI_TIMEOUT
      STT_TIMEOUT TTS_TIMEOUT LLM_TIMEOUT MAX_PARALLEL_STT MAX_PARALLEL_TTS MAX_PARALLEL_LLM PANEL_BASE_URL PANEL_API_TOKEN
      SMS_API_KEY SMS_FROM SMS_ADMINS FAIL_ALERT_THRESHOLD GAPGPT_BASE_URL GAPGPT_API_KEY VIRA_STT_TOKEN VIRA_TTS_TOKEN
      VIRA_STT_URL VIRA_TTS_URL VIRA_VERIFY_SSL OPERATOR_EXTENSION OPERATOR_TRUNK OPERATOR_ENDPOINT OPERATOR_CALLER_ID
      OPERATOR_TIMEOUT OPERATOR_MOBILE_NUMBERS USE_PANEL_AGENTS AUDIO_SRC_DIR AUDIO_WAV_DIR AST_SOUND_DIR LOG_LEVEL`.split(/\s+/);
    assert.deepEqual([...LEGACY_VAR_NAMES].sort(), [...brief].sort());
    assert.deepEqual(TABLE.map((r) => r[0]).sort(), [...brief].sort());
    for (const [name, path] of TABLE) assert.equal(LEGACY_ENV_VARS[name].target, path, name);
  });

  for (const [name, path, unset, raw, mapped] of TABLE) {
    it(`${name} → ${path}: default ${JSON.stringify(unset)}, "${raw}" gives ${JSON.stringify(mapped)}`, () => {
      assert.deepEqual(at(defaults, path), unset);
      assert.deepEqual(at(load({ [name]: raw }), path), mapped);
    });
  }

  it('engine defaults equal the legacy defaults, except where a documented note explains why', () => {
    for (const name of LEGACY_VAR_NAMES) {
      const spec = LEGACY_ENV_VARS[name];
      if (spec.legacyDefault === null || 'engineDefaultNote' in spec) continue;
      const legacy = spec.parse.parse(spec.legacyDefault);
      assert.deepEqual(at(defaults, spec.target), legacy, `${name}: engine default differs from legacy ${spec.legacyDefault}`);
    }
  });

  it('maps a full legacy .env onto every section at once', () => {
    const env = Object.fromEntries(TABLE.map(([name, , , raw]) => [name, raw]));
    const config = load(env);
    for (const [name, path, , , mapped] of TABLE) assert.deepEqual(at(config, path), mapped, name);
  });

  describe('fallbacks', () => {
    const cases: readonly [string, Record<string, string>, string, unknown][] = [
      ['OPERATOR_TRUNK falls back to OUTBOUND_TRUNK', { OUTBOUND_TRUNK: 'trunk-a' }, 'operator.trunk', 'trunk-a'],
      ['OPERATOR_TRUNK wins when set', { OUTBOUND_TRUNK: 'trunk-a', OPERATOR_TRUNK: 'trunk-b' }, 'operator.trunk', 'trunk-b'],
      ['OPERATOR_CALLER_ID falls back to DEFAULT_CALLER_ID', { DEFAULT_CALLER_ID: '5555' }, 'operator.callerId', '5555'],
      ['OPERATOR_CALLER_ID wins when set', { DEFAULT_CALLER_ID: '5555', OPERATOR_CALLER_ID: '2000' }, 'operator.callerId', '2000'],
      ['DIALER_BATCH_SIZE falls back to MAX_CALLS_PER_MINUTE', { MAX_CALLS_PER_MINUTE: '30' }, 'plugins.dialer.batchSize', 30],
      ['DIALER_BATCH_SIZE wins when set', { MAX_CALLS_PER_MINUTE: '30', DIALER_BATCH_SIZE: '7' }, 'plugins.dialer.batchSize', 7],
      ['MAX_CONCURRENT_OUTBOUND_CALLS unset = 0 = same as MAX_CONCURRENT_CALLS', { MAX_CONCURRENT_CALLS: '9' }, 'lines.limits.concurrentOutbound', 0],
      ['MAX_CONCURRENT_INBOUND_CALLS unset = 0 = same as MAX_CONCURRENT_CALLS', { MAX_CONCURRENT_CALLS: '9' }, 'lines.limits.concurrentInbound', 0],
      ['OPERATOR_TRUNK empty also falls back (an empty trunk cannot dial)', { OUTBOUND_TRUNK: 'trunk-a', OPERATOR_TRUNK: '' }, 'operator.trunk', 'trunk-a'],
      ['OPERATOR_CALLER_ID empty also falls back', { DEFAULT_CALLER_ID: '5555', OPERATOR_CALLER_ID: '' }, 'operator.callerId', '5555'],
      ['COMPANY empty keeps the engine default', { COMPANY: '' }, 'company', 'salehi'],
      ['SCENARIOS_DIR empty keeps the engine default', { SCENARIOS_DIR: '' }, 'scenarios.dir', 'assets/scenarios'],
    ];
    for (const [title, env, path, expected] of cases) {
      it(title, () => assert.deepEqual(at(load(env), path), expected));
    }

    it('the fallback also follows a value that came from the config file layer', () => {
      const config = loadConfig({ env: { SALEHI__lines__trunk: 'trunk-z' }, envFile: null });
      assert.equal(config.operator.trunk, 'trunk-z');
    });
  });

  describe('legacy parsing rules', () => {
    const cases: readonly [string, string, string, unknown][] = [
      ['VIRA_VERIFY_SSL', '0', 'plugins.stt.vira.verifySsl', false],
      ['VIRA_VERIFY_SSL', 'FALSE', 'plugins.stt.vira.verifySsl', false],
      ['VIRA_VERIFY_SSL', 'no', 'plugins.stt.vira.verifySsl', false],
      ['VIRA_VERIFY_SSL', 'off', 'plugins.stt.vira.verifySsl', true],
      ['VIRA_VERIFY_SSL', '', 'plugins.stt.vira.verifySsl', true],
      ['USE_PANEL_AGENTS', 'yes', 'operator.usePanelAgents', false],
      ['USE_PANEL_AGENTS', '1', 'operator.usePanelAgents', false],
      ['USE_PANEL_AGENTS', 'True', 'operator.usePanelAgents', true],
      ['LOG_LEVEL', 'debug', 'log.level', 'debug'],
      ['LOG_LEVEL', 'CRITICAL', 'log.level', 'fatal'],
      ['LOG_LEVEL', 'NOTSET', 'log.level', 'trace'],
      ['MAX_CALLS_PER_DAY', '+300', 'lines.limits.perDay', 300],
      ['CALL_WINDOW_START', ' 08 : 30 ', 'plugins.dialer.callWindow.start', '08:30'],
      ['OUTBOUND_NUMBERS', '', 'lines.numbers', []],
      ['OUTBOUND_NUMBERS', ',,', 'lines.numbers', []],
      ['ARI_PASSWORD', '"quoted"', 'asterisk.ari.password', '"quoted"'],
      ['OPERATOR_ENDPOINT', '', 'operator.endpoint', ''],
      ['PANEL_BASE_URL', '', 'plugins.panel.baseUrl', ''],
    ];
    for (const [name, raw, path, expected] of cases) {
      it(`${name}=${JSON.stringify(raw)} gives ${JSON.stringify(expected)}`, () => assert.deepEqual(at(load({ [name]: raw }), path), expected));
    }
  });

  describe('bad values are errors named by the variable', () => {
    const bad: readonly [string, string, string][] = [
      ['MAX_CALLS_PER_DAY', 'abc', 'env:MAX_CALLS_PER_DAY'],
      ['MAX_CALLS_PER_DAY', '0', 'env:MAX_CALLS_PER_DAY'],
      ['MAX_CALLS_PER_DAY', '10.5', 'env:MAX_CALLS_PER_DAY'],
      ['MAX_CALLS_PER_DAY', '', 'env:MAX_CALLS_PER_DAY'],
      ['MAX_CONCURRENT_CALLS', '0', 'env:MAX_CONCURRENT_CALLS'],
      ['MAX_CONCURRENT_OUTBOUND_CALLS', '-1', 'env:MAX_CONCURRENT_OUTBOUND_CALLS'],
      ['MAX_ORIGINATIONS_PER_SECOND', '0', 'env:MAX_ORIGINATIONS_PER_SECOND'],
      ['MAX_ORIGINATIONS_PER_SECOND', 'inf', 'env:MAX_ORIGINATIONS_PER_SECOND'],
      ['HTTP_TIMEOUT', 'ten', 'env:HTTP_TIMEOUT'],
      ['CALL_WINDOW_START', '25:00', 'env:CALL_WINDOW_START'],
      ['CALL_WINDOW_END', '12:60', 'env:CALL_WINDOW_END'],
      ['CALL_WINDOW_END', 'noon', 'env:CALL_WINDOW_END'],
      ['ARI_BASE_URL', 'not a url', 'env:ARI_BASE_URL'],
      ['ARI_APP_NAME', 'bad app', 'env:ARI_APP_NAME'],
      ['OUTBOUND_TRUNK', '', 'env:OUTBOUND_TRUNK'],
      ['OUTBOUND_NUMBERS', '0211,021&2', 'env:OUTBOUND_NUMBERS[1]'],
      ['STATIC_CONTACTS', '0912/1', 'env:STATIC_CONTACTS[0]'],
      ['SMS_ADMINS', 'admin', 'env:SMS_ADMINS[0]'],
      ['OPERATOR_MOBILE_NUMBERS', '0912;1', 'env:OPERATOR_MOBILE_NUMBERS[0]'],
      ['PANEL_BASE_URL', 'panel.example.com', 'env:PANEL_BASE_URL'],
      ['LOG_LEVEL', 'LOUD', 'env:LOG_LEVEL'],
      ['FAIL_ALERT_THRESHOLD', '0', 'env:FAIL_ALERT_THRESHOLD'],
      ['ORIGINATION_TIMEOUT', '1e3', 'env:ORIGINATION_TIMEOUT'],
    ];
    for (const [name, raw, path] of bad) {
      it(`${name}=${JSON.stringify(raw)} → ${path}`, () => {
        const { issues } = mapLegacyEnv({ [name]: raw });
        assert.deepEqual(issues.map((i) => i.path), [path]);
        assert.ok(issues[0]?.message);
      });
    }

    it('reports every bad variable at once through loadConfig as CE_CONFIG_INVALID', () => {
      const env = { MAX_CALLS_PER_DAY: 'abc', CALL_WINDOW_START: '99:99', ARI_TIMEOUT: '-1', OUTBOUND_NUMBERS: 'x', MAX_CALLS_PER_MINUTE: '5' };
      assert.throws(() => load(env), (err: { code: string; details: { path: string }[] }) => {
        assert.equal(err.code, 'CE_CONFIG_INVALID');
        assert.deepEqual(err.details.map((d) => d.path).sort(), ['env:ARI_TIMEOUT', 'env:CALL_WINDOW_START', 'env:MAX_CALLS_PER_DAY', 'env:OUTBOUND_NUMBERS[0]']);
        return true;
      });
    });
  });

  it('the zod schema of the legacy variables parses a whole environment and ignores other variables', () => {
    const parsed = legacyEnvSchema.parse({ MAX_CALLS_PER_DAY: '300', PATH: '/usr/bin', VIRA_VERIFY_SSL: 'false', COMPANY: '' });
    assert.equal(parsed.MAX_CALLS_PER_DAY, 300);
    assert.equal(parsed.VIRA_VERIFY_SSL, false);
    assert.equal(parsed.COMPANY, undefined);
    const failed = legacyEnvSchema.safeParse({ MAX_CALLS_PER_DAY: 'x', LOG_LEVEL: 'LOUD' });
    assert.deepEqual(failed.error?.issues.map((i) => i.path).sort(), [['LOG_LEVEL'], ['MAX_CALLS_PER_DAY']]);
    assert.ok(!('PATH' in parsed));
  });
});
