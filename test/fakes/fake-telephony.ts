/**
 * A fake TelephonyPort for call-flow tests: records every call, fails the next call of a method on
 * demand, and replays scripted CallEvent sequences (the scripts below follow what a real Asterisk
 * 20.20.1 sends, see test/fixtures/ari-events). Events are delivered on microtasks, never on timers,
 * so tests stay deterministic with or without sinon fake timers; `await fake.settle()` flushes them.
 */
import type { CallEvent, CallEventListener } from '../../engine/src/ports/call-event';
import type {
  BridgeHandle,
  ChannelDirectory,
  OriginateRequest,
  OriginatedChannel,
  PlayRequest,
  PlaybackHandle,
  RecordRequest,
  RecordingFile,
  RecordingHandle,
  TelephonyChannel,
  TelephonyPort,
} from '../../engine/src/ports/telephony.port';

type Method = Exclude<keyof TelephonyPort, 'isConnected' | 'onEvent' | 'setChannelDirectory'>;

export interface FakeCall {
  readonly method: Method;
  readonly args: readonly unknown[];
}

/** Event sequences of common outcomes, as Asterisk reports them (see PROTOCOLS.md §2.6). */
export const callScripts = {
  /** Callee answers: the channel enters our app with `args`. */
  answered(channelId: string, args: readonly string[] = ['outbound'], at = 0): CallEvent[] {
    return [
      { type: 'dial.progressed', at, channelId, status: 'dialing', final: false, dialString: channelId },
      { type: 'call.answered', at, channelId },
      { type: 'dial.progressed', at, channelId, status: 'answered', final: true, dialString: channelId },
      entered(channelId, args, at),
    ];
  },
  /** SIP 486: busy before answer. */
  busy(channelId: string, at = 0): CallEvent[] {
    return failed(channelId, 'busy', 17, 'User busy', 486, at);
  },
  /** Rings until the originate timeout: cause 19, no final dial status (as captured). */
  noAnswer(channelId: string, at = 0): CallEvent[] {
    return [
      { type: 'dial.progressed', at, channelId, status: 'dialing', final: false, dialString: channelId },
      { type: 'call.ringing', at, channelId },
      { type: 'dial.progressed', at, channelId, status: 'ringing', final: false, dialString: channelId },
      ended(channelId, 19, 'User alerting, no answer', at, 480),
    ];
  },
  /** SIP 603 / 403. */
  rejected(channelId: string, at = 0): CallEvent[] {
    return failed(channelId, 'no-answer', 21, 'Call Rejected', 603, at);
  },
  /** SIP 503 / congestion. */
  congestion(channelId: string, at = 0): CallEvent[] {
    return failed(channelId, 'congestion', 34, 'Circuit/channel congestion', 503, at);
  },
  /** The far end hangs up an answered call (PJSIP BYE). */
  calleeHangup(channelId: string, at = 0): CallEvent[] {
    return [
      { type: 'call.hangup-requested', at, channelId, soft: false, cause: 16 },
      { type: 'call.left', at, channelId },
      ended(channelId, 16, 'Normal Clearing', at),
    ];
  },
  /** A caller presses keys. */
  dtmf(channelId: string, digits: string, at = 0): CallEvent[] {
    return [...digits].map((digit, i) => ({ type: 'dtmf.received', at: at + i * 300, channelId, digit, durationMs: 100 }));
  },
};

function entered(channelId: string, args: readonly string[], at: number): CallEvent {
  const channel = { channelId, name: `PJSIP/fake-${channelId}`, state: 'up' as const, callerNumber: '', callerName: '', connectedNumber: '', context: '', extension: '' };
  return { type: 'call.entered', at, channelId, args, state: 'up', channel };
}

function ended(channelId: string, cause: number, causeText: string, at: number, techCause?: number): CallEvent {
  return { type: 'call.ended', at, channelId, cause, causeText, vanished: false, ...(techCause ? { techCause } : {}) };
}

function failed(channelId: string, status: 'busy' | 'no-answer' | 'congestion', cause: number, text: string, tech: number, at: number): CallEvent[] {
  return [
    { type: 'dial.progressed', at, channelId, status: 'dialing', final: false, dialString: channelId },
    { type: 'call.hangup-requested', at, channelId, soft: false, cause, techCause: tech },
    { type: 'dial.progressed', at, channelId, status, final: true, dialString: channelId },
    ended(channelId, cause, text, at, tech),
  ];
}

export class FakeTelephony implements TelephonyPort {
  readonly calls: FakeCall[] = [];
  connected = true;
  directory?: ChannelDirectory;
  /** What listChannels() returns. */
  channels: TelephonyChannel[] = [];
  /** play() is followed by playback.started and playback.finished. */
  autoFinishPlayback = true;
  /** record() is followed by recording.started and recording.finished of this length (undefined = stays live). */
  autoRecordingSec: number | undefined = 2;
  /** Deliver the originate script BEFORE originate() resolves (Asterisk does that sometimes). */
  eventsBeforeOriginateAnswer = false;
  private readonly listeners = new Set<CallEventListener>();
  private readonly failures = new Map<Method, unknown[]>();
  private readonly alive = new Set<string>();
  private originateScript: (req: OriginateRequest) => CallEvent[] = (req) => callScripts.answered(req.channelId, req.appArgs);
  private pending: Promise<void> = Promise.resolve();
  private seq = 0;

