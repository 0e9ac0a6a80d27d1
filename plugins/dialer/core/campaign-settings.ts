import type { z } from 'zod';
import type { WindowIssue } from './calling-window.schema';
import { resolveCampaignWindow } from './calling-window.campaign';
import { campaignCapsSchema, type CampaignCaps } from './campaign-caps';
import { retryPolicySchema, type RetryPolicy } from './retry-policy';
import { isKnownTimeZone } from './zoned-time';

/**
 * Validation of a campaign's settings (PRODUCT.md §2): the zone, the calling windows read in that
 * zone, the retry policy and the caps. The same functions judge an API request (paths as in the body:
 * `windows.days.mon[0]`, `retryPolicy.rules.busy.delaySec`) and settings already stored (paths under
 * `settings.`), so the message always names the field to fix.
 */

export type SettingsIssue = WindowIssue;
type Path = readonly (string | number)[];

export type Parsed<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly issues: readonly SettingsIssue[] };

/** The settings fields judged here; `null` or absent = not set. */
export interface CampaignSettingsDraft {
  readonly timeZone?: unknown;
  readonly lines?: unknown;
  readonly windows?: unknown;
  readonly retryPolicy?: unknown;
  readonly caps?: unknown;
}

export interface SettingsContext {
  /** Engine `timezone`: the zone of a campaign that names none. */
  readonly defaultTimeZone: string;
  /** Configured outbound lines; a campaign may only name these. */
  readonly lines: readonly string[];
}

/** zod issues as field issues under `path`; an unknown key gets its own path (`caps.perWeek`). */
export function zodIssues(error: z.ZodError, path: Path): SettingsIssue[] {
  return error.issues.flatMap((i): SettingsIssue[] => {
    const at = [...path, ...i.path.map((p) => (typeof p === 'symbol' ? String(p) : p))];
    if (i.code === 'unrecognized_keys') return i.keys.map((k) => ({ path: [...at, k], message: `unknown field "${k}"` }));
    if (i.code === 'invalid_key') return [{ path: at, message: i.issues[0]?.message ?? i.message }];
    return [{ path: at, message: i.message }];
  });
}

function parseWith<T>(schema: z.ZodType<T>, value: unknown, path: Path): Parsed<T> {
  const r = schema.safeParse(value);
  return r.success ? { ok: true, value: r.data } : { ok: false, issues: zodIssues(r.error, path) };
}

/** A campaign's `retryPolicy`; null/absent → `{ ok: true, value: undefined }` (the plugin's applies). */
export function parseRetryPolicy(value: unknown, path: Path = ['retryPolicy']): Parsed<RetryPolicy | undefined> {
  return value === undefined || value === null ? { ok: true, value: undefined } : parseWith(retryPolicySchema, value, path);
}

/** A campaign's `caps`; null/absent → no caps. */
export function parseCampaignCaps(value: unknown, path: Path = ['caps']): Parsed<CampaignCaps> {
  return value === undefined || value === null ? { ok: true, value: {} } : parseWith(campaignCapsSchema, value, path);
}

function key(path: Path): string {
  return path.join('\u0000');
}

/** Zone and windows, the windows read in the campaign's zone (the dial loop's own function). */
function windowIssues(s: CampaignSettingsDraft, ctx: SettingsContext): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  if (s.timeZone !== undefined && s.timeZone !== null && !isKnownTimeZone(s.timeZone)) {
    issues.push({ path: ['timeZone'], message: `${JSON.stringify(s.timeZone)} is not an IANA time zone` });
  }
  // The dialer's legacy window (config, validated at boot) stands in for absent windows: only the
  // campaign's own fields are judged here, so no config path can appear.
  const defaults = { timeZone: ctx.defaultTimeZone, callWindow: { start: '00:00', end: '23:59' }, holidays: [] };
  // A bad zone is reported above; the windows are then still checked (in the default zone).
  const zone = isKnownTimeZone(s.timeZone) ? s.timeZone : null;
  const compiled = resolveCampaignWindow({ timeZone: zone, windows: s.windows }, defaults);
  if (!compiled.ok) {
    const seen = new Set(issues.map((i) => key(i.path)));
    for (const i of compiled.issues) {
      const path = i.path[0] === 'settings' ? i.path.slice(1) : i.path;
      if (!seen.has(key(path))) issues.push({ path, message: i.message });
    }
  }
  return issues;
}

function lineIssues(lines: unknown, configured: readonly string[]): SettingsIssue[] {
  if (lines === undefined || lines === null) return [];
  if (!Array.isArray(lines)) return [{ path: ['lines'], message: 'expected a list of line numbers' }];
  return lines.flatMap((l, i): SettingsIssue[] =>
    typeof l === 'string' && configured.includes(l) ? [] : [{ path: ['lines', i], message: `${JSON.stringify(l)} is not a configured outbound line` }],
  );
}

/** `windows.days.mon[0]`: a path as the admin writes it. */
export function fieldPath(path: Path): string {
  return path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

/** Every problem of the settings, each with its body path; empty = the settings can be stored. */
export function campaignSettingsIssues(s: CampaignSettingsDraft, ctx: SettingsContext): SettingsIssue[] {
  const policy = parseRetryPolicy(s.retryPolicy);
  const caps = parseCampaignCaps(s.caps);
  return [
    ...windowIssues(s, ctx),
    ...lineIssues(s.lines, ctx.lines),
    ...(policy.ok ? [] : policy.issues),
    ...(caps.ok ? [] : caps.issues),
  ];
}
