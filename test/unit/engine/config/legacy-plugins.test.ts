import assert from 'node:assert/strict';
import { LEGACY_PLUGIN_DEFAULTS, legacyEnabledPlugins } from '../../../../engine/src/config/legacy-plugins';
import { LEGACY_ENV_VARS, LEGACY_VAR_NAMES } from '../../../../engine/src/config/legacy-env';
import { getPath } from '../../../../engine/src/config/object-path';

describe('legacyEnabledPlugins', () => {
  const all = ['dialer', 'stt', 'llm', 'panel', 'sms-alerts', 'other'];
  const cases: readonly [string, Record<string, string>, readonly string[], string[]][] = [
    ['an empty environment runs dialer, stt and llm', {}, all, ['dialer', 'stt', 'llm']],
    ['panel needs both PANEL_BASE_URL and PANEL_API_TOKEN', { PANEL_BASE_URL: 'https://p', PANEL_API_TOKEN: 't' }, all, ['dialer', 'stt', 'llm', 'panel']],
    ['panel URL alone is not enough (legacy dialled STATIC_CONTACTS)', { PANEL_BASE_URL: 'https://p' }, all, ['dialer', 'stt', 'llm']],
    ['panel token alone is not enough', { PANEL_API_TOKEN: 't' }, all, ['dialer', 'stt', 'llm']],
    ['empty values count as unset', { PANEL_BASE_URL: '', PANEL_API_TOKEN: '', SMS_API_KEY: '' }, all, ['dialer', 'stt', 'llm']],
    ['sms-alerts with SMS_API_KEY', { SMS_API_KEY: 'k' }, all, ['dialer', 'stt', 'llm', 'sms-alerts']],
    ['only available ids are returned, in their order', { SMS_API_KEY: 'k' }, ['sms-alerts', 'llm'], ['sms-alerts', 'llm']],
    ['nothing available, nothing enabled', { SMS_API_KEY: 'k' }, [], []],
  ];
  for (const [title, env, available, expected] of cases) {
    it(title, () => assert.deepEqual(legacyEnabledPlugins(env, available), expected));
  }
});

describe('LEGACY_PLUGIN_DEFAULTS', () => {
  it('holds the legacy default of every legacy variable that lands in a plugin slice', () => {
    for (const name of LEGACY_VAR_NAMES) {
      const spec = LEGACY_ENV_VARS[name];
      if (!spec.target.startsWith('plugins.') || spec.legacyDefault === null) continue;
      const value = getPath(LEGACY_PLUGIN_DEFAULTS, spec.target.split('.').slice(1));
      assert.deepEqual(value, spec.parse.parse(spec.legacyDefault), name);
    }
  });

  it('leaves dialer.batchSize to the MAX_CALLS_PER_MINUTE fallback', () => {
    assert.ok(!('batchSize' in LEGACY_PLUGIN_DEFAULTS.dialer));
  });
});
