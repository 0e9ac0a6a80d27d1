import type { PlainObject } from './object-path';

/**
 * The legacy defaults of the values that belong to plugin slices (`plugins.<id>`). The engine schema
 * types plugin slices as open objects, so these defaults cannot live in config.schema.ts; they form the
 * lowest config layer instead, so a deployment that sets none of the legacy variables still gets every
 * legacy value in its slice. Plugin `configSchema`s should use the same values as their own defaults.
 *
 * `plugins.dialer.batchSize` is absent on purpose: legacy DIALER_BATCH_SIZE falls back to
 * MAX_CALLS_PER_MINUTE, which `applyDerivedDefaults` resolves after all layers are merged.
 */
export const LEGACY_PLUGIN_DEFAULTS = {
  dialer: {
    staticContacts: [] as string[],
    defaultRetrySec: 60,
    callWindow: { start: '00:00', end: '23:59' },
    failAlertThreshold: 3,
  },
  stt: {
    vira: {
      sttUrl: 'https://partai.gw.isahab.ir/avanegar/v2/avanegar/request',
      sttToken: '',
      ttsUrl: 'https://partai.gw.isahab.ir/avasho/v2/avasho/request',
      ttsToken: '',
      verifySsl: true,
    },
    timeoutSec: 30,
    ttsTimeoutSec: 30,
    maxParallel: 50,
    maxParallelTts: 50,
  },
  llm: { baseUrl: 'https://api.gapgpt.app/v1', apiKey: '', timeoutSec: 20, maxParallel: 10 },
  panel: { baseUrl: '', apiToken: '' },
  'sms-alerts': { apiKey: '', from: '', admins: [] as string[] },
} as const;

/** A fresh deep copy (the constant above must never be shared into a config that is later frozen). */
export function legacyPluginDefaultsLayer(): PlainObject {
  return { plugins: JSON.parse(JSON.stringify(LEGACY_PLUGIN_DEFAULTS)) as PlainObject };
}

function isSet(env: Readonly<Record<string, string | undefined>>, name: string): boolean {
  const value = env[name];
  return value !== undefined && value !== '';
}

/**
 * Which of the AVAILABLE plugins the legacy engine would have run with this environment:
 * - `dialer`, `stt`, `llm`: always (legacy always built its dialer, Vira and GapGPT clients);
 * - `panel`: when PANEL_BASE_URL AND PANEL_API_TOKEN are both non-empty (legacy `main.py` created the
 *   panel client only then; with either empty it dialled STATIC_CONTACTS instead);
 * - `sms-alerts`: when SMS_API_KEY is non-empty (without a key every legacy send failed).
 * Ids not in `availablePluginIds` are never returned: enabling a plugin that is not installed would stop boot.
 */
export function legacyEnabledPlugins(
  env: Readonly<Record<string, string | undefined>>,
  availablePluginIds: readonly string[],
): string[] {
  const wanted = new Set(['dialer', 'stt', 'llm']);
  if (isSet(env, 'PANEL_BASE_URL') && isSet(env, 'PANEL_API_TOKEN')) wanted.add('panel');
  if (isSet(env, 'SMS_API_KEY')) wanted.add('sms-alerts');
  return availablePluginIds.filter((id) => wanted.has(id));
}
