import type { MediaDurations } from './media-durations';
import type { SimTimer } from './sim-clock';
import type { WorldContext } from './world-context';
import type { PlaybackSnapshot, PlaybackState } from './world-model';
import { fail, ok, type WorldResult } from './world-result';

export interface PlaybackTarget {
  readonly kind: 'channel' | 'bridge';
  readonly id: string;
}

export interface PlayOptions {
  readonly playbackId?: string;
  readonly language?: string;
  readonly skipMs?: number;
}

export type PlaybackOperation = 'restart' | 'pause' | 'unpause' | 'reverse' | 'forward';
const OPERATIONS: readonly string[] = ['restart', 'pause', 'unpause', 'reverse', 'forward'];

interface Playback {
  readonly id: string;
  readonly media: readonly string[];
  readonly target: PlaybackTarget;
  readonly language: string;
  readonly skipMs: number;
  index: number;
  state: PlaybackState;
  timer?: SimTimer;
  /** Simulated ms left of the current media item, and when it (re)started. */
  remainingMs: number;
  resumedAt: number;
}

/**
 * Playbacks on channels and bridges (`res/res_stasis_playback.c`): queued per target, then
 * PlaybackStarted → [PlaybackContinuing per further media] → PlaybackFinished (`done`, or
 * `failed` for media Asterisk cannot play). Durations come from MediaDurations via the SimClock.
 */
export class PlaybackManager {
  private readonly byId = new Map<string, Playback>();
  private readonly queues = new Map<string, Playback[]>();

  constructor(
    private readonly ctx: WorldContext,
    private readonly durations: MediaDurations,
  ) {}

  play(target: PlaybackTarget, media: readonly string[], options: PlayOptions = {}): WorldResult<PlaybackSnapshot> {
    const playback: Playback = {
      id: options.playbackId || this.ctx.ids.uuid(),
      media,
      target,
      language: options.language || 'en',
      skipMs: options.skipMs && options.skipMs > 0 ? options.skipMs : 3000,
      index: 0,
      state: 'queued',
      remainingMs: 0,
      resumedAt: 0,
    };
    this.byId.set(playback.id, playback);
    const queue = this.queueOf(target);
    queue.push(playback);
    const snapshot = this.snapshot(playback);
    if (queue.length === 1) playback.timer = this.ctx.clock.defer(() => this.begin(playback));
    return ok(snapshot);
  }

  get(id: string): PlaybackSnapshot | undefined {
    const playback = this.byId.get(id);
    return playback ? this.snapshot(playback) : undefined;
  }

  /** DELETE /playbacks/{id}: ends it now with PlaybackFinished `done`. */
  stop(id: string): WorldResult<void> {
    const playback = this.byId.get(id);
    if (!playback) return fail('playback-not-found');
    this.finish(playback, 'done');
    return ok(undefined);
  }

  control(id: string, operation: string): WorldResult<void> {
    const playback = this.byId.get(id);
    if (!playback) return fail('playback-not-found');
    if (!OPERATIONS.includes(operation)) return fail('playback-invalid-operation');
    const applied = this.apply(playback, operation as PlaybackOperation);
    return applied ? ok(undefined) : fail('playback-state-conflict');
  }

  /** The target went away (hangup, bridge destroyed): every playback on it ends `done`. */
  stopAllFor(target: PlaybackTarget): void {
    const queue = this.queues.get(uriOf(target));
    if (!queue) return;
    for (const playback of [...queue]) this.finish(playback, 'done', playback.state !== 'queued', false);
    this.queues.delete(uriOf(target));
  }

  /** Drops every playback without events (restart, crash). */
  reset(): void {
    for (const playback of this.byId.values()) playback.timer?.cancel();
    this.byId.clear();
    this.queues.clear();
  }

