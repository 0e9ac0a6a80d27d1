import type { LineLease, LineSlotLimits, LineSlotRefusal, LineSlotStore, Logger } from '../../engine/src/index';
import { nextLocalMidnight } from './core/zoned-time';

export interface LineSlotGuardOptions {
  /** The store's cross-instance ledger (`CallStorePort.lineSlots`). */
  readonly slots: LineSlotStore;
  /** `lines.limits` of the engine config: the same numbers the local pacer holds one instance to. */
  readonly limits: LineSlotLimits;
  /** Whose midnight ends the per-day count (engine `timezone`). */
  readonly timeZone: string;
  readonly instanceId: string;
  /** The longest a call can hold its slot; after that a slot never released (crashed engine) frees itself. */
  readonly holdMs: number;
  readonly logger: Logger;
}

/** A cross-instance slot for one originate, or why the line is full across all instances. */
export type GuardOutcome =
  | { readonly ok: true; readonly lease: LineLease }
  | { readonly ok: false; readonly reason: LineSlotRefusal; readonly retryAt: number | null };

/**
 * The hard per-line cap across engine instances. The in-process `LinePacer` stays the fast path (it
 * picks the line and keeps priorities without a round trip); right before an originate the dialer asks
 * this guard too, because another instance on the same store may have used the line's room meanwhile.
 */
export class LineSlotGuard {
  constructor(private readonly o: LineSlotGuardOptions) {}

  /**
   * Reserves an outbound slot on `local.line` at `now`. On success the returned lease frees the store
   * slot AND the local pacer lease in one `release()` (the call ended); on refusal the caller still holds
   * `local` and must release it.
   */
  async reserveOutbound(local: LineLease, now: number): Promise<GuardOutcome> {
    const outcome = await this.o.slots.reserveLineSlot({
      line: local.line,
      kind: 'outbound',
      limits: this.o.limits,
      now,
      dayEndsAt: nextLocalMidnight(now, this.o.timeZone),
      holdMs: this.o.holdMs,
      instanceId: this.o.instanceId,
    });
    if (!outcome.ok) return { ok: false, reason: outcome.reason, retryAt: outcome.retryAt };
    const slotId = outcome.slot.id;
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      local.release();
      // Not awaited by the call's teardown: a store hiccup here only delays the slot until it expires.
      void this.o.slots.releaseLineSlot(slotId).catch((err: unknown) => this.o.logger.error({ err, slotId, line: local.line }, 'line slot release failed'));
    };
    return { ok: true, lease: { line: local.line, release } };
  }

  /** Start-up: frees the slots this instance held before a crash (their calls are gone with it). */
  async releaseOwn(): Promise<number> {
    return this.o.slots.releaseLineSlots(this.o.instanceId);
  }
}
