import { z } from 'zod';
import type { ConfigIssue } from './config-issues';
import { joinPath } from './config-issues';
import { setPath, type PlainObject } from './object-path';
import {
  legacyInt, legacyLogLevel, legacyNonEmpty, legacyNumberList, legacyOnlyTrue, legacyOptionalUrl,
  legacyPositiveNumber, legacyScenarioList, legacyText, legacyTime, legacyTrueUnlessFalsy, legacyUrl,
} from './legacy-parsers';

/**
 * Every variable of the legacy Python engine's `.env` (saeidmoini/salehi `config/settings.py`, newest
 * versions), with where it lands in the engine config and its legacy default. The defaults themselves live
 * in config.schema.ts (engine sections) and legacy-plugins.ts (plugin slices); `legacyDefault` here is the
 * documentation of what legacy used; the tests check that both agree except where `engineDefaultNote`
 * explains a deliberate difference.
 */
export interface LegacyVar {
  /** Dotted config path the value lands at (`plugins.sms-alerts.admins`). */
  readonly target: string;
  readonly parse: z.ZodType<unknown, string>;
  /** The legacy default as text; `null` when legacy had none of its own (see `fallback`). */
  readonly legacyDefault: string | null;
  /** Legacy falls back to this other variable when unset (resolved by `applyDerivedDefaults`). */
  readonly fallback?: string;
  /** An empty value means "not set" (legacy used the empty string as "no filter / default"). */
  readonly emptyIsUnset?: boolean;
  /** Why the engine's default deliberately differs from the legacy one (documented in configuration.md). */
  readonly engineDefaultNote?: string;
}

function v(target: string, parse: z.ZodType<unknown, string>, legacyDefault: string | null, extra: Partial<LegacyVar> = {}): LegacyVar {
  return { target, parse, legacyDefault, ...extra };
}

export const LEGACY_ENV_VARS = {
  COMPANY: v('company', legacyNonEmpty(), '', {
    emptyIsUnset: true,
    engineDefaultNote: "the engine always has a company name (default 'salehi'); legacy '' meant no scenario filter",
  }),
  SCENARIOS_DIR: v('scenarios.dir', legacyNonEmpty(), 'config/scenarios', {
    emptyIsUnset: true,
    engineDefaultNote: "scenario files live in assets/scenarios in this repository's layout",
  }),
  SCENARIO: v('scenarios.enabled', legacyScenarioList(), 'salehi', {
    engineDefaultNote: 'unset = every loaded scenario is enabled, as in the newest legacy (multi-scenario) versions',
  }),
  ARI_BASE_URL: v('asterisk.ari.url', legacyUrl(), 'http://127.0.0.1:8088/ari'),
  ARI_WS_URL: v('asterisk.ari.wsUrl', legacyUrl(), 'ws://127.0.0.1:8088/ari/events'),
  ARI_APP_NAME: v('asterisk.ari.app', legacyNonEmpty().pipe(z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'letters, digits, - and _ only' })), 'salehi'),
  ARI_USERNAME: v('asterisk.ari.username', legacyNonEmpty(), 'salehi'),
  ARI_PASSWORD: v('asterisk.ari.password', legacyText(), 'changeme'),
  ARI_TIMEOUT: v('asterisk.ari.requestTimeoutSec', legacyPositiveNumber(), '10'),
  OUTBOUND_TRUNK: v('lines.trunk', legacyNonEmpty(), 'TO-CUCM-Gaptel'),
  OUTBOUND_NUMBERS: v('lines.numbers', legacyNumberList(), ''),
  DEFAULT_CALLER_ID: v('lines.defaultCallerId', legacyText(), '1000'),
  ORIGINATION_TIMEOUT: v('lines.originationTimeoutSec', legacyInt(1), '30'),
  MAX_CONCURRENT_CALLS: v('lines.limits.concurrent', legacyInt(1), '2'),
  MAX_CONCURRENT_OUTBOUND_CALLS: v('lines.limits.concurrentOutbound', legacyInt(0), null, { fallback: 'MAX_CONCURRENT_CALLS' }),
  MAX_CONCURRENT_INBOUND_CALLS: v('lines.limits.concurrentInbound', legacyInt(0), null, { fallback: 'MAX_CONCURRENT_CALLS' }),
  MAX_CALLS_PER_MINUTE: v('lines.limits.perMinute', legacyInt(1), '10'),
  MAX_CALLS_PER_DAY: v('lines.limits.perDay', legacyInt(1), '200'),
  MAX_ORIGINATIONS_PER_SECOND: v('lines.limits.perSecond', legacyPositiveNumber(), '3'),
  CALL_WINDOW_START: v('plugins.dialer.callWindow.start', legacyTime(), '00:00'),
  CALL_WINDOW_END: v('plugins.dialer.callWindow.end', legacyTime(), '23:59'),
  STATIC_CONTACTS: v('plugins.dialer.staticContacts', legacyNumberList(), ''),
  DIALER_BATCH_SIZE: v('plugins.dialer.batchSize', legacyInt(1), null, { fallback: 'MAX_CALLS_PER_MINUTE' }),
  DIALER_DEFAULT_RETRY: v('plugins.dialer.defaultRetrySec', legacyInt(0), '60'),
  FAIL_ALERT_THRESHOLD: v('plugins.dialer.failAlertThreshold', legacyInt(1), '3'),
  HTTP_MAX_CONNECTIONS: v('httpClient.maxConnections', legacyInt(1), '100'),
  HTTP_TIMEOUT: v('httpClient.timeoutSec', legacyPositiveNumber(), '10'),
  STT_TIMEOUT: v('plugins.stt.timeoutSec', legacyPositiveNumber(), '30'),
  TTS_TIMEOUT: v('plugins.stt.ttsTimeoutSec', legacyPositiveNumber(), '30'),
  LLM_TIMEOUT: v('plugins.llm.timeoutSec', legacyPositiveNumber(), '20'),
  MAX_PARALLEL_STT: v('plugins.stt.maxParallel', legacyInt(1), '50'),
  MAX_PARALLEL_TTS: v('plugins.stt.maxParallelTts', legacyInt(1), '50'),
  MAX_PARALLEL_LLM: v('plugins.llm.maxParallel', legacyInt(1), '10'),
  PANEL_BASE_URL: v('plugins.panel.baseUrl', legacyOptionalUrl(), ''),
  PANEL_API_TOKEN: v('plugins.panel.apiToken', legacyText(), ''),
  SMS_API_KEY: v('plugins.sms-alerts.apiKey', legacyText(), ''),
  SMS_FROM: v('plugins.sms-alerts.from', legacyText(), ''),
  SMS_ADMINS: v('plugins.sms-alerts.admins', legacyNumberList(), ''),
  GAPGPT_BASE_URL: v('plugins.llm.baseUrl', legacyUrl(), 'https://api.gapgpt.app/v1'),
  GAPGPT_API_KEY: v('plugins.llm.apiKey', legacyText(), ''),
  VIRA_STT_TOKEN: v('plugins.stt.vira.sttToken', legacyText(), ''),
  VIRA_TTS_TOKEN: v('plugins.stt.vira.ttsToken', legacyText(), ''),
  VIRA_STT_URL: v('plugins.stt.vira.sttUrl', legacyUrl(), 'https://partai.gw.isahab.ir/avanegar/v2/avanegar/request'),
  VIRA_TTS_URL: v('plugins.stt.vira.ttsUrl', legacyUrl(), 'https://partai.gw.isahab.ir/avasho/v2/avasho/request'),
  VIRA_VERIFY_SSL: v('plugins.stt.vira.verifySsl', legacyTrueUnlessFalsy(), 'true'),
  OPERATOR_EXTENSION: v('operator.extension', legacyText(), '200'),
  // Empty = use the fallback: an empty trunk cannot dial (legacy built `PJSIP/200@`).
  OPERATOR_TRUNK: v('operator.trunk', legacyText(), null, { fallback: 'OUTBOUND_TRUNK', emptyIsUnset: true }),
  OPERATOR_ENDPOINT: v('operator.endpoint', legacyText(), ''),
  OPERATOR_CALLER_ID: v('operator.callerId', legacyText(), null, { fallback: 'DEFAULT_CALLER_ID', emptyIsUnset: true }),
  OPERATOR_TIMEOUT: v('operator.timeoutSec', legacyInt(1), '30'),
  OPERATOR_MOBILE_NUMBERS: v('operator.mobileNumbers', legacyNumberList(), ''),
  USE_PANEL_AGENTS: v('operator.usePanelAgents', legacyOnlyTrue(), 'false'),
  AUDIO_SRC_DIR: v('audio.srcDir', legacyNonEmpty(), 'assets/audio/src'),
  AUDIO_WAV_DIR: v('audio.wavDir', legacyNonEmpty(), 'assets/audio/wav'),
  AST_SOUND_DIR: v('asterisk.soundDir', legacyNonEmpty(), '/var/lib/asterisk/sounds/custom'),
  LOG_LEVEL: v('log.level', legacyLogLevel(), 'INFO'),
} as const satisfies Record<string, LegacyVar>;