  private apply(playback: Playback, operation: PlaybackOperation): boolean {
    if (playback.state === 'paused') {
      if (operation === 'pause') return false;
      if (operation === 'unpause') this.resume(playback, playback.remainingMs);
      else playback.remainingMs = this.seek(playback, operation, playback.remainingMs);
      return true;
    }
    if ((playback.state !== 'playing' && playback.state !== 'continuing') || operation === 'unpause') return false;
    const left = this.leftMs(playback);
    playback.timer?.cancel();
    if (operation === 'pause') {
      playback.state = 'paused';
      playback.remainingMs = left;
      return true;
    }
    this.resume(playback, this.seek(playback, operation, left));
    return true;
  }

  private seek(playback: Playback, operation: PlaybackOperation, leftMs: number): number {
    const full = this.mediaMs(playback) ?? 0;
    if (operation === 'restart') return full;
    if (operation === 'reverse') return Math.min(full, leftMs + playback.skipMs);
    return Math.max(0, leftMs - playback.skipMs);
  }

  private begin(playback: Playback): void {
    playback.state = 'playing';
    this.emit(playback, 'playback.started');
    this.playCurrent(playback);
  }

  private playCurrent(playback: Playback): void {
    const ms = this.mediaMs(playback);
    if (ms === undefined) {
      this.finish(playback, 'failed');
      return;
    }
    this.resume(playback, ms);
  }

  private resume(playback: Playback, ms: number): void {
    playback.state = playback.index > 0 ? 'continuing' : 'playing';
    playback.remainingMs = ms;
    playback.resumedAt = this.ctx.clock.simNow();
    playback.timer = this.ctx.clock.after(ms, () => this.next(playback));
  }

  private next(playback: Playback): void {
    playback.timer = undefined;
    if (playback.index + 1 >= playback.media.length) {
      this.finish(playback, 'done');
      return;
    }
    playback.index += 1;
    playback.state = 'continuing';
    this.emit(playback, 'playback.continuing');
    this.playCurrent(playback);
  }

  private finish(playback: Playback, state: 'done' | 'failed', announce = true, startNext = true): void {
    if (!this.byId.has(playback.id)) return;
    playback.timer?.cancel();
    playback.timer = undefined;
    playback.state = state;
    this.byId.delete(playback.id);
    const queue = this.queueOf(playback.target);
    const position = queue.indexOf(playback);
    if (position >= 0) queue.splice(position, 1);
    if (announce) this.emit(playback, 'playback.finished');
    const head = queue[0];
    if (startNext && position === 0 && head && head.state === 'queued') head.timer = this.ctx.clock.defer(() => this.begin(head));
  }

  private mediaMs(playback: Playback): number | undefined {
    const seconds = this.durations.secondsOf(playback.media[playback.index] ?? '');
    return seconds === undefined ? undefined : seconds * 1000;
  }

  private leftMs(playback: Playback): number {
    return Math.max(0, playback.remainingMs - (this.ctx.clock.simNow() - playback.resumedAt));
  }

  private queueOf(target: PlaybackTarget): Playback[] {
    const key = uriOf(target);
    let queue = this.queues.get(key);
    if (!queue) {
      queue = [];
      this.queues.set(key, queue);
    }
    return queue;
  }

  private emit(playback: Playback, type: 'playback.started' | 'playback.continuing' | 'playback.finished'): void {
    const scope = playback.target.kind === 'channel' ? { channels: [playback.target.id] } : { bridge: playback.target.id };
    this.ctx.bus.emit({ type, playback: this.snapshot(playback) }, scope);
  }

  private snapshot(playback: Playback): PlaybackSnapshot {
    const next = playback.media[playback.index + 1];
    return {
      id: playback.id,
      mediaUri: playback.media[playback.index] ?? '',
      ...(next !== undefined ? { nextMediaUri: next } : {}),
      targetUri: uriOf(playback.target),
      language: playback.language,
      state: playback.state,
    };
  }
}

function uriOf(target: PlaybackTarget): string {
  return `${target.kind}:${target.id}`;
}