  /** Scripts what follows each originate (default: answered). */
  onOriginate(script: (req: OriginateRequest) => CallEvent[]): void {
    this.originateScript = script;
  }

  /** The next call of `method` rejects with `error` (queue several by calling again). */
  failNext(method: Method, error: unknown): void {
    this.failures.set(method, [...(this.failures.get(method) ?? []), error]);
  }

  callsOf(method: Method): FakeCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  /** Delivers an event now (synchronously). */
  emit(event: CallEvent): void {
    if (event.type === 'call.entered') this.alive.add(event.channelId);
    if (event.type === 'call.ended') this.alive.delete(event.channelId);
    for (const listener of [...this.listeners]) listener(event);
  }

  /** Queues events for delivery on microtasks, in order. */
  replay(events: readonly CallEvent[]): Promise<void> {
    for (const e of events) this.pending = this.pending.then(() => this.emit(e));
    return this.pending;
  }

  /** Waits until every queued event has been delivered. */
  settle(): Promise<void> {
    return this.pending;
  }

  /** Simulates the event link going down or coming back. */
  setConnected(connected: boolean): void {
    this.connected = connected;
    this.emit(connected ? { type: 'connection.restored', at: 0, downtimeMs: 0, attempts: 1 } : { type: 'connection.lost', at: 0, reason: 'dropped', code: 1006 });
  }

  isConnected(): boolean {
    return this.connected;
  }

  onEvent(listener: CallEventListener): () => void {
    this.listeners.add(listener);
    return () => void this.listeners.delete(listener);
  }

  setChannelDirectory(directory: ChannelDirectory): void {
    this.directory = directory;
  }

  async originate(req: OriginateRequest): Promise<OriginatedChannel> {
    await this.track('originate', [req]);
    this.alive.add(req.channelId);
    const script = this.originateScript(req);
    if (this.eventsBeforeOriginateAnswer) await this.replay(script);
    else void this.replay(script);
    return { channelId: req.channelId, name: `PJSIP/fake-${req.channelId}`, state: 'down' };
  }

  async play(channelId: string, req: PlayRequest): Promise<PlaybackHandle> {
    await this.track('play', [channelId, req]);
    const playbackId = req.playbackId ?? `pb-${++this.seq}`;
    const media = typeof req.media === 'string' ? req.media : req.media.join(',');
    if (this.autoFinishPlayback) {
      void this.replay([
        { type: 'playback.started', at: 0, playbackId, media, channelId },
        { type: 'playback.finished', at: 0, playbackId, media, channelId },
      ]);
    }
    return { playbackId, channelId };
  }

  async record(channelId: string, req: RecordRequest): Promise<RecordingHandle> {
    await this.track('record', [channelId, req]);
    const format = req.format ?? 'wav';
    const events: CallEvent[] = [{ type: 'recording.started', at: 0, name: req.name, format, channelId }];
    if (this.autoRecordingSec !== undefined) {
      events.push({ type: 'recording.finished', at: 0, name: req.name, format, channelId, canceled: false, durationSec: this.autoRecordingSec });
    }
    void this.replay(events);
    return { name: req.name, format, channelId };
  }

  async hangup(channelId: string, reason?: unknown): Promise<boolean> {
    await this.track('hangup', [channelId, reason]);
    if (!this.alive.has(channelId)) return false;
    void this.replay([
      { type: 'call.hangup-requested', at: 0, channelId, soft: true, softFlag: 32 },
      { type: 'call.left', at: 0, channelId },
      ended(channelId, 16, 'Normal Clearing', 0),
    ]);
    return true;
  }

  async fetchRecording(name: string): Promise<RecordingFile> {
    await this.track('fetchRecording', [name]);
    return { name, contentType: 'audio/wav', data: Buffer.from('RIFF') };
  }

  async createBridge(req?: { bridgeId?: string }): Promise<BridgeHandle> {
    await this.track('createBridge', [req]);
    return { bridgeId: req?.bridgeId ?? `br-${++this.seq}` };
  }

  async getVariable(channelId: string, name: string): Promise<string | undefined> {
    await this.track('getVariable', [channelId, name]);
    return undefined;
  }

  async listChannels(): Promise<TelephonyChannel[]> {
    await this.track('listChannels', []);
    return [...this.channels];
  }

  answer = (...args: [string]) => this.track('answer', args);
  ring = (...args: [string]) => this.track('ring', args);
  startMusicOnHold = (...args: [string, string?]) => this.track('startMusicOnHold', args);
  stopMusicOnHold = (...args: [string]) => this.track('stopMusicOnHold', args);
  stopPlayback = (...args: [string]) => this.track('stopPlayback', args);
  stopRecording = (...args: [string]) => this.track('stopRecording', args);
  cancelRecording = (...args: [string]) => this.track('cancelRecording', args);
  deleteRecording = (...args: [string]) => this.track('deleteRecording', args);
  addToBridge = (...args: [string, readonly string[]]) => this.track('addToBridge', args);
  removeFromBridge = (...args: [string, readonly string[]]) => this.track('removeFromBridge', args);
  destroyBridge = (...args: [string]) => this.track('destroyBridge', args);
  setVariable = (...args: [string, string, string]) => this.track('setVariable', args);
  continueInDialplan = (...args: [string, unknown?]) => this.track('continueInDialplan', args);

  private async track(method: Method, args: readonly unknown[]): Promise<void> {
    this.calls.push({ method, args });
    const queued = this.failures.get(method);
    if (queued && queued.length > 0) throw queued.shift();
  }
}