export type LegacyVarName = keyof typeof LEGACY_ENV_VARS;
export const LEGACY_VAR_NAMES = Object.keys(LEGACY_ENV_VARS) as LegacyVarName[];

/** One variable's schema: its parser, with an empty value read as "not set" where that is its meaning. */
function variableSchema(spec: LegacyVar): z.ZodType<unknown, string> {
  return spec.emptyIsUnset ? z.literal('').transform(() => undefined).or(spec.parse) : spec.parse;
}

/** The zod schema of the legacy variables (all optional; other environment variables pass through). */
export const legacyEnvSchema = z.object(
  Object.fromEntries(LEGACY_VAR_NAMES.map((name) => [name, variableSchema(LEGACY_ENV_VARS[name]).optional()])),
);

export interface LegacyEnvResult {
  /** The config layer built from the legacy variables that are set and valid. */
  readonly layer: PlainObject;
  /** One issue per bad variable, with path `env:<NAME>` (or `env:<NAME>[i]` for a bad list item). */
  readonly issues: ConfigIssue[];
  /** Config path → the variable that set it (to explain overrides and annotate later errors). */
  readonly sources: ReadonlyMap<string, string>;
}

/** Validates every legacy variable that is set and maps it onto its config path. All errors at once. */
export function mapLegacyEnv(env: Readonly<Record<string, string | undefined>>): LegacyEnvResult {
  const layer: PlainObject = {};
  const issues: ConfigIssue[] = [];
  const sources = new Map<string, string>();
  for (const name of LEGACY_VAR_NAMES) {
    const spec: LegacyVar = LEGACY_ENV_VARS[name];
    const raw = env[name];
    if (raw === undefined) continue;
    const parsed = variableSchema(spec).safeParse(raw);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) issues.push({ path: joinPath(`env:${name}`, issue.path), message: issue.message });
      continue;
    }
    if (parsed.data === undefined) continue;
    setPath(layer, spec.target.split('.'), parsed.data);
    sources.set(spec.target, name);
  }
  return { layer, issues, sources };
}
