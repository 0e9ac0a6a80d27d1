/**
 * Reconcile after every (re)connect. While the event socket was down Asterisk dropped our events but
 * kept the channels (PROTOCOLS.md §2.2: channels stay in Stasis and can be controlled again after a
 * reconnect with the same app name, with no StasisStart replayed; after an Asterisk restart there
 * are none). So, with the engine's ownership from the `ChannelDirectory`:
 * - owned and still there     → `call.readopted` (the session carries on; its missed events are lost);
 * - owned and gone            → `call.ended` cause 0 `vanished` (its real end was never seen);
 * - there and owned by nobody → hung up (a stray from a crashed engine or a lost originate answer).
 *
 * The second half of an owned Local channel (`…;2`) is never hung up: that would end the owned call.
 * An owned channel whose originate is still in flight has not vanished: it may not exist yet.
 */
import type { CallEvent } from '../../../ports/call-event';
import type { TelephonyChannel } from '../../../ports/telephony.port';

export interface ReconcilePlan {
  readonly readopt: readonly TelephonyChannel[];
  readonly settle: readonly TelephonyChannel[];
  readonly vanished: readonly string[];
}

/** `Local/100@ctx-0000000f;1` → `Local/100@ctx-0000000f` (both halves share it); undefined for other technologies. */
function localPairName(name: string): string | undefined {
  if (!name.startsWith('Local/')) return undefined;
  const semi = name.lastIndexOf(';');
  return semi > 0 ? name.slice(0, semi) : undefined;
}

export interface Ownership {
  /** Owned before the listing was requested. */
  readonly before: ReadonlySet<string>;
  /** Owned after the listing arrived. */
  readonly after: ReadonlySet<string>;
  /** Originates sent but not answered yet. */
  readonly inFlight: ReadonlySet<string>;
}

/**
 * Pure decision. A channel only vanished if it was owned both before and after the listing (a call
 * that began meanwhile is not in the listing yet); a stray is only a stray if nobody owned it after.
 */
export function planReconcile(channels: readonly TelephonyChannel[], own: Ownership): ReconcilePlan {
  const listed = new Set(channels.map((c) => c.channelId));
  const readopt = channels.filter((c) => own.after.has(c.channelId));
  const ownedPairs = new Set(readopt.map((c) => localPairName(c.name)).filter((n): n is string => n !== undefined));
  const isOtherHalf = (c: TelephonyChannel): boolean => {
    const pair = localPairName(c.name);
    return (pair !== undefined && ownedPairs.has(pair)) || [...own.after].some((id) => c.channelId.startsWith(`${id};`));
  };
  const settle = channels.filter((c) => !own.after.has(c.channelId) && !own.inFlight.has(c.channelId) && !isOtherHalf(c));
  const vanished = [...own.before].filter((id) => own.after.has(id) && !listed.has(id) && !own.inFlight.has(id));
  return { readopt, settle, vanished };
}

export interface ReconcileDeps {
  listChannels(): Promise<TelephonyChannel[]>;
  ownedChannelIds(): Iterable<string>;
  inFlight(): ReadonlySet<string>;
  /** Hangs a stray channel up; false when it was already gone. */
  hangup(channelId: string): Promise<boolean>;
  emit(event: CallEvent): void;
  now(): number;
  /** Waits before strays are hung up, so a StasisStart still in flight can register its session first. */
  settleDelay(): Promise<void>;
}

export interface ReconcileSummary {
  readonly readopted: number;
  readonly settled: number;
  readonly vanished: number;
  /** Strays whose hangup failed (they are retried at the next reconcile). */
  readonly failed: number;
}

export async function runReconcile(deps: ReconcileDeps): Promise<ReconcileSummary> {
  const before = new Set(deps.ownedChannelIds());
  const channels = await deps.listChannels();
  const plan = planReconcile(channels, { before, after: new Set(deps.ownedChannelIds()), inFlight: deps.inFlight() });
  for (const c of plan.readopt) {
    deps.emit({ type: 'call.readopted', at: deps.now(), channelId: c.channelId, state: c.state, inApplication: c.inApplication });
  }
  for (const channelId of plan.vanished) {
    deps.emit({ type: 'call.ended', at: deps.now(), channelId, cause: 0, causeText: 'Unknown', vanished: true });
  }
  let strays: readonly TelephonyChannel[] = plan.settle;
  if (strays.length > 0) {
    await deps.settleDelay();
    const ownedNow = new Set(deps.ownedChannelIds());
    const inFlight = deps.inFlight();
    strays = strays.filter((c) => !ownedNow.has(c.channelId) && !inFlight.has(c.channelId));
  }
  const results = await Promise.allSettled(strays.map((c) => deps.hangup(c.channelId)));
  const failed = results.filter((r) => r.status === 'rejected').length;
  return { readopted: plan.readopt.length, settled: strays.length - failed, vanished: plan.vanished.length, failed };
}
