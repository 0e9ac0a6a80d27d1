/**
 * A chaotic fake PBX behind the TelephonyPort, for the call-flow property test. Unlike FakeTelephony
 * (scripted events on microtasks) it models channels, playbacks, recordings and bridges in simulated
 * time (sinon fake timers); its link to the engine (chaos-link.ts) delays, duplicates and loses events
 * and lets requests time out. Requests on a channel that is gone fail with CallGoneError (ARI 404),
 * `hangup` resolves false. The people at the far ends (customer, operators) are the test's `FarEnds`.
 */
import { CallGoneError, EngineError } from '../../engine/src/errors';
import type { CallEvent, CallEventListener, ChannelState, DialStatus } from '../../engine/src/ports/call-event';
import type {
  BridgeHandle,
  ChannelDirectory,
  HangupReason,
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
import { causeText } from '../../engine/src/call/hangup-cause';
import type { SeededRandom } from '../helpers/seeded-random';
import { ChaosLink, type ChaosKnobs } from './chaos-link';
import type { ChaosChannel, FarEnds } from './chaos-far-ends';

export { CALM, type ChaosKnobs, type ChaosStats } from './chaos-link';
export type { ChaosChannel, DialOutcome, FarEnds, Moment } from './chaos-far-ends';

const HANGUP_CAUSE: Partial<Record<HangupReason, number>> = { normal: 16, busy: 17, congestion: 34, 'no-answer': 19, rejected: 21 };

export class ChaosTelephony implements TelephonyPort {
  readonly link: ChaosLink;
  readonly channels = new Map<string, ChaosChannel>();
  /** Live bridges and their members. */
  readonly bridges = new Map<string, Set<string>>();
  farEnds?: FarEnds;
  directory?: ChannelDirectory;
  private readonly playbacks = new Map<string, { readonly channelId: string; readonly media: string }>();
  private readonly recordings = new Map<string, { readonly channelId: string; readonly format: string; readonly startedAt: number }>();
  private readonly stored = new Set<string>();
  private seq = 0;

  constructor(rng: SeededRandom, knobs: ChaosKnobs) {
    this.link = new ChaosLink(rng, knobs);
  }

  /** A caller reaches our application through the inbound dialplan (unanswered unless `state: 'up'`). */
  placeInbound(channelId: string, args: readonly string[], callerNumber: string, state: 'ring' | 'up'): void {
    this.channels.set(channelId, { id: channelId, args, state, inApp: true });
    const channel = { channelId, name: `PJSIP/trunk-${channelId}`, state: state as ChannelState, callerNumber, callerName: '', connectedNumber: '', context: 'salehi-inbound', extension: 's' };
    this.link.send({ type: 'call.entered', at: Date.now(), channelId, args, state, channel });
  }

  /** The far end hangs up `afterMs` from now (before answer: the attempt fails with `cause`). */
  farEndHangup(channelId: string, afterMs: number, cause = 16): void {
    this.link.timers.after(afterMs, () => {
      const ch = this.channels.get(channelId);
      if (!ch || ch.state === 'gone') return;
      if (ch.state === 'dialing') this.failDial(ch, cause, 'cancelled');
      else this.end(ch, cause, false);
    });
  }

  /** Channels the PBX still has (orphans once every call is over). */
  liveChannels(): ChaosChannel[] {
    return [...this.channels.values()].filter((c) => c.state !== 'gone');
  }

  isConnected(): boolean {
    return true;
  }

  onEvent(listener: CallEventListener): () => void {
    return this.link.onEvent(listener);
  }

  setChannelDirectory(directory: ChannelDirectory): void {
    this.directory = directory;
  }

  originate(req: OriginateRequest): Promise<OriginatedChannel> {
    return this.link.request('originate', [req], () => {
      if (this.channels.has(req.channelId)) throw new EngineError('CE_TELEPHONY_REQUEST_FAILED', 'Channel with given unique ID already exists', { details: { status: 409 } });
      const ch: ChaosChannel = { id: req.channelId, args: req.appArgs ?? [], state: 'dialing', inApp: false };
      this.channels.set(ch.id, ch);
      this.link.send({ type: 'dial.progressed', at: Date.now(), channelId: ch.id, status: 'dialing', final: false, dialString: req.endpoint });
      this.dialOut(ch, req);
      return { channelId: ch.id, name: `PJSIP/fake-${ch.id}`, state: 'down' as const };
    });
  }

  answer(channelId: string): Promise<void> {
    return this.link.request('answer', [channelId], () => {
      const ch = this.live(channelId);
      if (ch.state === 'dialing') throw new EngineError('CE_TELEPHONY_REQUEST_FAILED', 'Channel in invalid state', { details: { status: 412 } });
      if (ch.state === 'up') return;
      ch.state = 'up';
      this.link.send({ type: 'call.answered', at: Date.now(), channelId });
      this.farEnds?.moment(channelId, { kind: 'answered' });
    });
  }

  play(channelId: string, req: PlayRequest): Promise<PlaybackHandle> {
    return this.link.request('play', [channelId, req], () => {
      this.upInApp(channelId);
      const playbackId = req.playbackId ?? `pb-${++this.seq}`;
      const media = typeof req.media === 'string' ? req.media : req.media.join(',');
      this.playbacks.set(playbackId, { channelId, media });
      this.link.send({ type: 'playback.started', at: Date.now(), playbackId, media, channelId });
      const ms = this.farEnds?.promptMs(media) ?? 3000;
      this.farEnds?.moment(channelId, { kind: 'playback', media, durationMs: ms });
      this.link.timers.after(ms, () => this.finishPlayback(playbackId));
      return { playbackId, channelId };
    });
  }

  stopPlayback = (playbackId: string): Promise<void> => this.link.request('stopPlayback', [playbackId], () => this.finishPlayback(playbackId));

  record(channelId: string, req: RecordRequest): Promise<RecordingHandle> {
    return this.link.request('record', [channelId, req], () => {
      this.upInApp(channelId);
      if (this.recordings.has(req.name)) throw new EngineError('CE_TELEPHONY_REQUEST_FAILED', `Recording '${req.name}' already exists`, { details: { status: 409 } });
      const format = req.format ?? 'wav';
      this.recordings.set(req.name, { channelId, format, startedAt: Date.now() });
      this.link.send({ type: 'recording.started', at: Date.now(), name: req.name, format, channelId });
      const cap = req.maxDurationSec ? req.maxDurationSec * 1000 : Infinity;
      const ms = Math.min(this.farEnds?.recordingMs(channelId, req) ?? cap, cap);
      this.farEnds?.moment(channelId, { kind: 'recording', durationMs: ms });
      this.link.timers.after(ms, () => this.finishRecording(req.name, false));
      return { name: req.name, format, channelId };
    });
  }

  stopRecording = (name: string): Promise<void> => this.link.request('stopRecording', [name], () => this.finishRecording(name, false));
  cancelRecording = (name: string): Promise<void> => this.link.request('cancelRecording', [name], () => this.finishRecording(name, true));
  deleteRecording = (name: string): Promise<void> => this.link.request('deleteRecording', [name], () => void this.stored.delete(name));

  fetchRecording(name: string): Promise<RecordingFile> {
    return this.link.request('fetchRecording', [name], () => {
      if (!this.stored.has(name)) throw new EngineError('CE_TELEPHONY_NOT_FOUND', `no stored recording ${name}`);
      return { name, contentType: 'audio/wav', data: Buffer.from('RIFF') };
    });
  }

  createBridge(req?: { bridgeId?: string }): Promise<BridgeHandle> {
    return this.link.request('createBridge', [req], () => {
      const bridgeId = req?.bridgeId ?? `br-${++this.seq}`;
      if (this.bridges.has(bridgeId)) throw new EngineError('CE_TELEPHONY_REQUEST_FAILED', `Bridge with id '${bridgeId}' already exists`, { details: { status: 409 } });
      this.bridges.set(bridgeId, new Set());
      return { bridgeId };
    });
  }

  addToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    return this.link.request('addToBridge', [bridgeId, channelIds], () => {
      const members = this.bridges.get(bridgeId);
      if (!members) throw new EngineError('CE_TELEPHONY_NOT_FOUND', 'Bridge not found');
      const chans = channelIds.map((id) => this.upInApp(id));
      for (const ch of chans) {
        members.add(ch.id);
        ch.bridge = bridgeId;
      }
      for (const ch of chans) this.farEnds?.moment(ch.id, { kind: 'bridged' });
    });
  }

  destroyBridge(bridgeId: string): Promise<void> {
    return this.link.request('destroyBridge', [bridgeId], () => {
      for (const id of this.bridges.get(bridgeId) ?? []) {
        const ch = this.channels.get(id);
        if (ch) ch.bridge = undefined;
      }
      this.bridges.delete(bridgeId);
    });
  }

  hangup(channelId: string, reason?: HangupReason | { readonly causeCode: number }): Promise<boolean> {
    return this.link.request('hangup', [channelId, reason], () => {
      const ch = this.channels.get(channelId);
      if (!ch || ch.state === 'gone') return false;
      const cause = typeof reason === 'object' ? reason.causeCode : (HANGUP_CAUSE[reason ?? 'normal'] ?? 16);
      this.end(ch, cause, true);
      return true;
    });
  }

  // Requests that only need the channel to exist (or to be up in our application).
  getVariable = (channelId: string, name: string): Promise<string | undefined> => this.link.request('getVariable', [channelId, name], () => void this.live(channelId));
  setVariable = (channelId: string, name: string, value: string): Promise<void> => this.link.request('setVariable', [channelId, name, value], () => void this.live(channelId));
  removeFromBridge = (bridgeId: string, ids: readonly string[]): Promise<void> => this.link.request('removeFromBridge', [bridgeId, ids], () => ids.forEach((id) => this.bridges.get(bridgeId)?.delete(id)));
  ring = (channelId: string): Promise<void> => this.link.request('ring', [channelId], () => void this.live(channelId));
  startMusicOnHold = (channelId: string, mohClass?: string): Promise<void> => this.link.request('startMusicOnHold', [channelId, mohClass], () => void this.upInApp(channelId));
  stopMusicOnHold = (channelId: string): Promise<void> => this.link.request('stopMusicOnHold', [channelId], () => void this.live(channelId));

  /** AMD round trip: the channel leaves, runs AMD() for 2 s and comes back with `HUMAN`. */
  continueInDialplan(channelId: string): Promise<void> {
    return this.link.request('continueInDialplan', [channelId], () => {
      const ch = this.upInApp(channelId);
      ch.inApp = false;
      this.link.send({ type: 'call.left', at: Date.now(), channelId });
      this.link.timers.after(2000, () => {
        if (ch.state === 'gone') return;
        ch.inApp = true;
        this.link.send(entered(ch, ['amd', ch.args[1] ?? '', 'HUMAN']));
      });
    });
  }

  listChannels(): Promise<TelephonyChannel[]> {
    return this.link.request('listChannels', [], () =>
      this.liveChannels().map((c) => ({ channelId: c.id, name: `PJSIP/fake-${c.id}`, state: c.state === 'up' ? 'up' : 'ring', inApplication: c.inApp, appArgs: c.args })),
    );
  }

  private dialOut(ch: ChaosChannel, req: OriginateRequest): void {
    const ringMs = (req.timeoutSec ?? 30) * 1000;
    const outcome = this.farEnds?.dial(req) ?? { kind: 'answer', afterMs: 1000 };
    if (outcome.kind === 'fail' && outcome.afterMs < ringMs) {
      this.link.timers.after(outcome.afterMs, () => this.failDial(ch, outcome.cause, outcome.status));
      return;
    }
    this.link.send({ type: 'call.ringing', at: Date.now(), channelId: ch.id });
    if (outcome.kind === 'answer' && outcome.afterMs < ringMs) this.link.timers.after(outcome.afterMs, () => this.answerOutbound(ch));
    // The PBX's own originate timeout: cause 19 and no final dial status (as captured on Asterisk 20).
    else this.link.timers.after(ringMs, () => this.failDial(ch, 19, undefined));
  }

  private answerOutbound(ch: ChaosChannel): void {
    if (ch.state !== 'dialing') return;
    ch.state = 'up';
    ch.inApp = true;
    const at = Date.now();
    this.link.send({ type: 'call.answered', at, channelId: ch.id });
    this.link.send({ type: 'dial.progressed', at, channelId: ch.id, status: 'answered', final: true, dialString: ch.id });
    this.link.send(entered(ch, ch.args));
    this.farEnds?.moment(ch.id, { kind: 'answered' });
  }

  private failDial(ch: ChaosChannel, cause: number, status: DialStatus | undefined): void {
    if (ch.state !== 'dialing') return;
    this.link.send({ type: 'call.hangup-requested', at: Date.now(), channelId: ch.id, soft: false, cause });
    if (status) this.link.send({ type: 'dial.progressed', at: Date.now(), channelId: ch.id, status, final: true, dialString: ch.id });
    this.end(ch, cause, false);
  }

  /** The channel goes: its media stop (their end events first), it leaves its bridge, then the hangup events. */
  private end(ch: ChaosChannel, cause: number, soft: boolean): void {
    if (ch.state === 'gone') return;
    const wasInApp = ch.inApp;
    ch.state = 'gone';
    ch.inApp = false;
    ch.endedAt = Date.now();
    ch.endedBy = soft ? 'engine' : 'far-end';
    for (const [id, p] of this.playbacks) if (p.channelId === ch.id) this.finishPlayback(id);
    for (const [name, r] of this.recordings) if (r.channelId === ch.id) this.finishRecording(name, false);
    if (ch.bridge) this.bridges.get(ch.bridge)?.delete(ch.id);
    ch.bridge = undefined;
    const at = Date.now();
    this.link.send(soft ? { type: 'call.hangup-requested', at, channelId: ch.id, soft: true, softFlag: 32 } : { type: 'call.hangup-requested', at, channelId: ch.id, soft: false, cause });
    if (wasInApp) this.link.send({ type: 'call.left', at, channelId: ch.id });
    this.link.send({ type: 'call.ended', at, channelId: ch.id, cause, causeText: causeText(cause), vanished: false });
  }

  private finishPlayback(playbackId: string): void {
    const p = this.playbacks.get(playbackId);
    if (!p) return;
    this.playbacks.delete(playbackId);
    this.link.sendMediaEnd({ type: 'playback.finished', at: Date.now(), playbackId, media: p.media, channelId: p.channelId });
  }

  private finishRecording(name: string, canceled: boolean): void {
    const r = this.recordings.get(name);
    if (!r) return;
    this.recordings.delete(name);
    if (!canceled) this.stored.add(name);
    const durationSec = Math.round((Date.now() - r.startedAt) / 1000);
    this.link.sendMediaEnd({ type: 'recording.finished', at: Date.now(), name, format: r.format, channelId: r.channelId, canceled, durationSec });
  }

  private live(channelId: string): ChaosChannel {
    const ch = this.channels.get(channelId);
    if (!ch || ch.state === 'gone') throw new CallGoneError('Channel not found');
    return ch;
  }

  /** A channel that is up inside our application (ARI: 404 gone, 409 not in Stasis, 412 not answered). */
  private upInApp(channelId: string): ChaosChannel {
    const ch = this.live(channelId);
    if (!ch.inApp) throw new CallGoneError('Channel not in Stasis application');
    if (ch.state !== 'up') throw new EngineError('CE_TELEPHONY_REQUEST_FAILED', 'Channel in invalid state', { details: { status: 412 } });
    return ch;
  }
}

function entered(ch: ChaosChannel, args: readonly string[]): CallEvent {
  const channel = { channelId: ch.id, name: `PJSIP/fake-${ch.id}`, state: 'up' as const, callerNumber: '', callerName: '', connectedNumber: '', context: '', extension: '' };
  return { type: 'call.entered', at: Date.now(), channelId: ch.id, args, state: 'up', channel };
}
