import type { HealthIndicator, HealthReport } from '../ports/health.port';
import type { PluginState, PluginStatus } from '../plugin-host/plugin.types';

/** One component line of `/ready`. */
export interface ComponentReadiness {
  readonly name: string;
  readonly ok: boolean;
  readonly detail?: string;
}

/** One plugin line of `/ready`. */
export interface PluginReadiness {
  readonly id: string;
  readonly state: PluginState;
  readonly optional: boolean;
  readonly errorCode?: string;
}

export interface ReadinessReport {
  readonly ready: boolean;
  readonly components: readonly ComponentReadiness[];
  readonly plugins: readonly PluginReadiness[];
  /** One human line per reason the engine is not ready; empty when ready. */
  readonly reasons: readonly string[];
}

export interface ReadinessOptions {
  /** A check slower than this counts as failed, so a hung AMI socket cannot hang `/ready` (default 2000). */
  readonly timeoutMs?: number;
  /** Called when a check throws or times out (the HTTP layer logs it; the report shows only a short detail). */
  readonly onCheckError?: (name: string, err: unknown) => void;
}

const DEFAULT_TIMEOUT_MS = 2000;
const MAX_DETAIL = 200;

/**
 * Readiness = every indicator ok AND every non-optional plugin `started`. An optional plugin (e.g.
 * sms-alerts) is listed but never blocks: its failure must not take the dialer out of rotation.
 */
export async function evaluateReadiness(
  indicators: readonly HealthIndicator[],
  plugins: readonly PluginStatus[],
  opts: ReadinessOptions = {},
): Promise<ReadinessReport> {
  const components = await Promise.all(indicators.map((i) => runCheck(i, opts)));
  const reasons: string[] = [];
  for (const c of components) {
    if (!c.ok) reasons.push(`component '${c.name}' is not ok${c.detail ? `: ${c.detail}` : ''}`);
  }
  const pluginLines = plugins.map(toPluginReadiness);
  for (const p of pluginLines) {
    if (p.optional || p.state === 'started') continue;
    reasons.push(`plugin '${p.id}' is ${p.state}${p.errorCode ? ` (${p.errorCode})` : ''}`);
  }
  return { ready: reasons.length === 0, components, plugins: pluginLines, reasons };
}

function toPluginReadiness(p: PluginStatus): PluginReadiness {
  return p.errorCode === undefined
    ? { id: p.id, state: p.state, optional: p.optional }
    : { id: p.id, state: p.state, optional: p.optional, errorCode: p.errorCode };
}

async function runCheck(indicator: HealthIndicator, opts: ReadinessOptions): Promise<ComponentReadiness> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => {
    timer = setTimeout(() => resolve('timeout'), timeoutMs);
  });
  try {
    const report = await Promise.race([Promise.resolve().then(() => indicator.check()), timeout]);
    if (report === 'timeout') {
      opts.onCheckError?.(indicator.name, new Error(`health check timed out after ${timeoutMs} ms`));
      return { name: indicator.name, ok: false, detail: `check timed out after ${timeoutMs} ms` };
    }
    return toComponent(indicator.name, report);
  } catch (err) {
    // The thrown text may hold internals (hosts, SQL); the report only says the check failed.
    opts.onCheckError?.(indicator.name, err);
    return { name: indicator.name, ok: false, detail: 'check failed' };
  } finally {
    clearTimeout(timer);
  }
}

function toComponent(name: string, report: HealthReport): ComponentReadiness {
  const ok = report?.ok === true;
  const detail = typeof report?.detail === 'string' ? report.detail.slice(0, MAX_DETAIL) : undefined;
  return detail === undefined ? { name, ok } : { name, ok, detail };
}
