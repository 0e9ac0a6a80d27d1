import type { Clock, LineCapacityPort, LineLease, LineSlotLimits, LineSlotStore, Logger } from '../../engine/src/index';

export interface PriorityLegRecorderOptions {
  /** The in-process capacity that decides (the dialer's `LinePacer`): synchronous, keeps the priorities. */
  readonly local: Required<LineCapacityPort>;
  /** The store's cross-instance ledger (`CallStorePort.lineSlots`). */
  readonly slots: LineSlotStore;
  /** `lines.limits` of the engine config, as `LineSlotGuard` passes them for outbound slots. */
  readonly limits: LineSlotLimits;
  readonly instanceId: string;
  /** The longest a leg can hold its slot; after that a slot never released (crashed engine) frees itself. */
  readonly holdMs: number;
  readonly clock: Clock;
  readonly logger: Logger;
}

type PriorityKind = 'inbound' | 'operator';

/** One recorded leg: the store slot once it landed, and whether the leg already ended. */
interface LegRecord {
  slotId?: number;
  released: boolean;
}

/**
 * The engine's `LineCapacityPort` when the store shares line slots across instances. Inbound callers
 * and operator legs take their slot in the local pacer at once (a customer is already waiting, and the
 * port is synchronous), and the same leg is then written to the store as an `inbound`/`operator` slot
 * in the background, so the outbound reservations of OTHER instances (`LineSlotGuard`) count it.
 *
 * The store only holds these kinds to the concurrent caps; if it refuses (the line is full across
 * instances) the leg still goes ahead (priority legs first) and the refusal is logged. Store errors are
 * logged, never thrown. `release()` frees both; a slot that lands after its leg ended is freed at once.
 * Outbound legs pass straight through: the dialer reserves those itself right before the originate.
 */
export class PriorityLegRecorder implements LineCapacityPort {
  private recording = false;
  /** Legs that started before `startRecording` (the start-up release of this instance's old slots). */
  private readonly queued: Array<() => void> = [];
  private readonly pending = new Set<Promise<void>>();

  constructor(private readonly o: PriorityLegRecorderOptions) {}

  acquire(kind: 'outbound' | 'inbound' | 'operator', preferredLine?: string): LineLease | undefined {
    const local = this.o.local.acquire(kind, preferredLine);
    if (local === undefined || kind === 'outbound') return local;
    return this.recorded(local, kind);
  }

  hold(line?: string): () => void {
    return this.o.local.hold(line);
  }

  /**
   * Starts writing legs to the store, the queued ones first. Called at dialer start-up AFTER the slots
   * this instance held before a restart were freed, so that release cannot free a live leg's slot.
   */
  startRecording(): void {
    this.recording = true;
    for (const run of this.queued.splice(0)) run();
  }

  /** Resolves once every store write started so far has finished (tests, shutdown). */
  async settled(): Promise<void> {
    while (this.pending.size > 0) await Promise.allSettled([...this.pending]);
  }

  private recorded(local: LineLease, kind: PriorityKind): LineLease {
    const leg: LegRecord = { released: false };
    const startedAt = this.o.clock.now();
    const reserve = (): void => {
      if (!leg.released) this.track(this.reserve(leg, local.line, kind, startedAt));
    };
    if (this.recording) reserve();
    else this.queued.push(reserve);
    return {
      line: local.line,
      release: () => {
        if (leg.released) return;
        leg.released = true;
        local.release();
        if (leg.slotId !== undefined) this.free(leg.slotId, local.line);
      },
    };
  }

  private async reserve(leg: LegRecord, line: string, kind: PriorityKind, now: number): Promise<void> {
    try {
      const outcome = await this.o.slots.reserveLineSlot({
        line, kind, limits: this.o.limits, now, holdMs: this.o.holdMs, instanceId: this.o.instanceId,
      });
      if (!outcome.ok) {
        this.o.logger.warn({ line, kind, reason: outcome.reason, active: outcome.usage.active }, 'line is full across instances; the priority leg goes ahead anyway');
        return;
      }
      if (leg.released) this.free(outcome.slot.id, line);
      else leg.slotId = outcome.slot.id;
    } catch (err) {
      this.o.logger.error({ err, line, kind }, 'recording a priority leg\'s line slot failed');
    }
  }

  private free(slotId: number, line: string): void {
    // A store hiccup here only keeps the slot until it expires (`holdMs`).
    this.track(this.o.slots.releaseLineSlot(slotId).then(
      () => undefined,
      (err: unknown) => this.o.logger.error({ err, slotId, line }, 'line slot release failed'),
    ));
  }

  private track(work: Promise<void>): void {
    this.pending.add(work);
    void work.finally(() => this.pending.delete(work));
  }
}
