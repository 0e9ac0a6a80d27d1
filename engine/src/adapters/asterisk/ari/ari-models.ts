/**
 * Shapes of the ARI JSON this adapter reads (Asterisk 20, `rest-api/*.json` models). Everything is
 * optional on purpose: the data comes over the wire, so readers below never trust a field's presence
 * or type (a malformed event must be dropped, never crash the process).
 */
import type { ChannelState } from '../../../ports/call-event';

export interface AriChannelJson {
  readonly id?: unknown;
  readonly name?: unknown;
  readonly state?: unknown;
  readonly caller?: { readonly name?: unknown; readonly number?: unknown };
  readonly connected?: { readonly name?: unknown; readonly number?: unknown };
  readonly dialplan?: {
    readonly context?: unknown;
    readonly exten?: unknown;
    readonly app_name?: unknown;
    readonly app_data?: unknown;
  };
}

export interface AriBridgeJson {
  readonly id?: unknown;
  readonly channels?: unknown;
}

/** Any ARI message: `type` plus the type's fields. */
export type AriMessage = Readonly<Record<string, unknown>> & { readonly type?: unknown };

export function asRecord(value: unknown): Readonly<Record<string, unknown>> | undefined {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
}

export function str(value: unknown, fallback = ''): string {
  return typeof value === 'string' ? value : fallback;
}

export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

export function strList(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
}

const STATES: Readonly<Record<string, ChannelState>> = {
  Down: 'down',
  Rsrvd: 'reserved',
  Rsrved: 'reserved',
  OffHook: 'off-hook',
  Dialing: 'dialing',
  Ring: 'ring',
  Ringing: 'ringing',
  Up: 'up',
  Busy: 'busy',
  'Dialing Offhook': 'dialing-off-hook',
  'Pre-ring': 'pre-ring',
};

/** `ast_state2str` text → domain state (`Unknown (n)` and anything new → `unknown`). */
export function channelState(value: unknown): ChannelState {
  return (typeof value === 'string' && STATES[value]) || 'unknown';
}

/**
 * ARI timestamps look like `2026-11-22T04:06:43.168+0000` (offset without a colon), which not every
 * Date parser accepts; insert the colon first. Falls back to `fallback` when unparsable.
 */
export function parseAriTimestamp(value: unknown, fallback: number): number {
  if (typeof value !== 'string') return fallback;
  const len = value.length;
  const iso = len > 5 && (value[len - 5] === '+' || value[len - 5] === '-') ? `${value.slice(0, len - 2)}:${value.slice(len - 2)}` : value;
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? fallback : ms;
}

/** `app_data` of a channel in Stasis is `<app>[,<arg>...]`. */
export function stasisAppOf(channel: AriChannelJson): { app: string; args: string[] } | undefined {
  if (str(channel.dialplan?.app_name) !== 'Stasis') return undefined;
  const [app = '', ...args] = str(channel.dialplan?.app_data).split(',');
  return { app, args };
}
