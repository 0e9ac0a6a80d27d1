/**
 * The disturbed half of the chaotic fake PBX: the link between Asterisk and the engine. Requests take
 * a random latency (split before and after the PBX acts, so an action's events may beat its answer)
 * and may time out; events are delayed, may arrive twice, and media ends may be lost. Events of one
 * channel keep their order (one WebSocket); events of different channels interleave freely.
 */
import { EngineError } from '../../engine/src/errors';
import type { CallEvent, CallEventListener } from '../../engine/src/ports/call-event';
import { SeededRandom, TimerBook } from '../helpers/seeded-random';

export interface ChaosKnobs {
  /** Latency of each half of a request (before / after the PBX acts), ms. */
  readonly requestMs: readonly [number, number];
  /** Extra delay of each event on its way to the engine, ms. */
  readonly eventDelayMs: readonly [number, number];
  /** Chance that an event is delivered twice. */
  readonly duplicateRate: number;
  /** Chance that a playback.finished / recording.finished never arrives. */
  readonly dropMediaEndRate: number;
  /** Chance that a request fails with CE_TELEPHONY_TIMEOUT (the PBX may still have done it). */
  readonly requestTimeoutRate: number;
  /** When such a request fails (the adapter's `asterisk.ari.requestTimeoutSec`). */
  readonly requestTimeoutMs: number;
}

export const CALM: ChaosKnobs = { requestMs: [1, 1], eventDelayMs: [0, 0], duplicateRate: 0, dropMediaEndRate: 0, requestTimeoutRate: 0, requestTimeoutMs: 10_000 };

export interface ChaosStats {
  dropped: number;
  duplicated: number;
  timedOut: number;
  /** Hangups and bridge destroys that timed out WITHOUT the PBX doing them (cleanup the engine believes failed). */
  lostCleanups: number;
}

export class ChaosLink {
  readonly timers = new TimerBook();
  readonly calls: { readonly method: string; readonly args: readonly unknown[]; readonly at: number }[] = [];
  /** Events as delivered (and lost), for failure reports. */
  readonly trace: string[] = [];
  readonly stats: ChaosStats = { dropped: 0, duplicated: 0, timedOut: 0, lostCleanups: 0 };
  /** Errors thrown by event listeners (the engine's handlers must never throw). */
  readonly listenerErrors: unknown[] = [];
  private readonly listeners = new Set<CallEventListener>();
  private readonly lastDelivery = new Map<string, number>();
  private readonly t0 = Date.now();

  constructor(
    private readonly rng: SeededRandom,
    private readonly knobs: ChaosKnobs,
  ) {}

  onEvent(listener: CallEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  /** Sends a playback/recording end, unless the link loses it. */
  sendMediaEnd(event: CallEvent): void {
    if (this.rng.chance(this.knobs.dropMediaEndRate)) {
      this.stats.dropped++;
      this.trace.push(`${Date.now() - this.t0}ms LOST ${describe(event)}`);
      return;
    }
    this.send(event);
  }

  /** Delivers after a random delay, never before an earlier event of the same channel; maybe twice. */
  send(event: CallEvent): void {
    const key = ('channelId' in event && event.channelId) || 'pbx';
    const copies = this.rng.chance(this.knobs.duplicateRate) ? 2 : 1;
    if (copies === 2) this.stats.duplicated++;
    for (let i = 0; i < copies; i++) {
      const at = Math.max(Date.now() + this.rng.int(...this.knobs.eventDelayMs), this.lastDelivery.get(key) ?? 0);
      this.lastDelivery.set(key, at);
      this.timers.after(at - Date.now(), () => this.deliver(event));
    }
  }

  private deliver(event: CallEvent): void {
    this.trace.push(`${Date.now() - this.t0}ms ${describe(event)}`);
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (err) {
        this.listenerErrors.push(err);
      }
    }
  }

  /** One request: latency, the PBX acts (or, on a timeout, maybe not), latency, then the answer. */
  async request<T>(method: string, args: readonly unknown[], act: () => T): Promise<T> {
    this.calls.push({ method, args, at: Date.now() });
    const before = this.rng.int(...this.knobs.requestMs);
    const after = this.rng.int(...this.knobs.requestMs);
    if (this.rng.chance(this.knobs.requestTimeoutRate)) {
      this.stats.timedOut++;
      const done = this.rng.chance(0.5);
      await this.timers.sleep(before);
      if (done) {
        try {
          act();
        } catch {
          // The engine never learns how it went: that is what a timeout means.
        }
      } else if (method === 'hangup' || method === 'destroyBridge') this.stats.lostCleanups++;
      await this.timers.sleep(Math.max(0, this.knobs.requestTimeoutMs - before));
      throw new EngineError('CE_TELEPHONY_TIMEOUT', `${method}: no answer from the PBX in time`);
    }
    await this.timers.sleep(before);
    let outcome: { ok: true; value: T } | { ok: false; err: unknown };
    try {
      outcome = { ok: true, value: act() };
    } catch (err) {
      outcome = { ok: false, err };
    }
    await this.timers.sleep(after);
    if (!outcome.ok) throw outcome.err;
    return outcome.value;
  }
}

function describe(e: CallEvent): string {
  const parts: string[] = [e.type];
  if ('channelId' in e && e.channelId) parts.push(e.channelId);
  if ('playbackId' in e) parts.push(e.playbackId);
  if ('name' in e && typeof e.name === 'string') parts.push(e.name);
  if (e.type === 'call.ended') parts.push(`cause ${e.cause}`);
  if (e.type === 'call.entered') parts.push(`[${e.args.join(',')}] ${e.state}`);
  return parts.join(' ');
}
