import { compileCallingWindow, legacyCallingWindowSpec, type CompiledWindow, type WindowIssue } from './calling-window.schema';
import { isKnownTimeZone } from './zoned-time';

/**
 * Which calling window a campaign dials in, and where each problem sits: the campaign's own
 * `settings.windows` (read in `settings.timeZone` unless the windows name their own zone), else the
 * dialer's legacy daily window (`plugins.dialer.callWindow` + `holidays`) in the campaign's zone.
 * Every issue's path names the field to fix, so "fail closed" always comes with a reason.
 */

/** The dialer-wide fallback (config). */
export interface CampaignWindowDefaults {
  /** Engine `timezone`: used when the campaign has none. */
  readonly timeZone: string;
  readonly callWindow: { readonly start: string; readonly end: string };
  readonly holidays: readonly string[];
}

/** The parts of `Campaign.settings` that decide the window. */
export interface CampaignWindowSettings {
  readonly timeZone?: string | null;
  readonly windows?: unknown;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function failed(path: (string | number)[], message: string): CompiledWindow {
  return { ok: false, issues: [{ path, message }] };
}

/** Legacy spec issues point at the config keys they came from. */
function legacyPath(issue: WindowIssue): (string | number)[] {
  const [head, ...rest] = issue.path;
  if (head === 'holidays') return ['plugins', 'dialer', 'holidays', ...rest];
  if (head === 'timeZone') return ['settings', 'timeZone'];
  return ['plugins', 'dialer', 'callWindow'];
}

/** The compiled window of a campaign, or its issues with field paths (`settings.windows.days.mon`). */
export function resolveCampaignWindow(settings: CampaignWindowSettings, defaults: CampaignWindowDefaults): CompiledWindow {
  const zone = settings.timeZone || defaults.timeZone;
  const windows = settings.windows;
  const ownZone = isObject(windows) && windows.timeZone !== undefined;
  if (!ownZone && !isKnownTimeZone(zone)) {
    const path = settings.timeZone ? ['settings', 'timeZone'] : ['timezone'];
    return failed(path, `${JSON.stringify(zone)} is not an IANA time zone`);
  }
  if (windows !== undefined && windows !== null) {
    return compileCallingWindow(isObject(windows) && !ownZone ? { ...windows, timeZone: zone } : windows, ['settings', 'windows']);
  }
  const compiled = compileCallingWindow({ ...legacyCallingWindowSpec(defaults.callWindow.start, defaults.callWindow.end, zone), holidays: [...defaults.holidays] });
  if (compiled.ok) return compiled;
  return { ok: false, issues: compiled.issues.map((i) => ({ path: legacyPath(i), message: i.message })) };
}

/** A cheap identity of what `resolveCampaignWindow` reads: when it changes, the window is compiled again. */
export function campaignWindowKey(settings: CampaignWindowSettings): string {
  return `${settings.timeZone ?? ''}\u0000${settings.windows === undefined ? '' : JSON.stringify(settings.windows)}`;
}
