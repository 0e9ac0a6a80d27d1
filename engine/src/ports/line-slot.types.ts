/**
 * Per-line limits shared by every engine instance that uses one store (PRODUCT.md §2: "per-line limits
 * hold across instances"). The dialer's in-process pacer picks the line and keeps priorities (operator
 * legs and waiting inbound callers first); this capability is the hard, cross-instance cap it asks right
 * before a leg starts: one row lock per line, so two instances can never both take the last slot.
 * Times are epoch milliseconds from the caller (the dialer tick's `now`).
 */

/** What a leg on a line is: a customer call we originate, an inbound caller, an operator leg. */
export const LINE_LEG_KINDS = ['outbound', 'inbound', 'operator'] as const;
export type LineLegKind = (typeof LINE_LEG_KINDS)[number];

/**
 * The limits of one line (config `lines.limits`). The caller passes them with every reservation, so a
 * config reload applies at the next call. Absent rate limits are not enforced.
 */
export interface LineSlotLimits {
  /** Legs on the line at once, all kinds together (outbound + inbound + operator), ≥ 1. */
  readonly concurrent: number;
  /** Outbound legs at once; absent or 0 = same as `concurrent` (legacy MAX_CONCURRENT_OUTBOUND_CALLS). */
  readonly concurrentOutbound?: number;
  /** Inbound legs at once; absent or 0 = same as `concurrent`. */
  readonly concurrentInbound?: number;
  /** Outbound originates in any sliding 60 s window. */
  readonly perMinute?: number;
  /** Outbound originates per local day (the day ends at `dayEndsAt`). */
  readonly perDay?: number;
  /** Outbound originates per second: at least `1000 / perSecond` ms between two (may be fractional). */
  readonly perSecond?: number;
}

export interface LineSlotRequest {
  /** The line's id (its outbound number). */
  readonly line: string;
  readonly kind: LineLegKind;
  readonly limits: LineSlotLimits;
  /** The caller's time; rates and expiries are judged at this instant. */
  readonly now: number;
  /**
   * Required for `outbound`: the next local midnight after `now` in the engine's time zone. The store
   * keeps the day's count with the midnight that ends it; once `now` reaches that midnight the count
   * starts again at 0 with this new `dayEndsAt`. Ignored for other kinds (they are not originates).
   */
  readonly dayEndsAt?: number;
  /**
   * The longest the leg can last (the engine's maximum call length). After `now + holdMs` the slot no
   * longer counts even if it was never released, so the slots of an engine that died and never came
   * back free themselves. 1 ms .. 1 day.
   */
  readonly holdMs: number;
  /** The engine instance that holds the slot (for `releaseLineSlots` after a crash). */
  readonly instanceId: string;
  /** The attempt whose leg this is, for inspection. */
  readonly attemptId?: string;
}

/** A held slot; pass `id` to `releaseLineSlot` when the leg ends. */
export interface LineSlot {
  readonly id: number;
  readonly line: string;
  readonly kind: LineLegKind;
  readonly instanceId: string;
  readonly attemptId: string | null;
  readonly acquiredAt: number;
  readonly expiresAt: number;
}

/** Why a line cannot take the leg: the same words as the dialer's pacer (`LineBlockReason`). */
export type LineSlotRefusal = 'concurrent' | 'concurrent-outbound' | 'concurrent-inbound' | 'per-second' | 'per-minute' | 'per-day';

/** A line's load across all instances, as seen at one instant. */
export interface LineSlotUsage {
  readonly line: string;
  /** Held, unexpired slots by kind. */
  readonly active: Readonly<Record<LineLegKind, number>>;
  /** Outbound originates in the 60 s ending at `now`. */
  readonly lastMinute: number;
  /** Outbound originates of the current local day (0 once its midnight has passed). */
  readonly today: number;
  readonly lastOriginateAt: number | null;
}

export type LineSlotOutcome =
  | { readonly ok: true; readonly slot: LineSlot; readonly usage: LineSlotUsage }
  | {
      readonly ok: false;
      readonly reason: LineSlotRefusal;
      /** When the refusal lifts by itself (rates: the instant; per-day: the midnight); null = when a leg ends. */
      readonly retryAt: number | null;
      readonly usage: LineSlotUsage;
    };

/** The cross-instance line ledger. Every method is one transaction; errors are the store's `CE_STORE_*`. */
export interface LineSlotStore {
  /**
   * Takes a slot on `line` for a leg of `kind` if the limits allow it at `now`, as one atomic step
   * across all instances. An `outbound` slot IS an originate: it is counted against `perSecond`,
   * `perMinute` and `perDay` at once, so call this right before the originate is sent (a failed
   * originate still used the trunk). Inbound and operator legs are only held to the concurrent caps:
   * a customer is already on the line waiting for them. A refusal is an answer, not an error.
   */
  reserveLineSlot(request: LineSlotRequest): Promise<LineSlotOutcome>;
  /** The leg ended: frees the slot. Idempotent: false if it was already released or expired. */
  releaseLineSlot(slotId: number): Promise<boolean>;
  /**
   * Crash recovery: frees every slot held by `instanceId` (at its start-up, like `releaseClaims`, or for
   * a peer known to be gone). Returns how many were freed.
   */
  releaseLineSlots(instanceId: string): Promise<number>;
  /** The load of each of `lines` at `now` (zeros for a line never used), in the order asked. */
  lineUsage(lines: readonly string[], now: number): Promise<readonly LineSlotUsage[]>;
}
