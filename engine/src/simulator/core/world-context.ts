import type { Logger } from '../../ports/logger.port';
import type { EndpointRegistry } from './endpoint-registry';
import type { PartyDirectory } from './party-directory';
import type { SimChannel } from './sim-channel';
import type { SimClock } from './sim-clock';
import type { SimIds } from './sim-ids';
import type { StasisApps } from './stasis-apps';
import type { WorldEventBus } from './world-event-bus';

/**
 * A dialplan context the simulator knows, by what it does to a channel that enters it:
 * - `dial`: `Dial(PJSIP/${EXTEN}@<trunk>)` then `Hangup()` keeping the callee's cause (the
 *   engine's outbound pattern, PROTOCOLS.md §4.2); the trunk comes from `trunkVariable` if the
 *   channel has it, else `trunk`, else the default trunk;
 * - `party`: the extension is a scripted person who answers, talks and hangs up (customer-sim);
 * - `park`: answers and waits `waitSeconds`, then the dialplan ends;
 * - `amd`: `AMD()`, then back to `Stasis(<app>,amd,${SALEHI_CALL_ID},${AMDSTATUS})`
 *   (dialplan/salehi-amd.conf; see amd-application.ts).
 */
export type DialplanContextConfig =
  | { readonly name: string; readonly kind: 'dial'; readonly trunk?: string; readonly trunkVariable?: string }
  | { readonly name: string; readonly kind: 'party' }
  | { readonly name: string; readonly kind: 'park'; readonly waitSeconds: number }
  | { readonly name: string; readonly kind: 'amd'; readonly app: string };

/** Every live channel by id. */
export class ChannelTable {
  private readonly byId = new Map<string, SimChannel>();

  add(channel: SimChannel): void {
    this.byId.set(channel.id, channel);
  }

  remove(channel: SimChannel): void {
    if (this.byId.get(channel.id) === channel) this.byId.delete(channel.id);
  }

  get(id: string): SimChannel | undefined {
    return this.byId.get(id);
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  list(): SimChannel[] {
    return [...this.byId.values()];
  }

  get size(): number {
    return this.byId.size;
  }
}

/** The shared parts every manager of the simulated world works with. */
export interface WorldContext {
  readonly bus: WorldEventBus;
  readonly clock: SimClock;
  readonly ids: SimIds;
  readonly apps: StasisApps;
  readonly channels: ChannelTable;
  readonly endpoints: EndpointRegistry;
  readonly directory: PartyDirectory;
  readonly contexts: ReadonlyMap<string, DialplanContextConfig>;
  /** The trunk `dial` contexts use when nothing else names one. */
  readonly defaultTrunk: string;
  readonly log: Logger;
}
