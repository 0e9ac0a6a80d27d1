import type { z } from 'zod';
import { EngineError, isEngineError, type ErrorCode } from '../errors';
import { configSchema, type EngineConfig } from './config.schema';
import { formatIssues, joinPath, zodIssues, type ConfigIssue } from './config-issues';
import { buildLayers, pathsOverlap, type ConfigLayers, type LoadConfigOptions } from './config-layers';
import type { Alternative } from './env-overrides';
import { deepFreeze, deepMerge, isPlainObject, replaceAt, type PlainObject } from './object-path';
import { maskSecrets } from './secrets';
import type { YamlProblem } from './yaml-config-file';

export type { LoadConfigOptions } from './config-layers';

type ParseResult = ReturnType<typeof configSchema.safeParse>;

/**
 * Parses the merged layers. When the schema rejects a value for its TYPE and that value has another
 * reading (a `${PORT}` that is the number 9000, a SALEHI__ token `12345678` that must stay text), the
 * other reading is tried once. Anything else is reported as is.
 */
function parseWithAlternatives(merged: PlainObject, alternatives: ReadonlyMap<string, Alternative>): ParseResult {
  const first = configSchema.safeParse(merged);
  if (first.success || alternatives.size === 0) return first;
  const retry = deepMerge({}, merged);
  let changed = false;
  for (const issue of first.error.issues) {
    const alt = issue.code === 'invalid_type' ? alternatives.get(joinPath('', issue.path)) : undefined;
    if (!alt) continue;
    replaceAt(retry, alt.segments, alt.value);
    changed = true;
  }
  return changed ? configSchema.safeParse(retry) : first;
}

/** Names the environment variable behind a bad value, so the admin knows where to look. */
function annotate(issues: ConfigIssue[], envSources: ReadonlyMap<string, string>): ConfigIssue[] {
  return issues.map((issue) => {
    const source = [...envSources].reverse().find(([path]) => pathsOverlap(issue.path, path));
    return source ? { path: issue.path, message: `${issue.message} (set by ${source[1]})` } : issue;
  });
}

/**
 * The legacy fallbacks, applied whatever layer set the values: OPERATOR_TRUNK falls back to OUTBOUND_TRUNK,
 * OPERATOR_CALLER_ID to DEFAULT_CALLER_ID, DIALER_BATCH_SIZE to MAX_CALLS_PER_MINUTE.
 */
export function applyDerivedDefaults(config: EngineConfig): EngineConfig {
  const operator = { ...config.operator, trunk: config.operator.trunk ?? config.lines.trunk, callerId: config.operator.callerId ?? config.lines.defaultCallerId };
  const plugins = { ...config.plugins };
  const dialer = plugins.dialer;
  if (dialer && isPlainObject(dialer) && dialer.batchSize === undefined) plugins.dialer = { ...dialer, batchSize: config.lines.limits.perMinute };
  return { ...config, operator, plugins };
}

function validate(layers: ConfigLayers): EngineConfig {
  const parsed = parseWithAlternatives(layers.merged, layers.alternatives);
  const schemaIssues = parsed.success ? [] : annotate(zodIssues(parsed.error as z.ZodError), layers.envSources);
  const issues = [...layers.issues, ...schemaIssues];
  if (issues.length > 0 || !parsed.success) {
    const where = layers.configPath ? ` (file ${layers.configPath} plus environment)` : ' (environment only)';
    throw new EngineError('CE_CONFIG_INVALID', `The configuration is invalid${where}, ${issues.length} problem(s):\n${formatIssues(issues)}`, {
      details: issues,
    });
  }
  return applyDerivedDefaults(parsed.data);
}

/**
 * Loads the engine config, synchronously (it runs once at boot and in `check-config`, before anything
 * else is up). Sources, lowest precedence first:
 *   schema defaults < legacy plugin defaults + legacy-enabled plugins < config file < legacy .env
 *   variables (real environment over the `.env` file) < SALEHI__ overrides.
 * The result is validated by `configSchema`, completed with the legacy fallbacks and deep-frozen.
 * This is the only code that reads `process.env`.
 *
 * @throws EngineError CE_CONFIG_FILE_NOT_FOUND, CE_CONFIG_FILE_PARSE (details: every YAML error with line and
 *   column) or CE_CONFIG_INVALID (details: `ConfigIssue[]`, every problem at once).
 */
export function loadConfig(options: LoadConfigOptions = {}): EngineConfig {
  return deepFreeze(validate(buildLayers(options)));
}

export interface CheckConfigOk {
  readonly ok: true;
  readonly config: EngineConfig;
  /** The config with every secret replaced by `***`, safe to print. */
  readonly masked: EngineConfig;
  readonly configPath?: string;
  /** Remarks such as "this file value is replaced by an environment variable". */
  readonly notes: readonly string[];
}

export interface CheckConfigFailed {
  readonly ok: false;
  readonly code: ErrorCode;
  readonly issues: readonly ConfigIssue[];
}

export type CheckConfigResult = CheckConfigOk | CheckConfigFailed;

function issuesOf(err: EngineError): ConfigIssue[] {
  if (err.code === 'CE_CONFIG_INVALID') return err.details as ConfigIssue[];
  if (err.code === 'CE_CONFIG_FILE_PARSE') {
    return (err.details as YamlProblem[]).map((p) => ({ path: `${p.path}:${p.line}:${p.col}`, message: p.message }));
  }
  return [{ path: (err.details as { path?: string } | undefined)?.path ?? '(config file)', message: err.message }];
}

/** For the CLI `check-config` command: never throws for config problems, returns them all instead. */
export function checkConfig(options: LoadConfigOptions = {}): CheckConfigResult {
  try {
    const layers = buildLayers(options);
    const config = deepFreeze(validate(layers));
    return { ok: true, config, masked: maskSecrets(config), configPath: layers.configPath, notes: layers.notes };
  } catch (err) {
    if (isEngineError(err) && err.code.startsWith('CE_CONFIG_')) return { ok: false, code: err.code, issues: issuesOf(err) };
    throw err;
  }
}
