import { planRecording, type RecordingPlan } from './recording-plan';
import { isRecordingFormat, isValidRecordingName, type RecordingFormat, type RecordingStore } from './recording-store';
import type { SimChannel } from './sim-channel';
import type { SimTimer } from './sim-clock';
import { synthesize } from './speech-audio';
import type { SpokenTextRegistry } from './spoken-text-registry';
import type { WorldContext } from './world-context';
import type { RecordingSnapshot, RecordingState } from './world-model';
import { fail, ok, reject, type WorldResult } from './world-result';

export interface RecordOptions {
  readonly name: string;
  readonly format: string;
  /** 0 = no limit. */
  readonly maxDurationSeconds: number;
  /** 0 = no silence detection. */
  readonly maxSilenceSeconds: number;
  readonly ifExists: 'fail' | 'overwrite' | 'append';
}

interface LiveRecording {
  readonly name: string;
  readonly format: RecordingFormat;
  readonly channel: SimChannel;
  readonly options: RecordOptions;
  state: RecordingState;
  plan?: RecordingPlan;
  startedAt: number;
  timer?: SimTimer;
  duration?: number;
  talking?: number;
  cause?: string;
}

/**
 * Live recordings of channels (`res/res_stasis_recording.c`). The audio is what the scripted
 * person says (the next utterance of their script), or silence; the file is a real WAV (or
 * sln/ulaw/alaw) written into the RecordingStore, and the spoken text goes into the registry.
 */
export class RecordingManager {
  private readonly live = new Map<string, LiveRecording>();

  constructor(
    private readonly ctx: WorldContext,
    private readonly store: RecordingStore,
    private readonly spoken: SpokenTextRegistry,
    private readonly answer: (channel: SimChannel) => void,
  ) {}

  record(channel: SimChannel, options: RecordOptions): WorldResult<RecordingSnapshot> {
    if (!isValidRecordingName(options.name)) return fail('recording-name-invalid');
    if (!isRecordingFormat(options.format)) return fail('recording-format-unknown');
    const exists = this.live.has(options.name) || this.store.find(options.name) !== undefined;
    if (exists && (options.ifExists === 'fail' || this.live.has(options.name))) return reject({ kind: 'recording-exists', name: options.name });
    const recording: LiveRecording = { name: options.name, format: options.format, channel, options, state: 'queued', startedAt: 0 };
    this.live.set(recording.name, recording);
    recording.timer = this.ctx.clock.defer(() => this.begin(recording));
    return ok(this.snapshot(recording));
  }

  getLive(name: string): RecordingSnapshot | undefined {
    const recording = this.live.get(name);
    return recording ? this.snapshot(recording) : undefined;
  }

  /** POST /recordings/live/{name}/stop: keeps the file, RecordingFinished `done`. */
  stop(name: string): WorldResult<void> {
    const recording = this.live.get(name);
    if (!recording) return fail('recording-not-found');
    this.finish(recording, 'done');
    return ok(undefined);
  }

  /** DELETE /recordings/live/{name}: discards the audio, RecordingFinished `canceled`. */
  cancel(name: string): WorldResult<void> {
    const recording = this.live.get(name);
    if (!recording) return fail('recording-not-found');
    this.finish(recording, 'canceled');
    return ok(undefined);
  }

  /** The channel hung up: its recordings end and keep what was recorded. */
  finishAllFor(channel: SimChannel): void {
    for (const recording of [...this.live.values()]) if (recording.channel === channel) this.finish(recording, 'done');
  }

  /** Drops every live recording without events (restart, crash). */
  reset(): void {
    for (const recording of this.live.values()) recording.timer?.cancel();
    this.live.clear();
  }

  isRecording(channel: SimChannel): boolean {
    return [...this.live.values()].some((r) => r.channel === channel && r.state === 'recording');
  }

  private begin(recording: LiveRecording): void {
    recording.timer = undefined;
    const { channel } = recording;
    if (channel.bridgeId !== undefined) {
      recording.state = 'failed';
      recording.cause = 'Cannot record channel while in bridge';
      this.live.delete(recording.name);
      this.emit(recording, 'recording.failed');
      return;
    }
    this.answer(channel);
    const utterance = channel.party?.nextUtterance() ?? '';
    recording.plan = planRecording(utterance, channel.party?.speechDelaySeconds ?? 0.5, recording.options);
    recording.state = 'recording';
    recording.startedAt = this.ctx.clock.simNow();
    this.emit(recording, 'recording.started');
    const end = recording.plan.endSec;
    if (end !== undefined) recording.timer = this.ctx.clock.after(end * 1000, () => this.finish(recording, 'done', end));
  }

  private finish(recording: LiveRecording, state: 'done' | 'canceled', plannedSec?: number): void {
    if (this.live.get(recording.name) !== recording) return;
    this.live.delete(recording.name);
    recording.timer?.cancel();
    recording.timer = undefined;
    const began = recording.state === 'recording';
    const seconds = plannedSec ?? (began ? (this.ctx.clock.simNow() - recording.startedAt) / 1000 : 0);
    recording.state = state;
    if (began && state === 'done') this.save(recording, seconds);
    this.emit(recording, 'recording.finished');
  }

  private save(recording: LiveRecording, seconds: number): void {
    const plan = recording.plan;
    const speech = plan?.speech && plan.speech.startSec < seconds ? { startSec: plan.speech.startSec, endSec: Math.min(plan.speech.endSec, seconds) } : undefined;
    const samples = synthesize({ totalSec: seconds, ...(speech ? { speech } : {}) }, hash(recording.name));
    this.store.write(recording.name, recording.format, samples, recording.options.ifExists === 'append');
    recording.duration = Math.round(seconds);
    if (recording.options.maxSilenceSeconds > 0) recording.talking = Math.round(speech ? speech.endSec - speech.startSec : 0);
    this.spoken.set({
      recordingName: recording.name,
      text: speech ? (plan?.text ?? '') : '',
      ...(speech ? { speechStartSec: speech.startSec, speechEndSec: speech.endSec } : {}),
      durationSec: samples.length / 8000,
      channelId: recording.channel.id,
      ...(recording.channel.party ? { party: recording.channel.party.label } : {}),
    });
  }

  private emit(recording: LiveRecording, type: 'recording.started' | 'recording.finished' | 'recording.failed'): void {
    this.ctx.bus.emit({ type, recording: this.snapshot(recording) }, { channels: [recording.channel.id] });
  }

  private snapshot(recording: LiveRecording): RecordingSnapshot {
    const talking = recording.talking;
    return {
      name: recording.name,
      format: recording.format,
      state: recording.state,
      targetUri: `channel:${recording.channel.id}`,
      ...(recording.duration !== undefined ? { duration: recording.duration } : {}),
      ...(talking !== undefined && recording.duration !== undefined
        ? { talkingDuration: talking, silenceDuration: Math.max(0, recording.duration - talking) }
        : {}),
      ...(recording.cause !== undefined ? { cause: recording.cause } : {}),
    };
  }
}

/** A stable seed per recording name, so the same call gives the same bytes. */
function hash(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619) >>> 0;
  return h;
}
