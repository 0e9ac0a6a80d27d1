import { CallGoneError, isEngineError } from '../errors';
import type { CallEvent } from '../ports/call-event';
import type { TelephonyPort } from '../ports/telephony.port';
import type { Logger } from '../ports/logger.port';
import type { CallMedia, PlaybackHandle, PlaybackOutcome, RecordingOutcome, RecordOptions } from '../flow/step-context';
import type { LoadedScenario } from '../flow/loaded-scenario';
import type { EventInbox } from './event-inbox';

export interface CallMediaDeps {
  readonly callId: string;
  readonly channelId: string;
  readonly telephony: TelephonyPort;
  readonly inbox: EventInbox;
  readonly scenario: LoadedScenario;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Longest a single prompt or recording may take before we stop waiting. */
  readonly mediaTimeoutMs: number;
  /** Stage latency observer (seconds): `prompt` (a whole prompt played), `record` (a whole take). */
  readonly observe?: (stage: 'prompt' | 'record', seconds: number) => void;
}

/** A looped prompt shorter than this counts as "ended at once". */
const MIN_LOOP_MS = 50;

/** Media URI of a prompt key (`hello` → `sound:custom/academy/hello`), or the URI itself. */
export function mediaUri(scenario: LoadedScenario, promptOrMedia: string): string {
  return scenario.body.prompts[promptOrMedia] ?? promptOrMedia;
}

const isPlaybackEnd = (id: string) => (e: CallEvent): e is Extract<CallEvent, { type: 'playback.finished' | 'playback.failed' }> =>
  (e.type === 'playback.finished' || e.type === 'playback.failed') && e.playbackId === id;

const isRecordingEnd = (name: string) => (e: CallEvent): e is Extract<CallEvent, { type: 'recording.finished' | 'recording.failed' }> =>
  (e.type === 'recording.finished' || e.type === 'recording.failed') && e.name === name;

/**
 * Prompts, recordings and digits of one call over the telephony port. Every wait is registered
 * before the request that causes its event, and bounded by a timeout and the call's abort signal.
 */
export class TelephonyCallMedia implements CallMedia {
  private seq = 0;

  constructor(private readonly d: CallMediaDeps) {}

  async play(promptOrMedia: string): Promise<PlaybackOutcome> {
    const began = performance.now();
    const handle = await this.start(promptOrMedia);
    const outcome = await handle.done;
    if (outcome === 'finished') this.d.observe?.('prompt', (performance.now() - began) / 1000);
    return outcome;
  }

  async start(promptOrMedia: string, opts: { loop?: boolean } = {}): Promise<PlaybackHandle> {
    const media = mediaUri(this.d.scenario, promptOrMedia);
    // Waits end on stop() or when the call is over. One controller fed by a listener, not
    // AbortSignal.any: that costs two controllers and weak references per prompt (BENCHMARKS.md).
    let stopped = false;
    const waits = new AbortController();
    const signal = waits.signal;
    const onCallOver = (): void => waits.abort();
    if (this.d.signal.aborted) waits.abort();
    else this.d.signal.addEventListener('abort', onCallOver, { once: true });
    let currentId = '';
    const playOnce = async (): Promise<PlaybackOutcome> => {
      currentId = `${this.d.callId}-pb${++this.seq}`;
      const ended = this.d.inbox.waitFor(isPlaybackEnd(currentId), { timeoutMs: this.d.mediaTimeoutMs, signal, what: `end of prompt ${media}` });
      ended.catch(() => undefined); // observed below; never an unhandled rejection
      try {
        await this.d.telephony.play(this.d.channelId, { media, playbackId: currentId });
      } catch (err) {
        if (err instanceof CallGoneError) throw err;
        this.d.log.warn({ err, media }, 'prompt could not be started');
        return 'failed';
      }
      const e = await ended;
      return e.type === 'playback.failed' ? 'failed' : 'finished';
    };
    const loop = async (): Promise<PlaybackOutcome> => {
      let instant = 0;
      for (;;) {
        const began = performance.now();
        const outcome = await playOnce();
        if (stopped) return 'stopped';
        if (!opts.loop || outcome === 'failed') return outcome;
        // A looped prompt that ends at once (empty file) must not spin: give up after a few.
        instant = performance.now() - began < MIN_LOOP_MS ? instant + 1 : 0;
        if (instant >= 3) return 'failed';
      }
    };
    const done = loop()
      .catch((err: unknown): PlaybackOutcome => {
        if (stopped || err instanceof CallGoneError) return 'stopped';
        // A PlaybackFinished that never came (lost event): a failed prompt, so the flow moves on.
        if (isEngineError(err, 'CE_TELEPHONY_TIMEOUT')) {
          this.d.log.warn({ media }, 'no end of prompt seen; treating it as failed');
          return 'failed';
        }
        throw err;
      })
      .finally(() => this.d.signal.removeEventListener('abort', onCallOver));
    return {
      done,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        waits.abort();
        await this.d.telephony.stopPlayback(currentId).catch((err: unknown) => this.d.log.debug({ err }, 'stop playback'));
        await done.catch(() => undefined);
      },
    };
  }

  async record(opts: RecordOptions): Promise<RecordingOutcome> {
    // A new name for every take: legacy reused one name and its second take stalled.
    const name = `salehi/${this.d.callId}-r${++this.seq}`;
    const began = performance.now();
    const timeoutMs = (opts.maxDurationSec + 10) * 1000;
    const ended = this.d.inbox.waitFor(isRecordingEnd(name), { timeoutMs, signal: this.d.signal, what: `end of recording ${name}` });
    ended.catch(() => undefined);
    try {
      await this.d.telephony.record(this.d.channelId, {
        name,
        format: 'wav',
        maxDurationSec: opts.maxDurationSec,
        maxSilenceSec: opts.maxSilenceSec,
        beep: opts.beep ?? false,
        ifExists: 'overwrite',
      });
    } catch (err) {
      if (err instanceof CallGoneError) throw err;
      this.d.log.warn({ err }, 'recording could not be started');
      return { name, status: 'failed' };
    }
    const e = await ended;
    if (e.type === 'recording.failed' || e.canceled) return { name, status: 'failed' };
    this.d.observe?.('record', (performance.now() - began) / 1000);
    return { name, status: 'done', ...(e.durationSec !== undefined ? { durationSec: e.durationSec } : {}) };
  }

  async collectDigits(opts: { maxDigits: number; timeoutSec: number; terminator?: string }): Promise<{ digits: string; timedOut: boolean }> {
    let digits = '';
    while (digits.length < opts.maxDigits) {
      try {
        const e = await this.d.inbox.waitFor(
          (ev): ev is Extract<CallEvent, { type: 'dtmf.received' }> => ev.type === 'dtmf.received' && ev.channelId === this.d.channelId,
          { timeoutMs: opts.timeoutSec * 1000, signal: this.d.signal, what: 'a key press' },
        );
        if (opts.terminator && e.digit === opts.terminator) return { digits, timedOut: false };
        digits += e.digit;
      } catch (err) {
        if (isEngineError(err, 'CE_TELEPHONY_TIMEOUT')) return { digits, timedOut: true };
        throw err;
      }
    }
    return { digits, timedOut: false };
  }
}
