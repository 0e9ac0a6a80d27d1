/**
 * ARI WebSocket event → `CallEvent`. One small mapper per ARI event type, selected from a table;
 * the table tests feed it every event type seen in the captures of a real Asterisk 20.20.1.
 *
 * Quirks handled here (PROTOCOLS.md §2.5/§2.6):
 * - `ChannelHangupRequest` with `soft: true` carries a soft-hangup FLAG (32 REST, 16 end of dialplan,
 *   4 shutdown), never a Q.850 cause, so it is exposed as `softFlag`;
 * - `Dial` concerns the `peer` (the dialed channel); `caller` is the dialing channel when there is one;
 * - `PlaybackFinished` with state `failed` is a failure; `RecordingFinished` with `canceled` is a discard;
 * - `ChannelVarset` without a channel is a global variable: not a call event.
 */
import type { CallEvent, DialStatus } from '../../../ports/call-event';
import {
  asRecord,
  channelState,
  num,
  parseAriTimestamp,
  str,
  strList,
  type AriChannelJson,
  type AriMessage,
} from './ari-models';

export type AriMapResult =
  | { readonly kind: 'event'; readonly event: CallEvent }
  /** A known ARI event that means nothing to the engine (e.g. ChannelDialplan). */
  | { readonly kind: 'ignored'; readonly type: string }
  /** An event type this adapter does not know (newer Asterisk); logged at debug. */
  | { readonly kind: 'unknown'; readonly type: string }
  /** Not a usable event (no type, missing ids). */
  | { readonly kind: 'invalid'; readonly reason: string };

type Mapper = (e: AriMessage, at: number) => CallEvent | string;

/** Known event types the engine does not use. */
const IGNORED = new Set([
  'ApplicationMoveFailed',
  'ApplicationRegistered',
  'ApplicationUnregistered',
  'BridgeAttendedTransfer',
  'BridgeBlindTransfer',
  'BridgeCreated',
  'BridgeMerged',
  'BridgeVideoSourceChanged',
  'CallBroadcast',
  'CallClaimed',
  'ChannelCallerId',
  'ChannelConnectedLine',
  'ChannelCreated',
  'ChannelDialplan',
  'ChannelHold',
  'ChannelTalkingFinished',
  'ChannelTalkingStarted',
  'ChannelTransfer',
  'ChannelUnhold',
  'ChannelUserevent',
  'ContactStatusChange',
  'DeviceStateChanged',
  'EndpointStateChange',
  'PeerStatusChange',
  'TextMessageReceived',
]);

const DIAL_STATUS: Readonly<Record<string, DialStatus>> = {
  '': 'dialing',
  RINGING: 'ringing',
  PROGRESS: 'progress',
  PROCEEDING: 'proceeding',
  ANSWER: 'answered',
  BUSY: 'busy',
  CONGESTION: 'congestion',
  CHANUNAVAIL: 'unavailable',
  NOANSWER: 'no-answer',
  CANCEL: 'cancelled',
};
const NON_FINAL = new Set<DialStatus>(['dialing', 'ringing', 'progress', 'proceeding']);

function channelOf(e: AriMessage, field = 'channel'): AriChannelJson | undefined {
  return asRecord(e[field]) as AriChannelJson | undefined;
}

function channelIdOf(e: AriMessage, field = 'channel'): string {
  return str(channelOf(e, field)?.id);
}

/** `channel:<id>` / `bridge:<id>` → the media target fields. */
function targetOf(uri: string): { channelId?: string; bridgeId?: string } {
  if (uri.startsWith('channel:')) return { channelId: uri.slice(8) };
  if (uri.startsWith('bridge:')) return { bridgeId: uri.slice(7) };
  return {};
}

function withChannel(e: AriMessage, build: (channelId: string) => CallEvent): CallEvent | string {
  const channelId = channelIdOf(e);
  return channelId ? build(channelId) : 'event without channel id';
}

function stasisStart(e: AriMessage, at: number): CallEvent | string {
  const ch = channelOf(e);
  const channelId = str(ch?.id);
  if (!ch || !channelId) return 'StasisStart without channel id';
  const state = channelState(ch.state);
  const channel = {
    channelId,
    name: str(ch.name),
    state,
    callerNumber: str(ch.caller?.number),
    callerName: str(ch.caller?.name),
    connectedNumber: str(ch.connected?.number),
    context: str(ch.dialplan?.context),
    extension: str(ch.dialplan?.exten),
  };
  return { type: 'call.entered', at, channelId, args: strList(e.args), state, channel };
}

function stateChange(e: AriMessage, at: number): CallEvent | string {
  return withChannel(e, (channelId) => {
    const state = channelState(channelOf(e)?.state);
    if (state === 'up') return { type: 'call.answered', at, channelId };
    if (state === 'ringing') return { type: 'call.ringing', at, channelId };
    return { type: 'call.state-changed', at, channelId, state };
  });
}

function hangupRequest(e: AriMessage, at: number): CallEvent | string {
  return withChannel(e, (channelId) => {
    const soft = e.soft === true;
    const code = num(e.cause);
    const techCause = num(e.tech_cause);
    return {
      type: 'call.hangup-requested',
      at,
      channelId,
      soft,
      ...(code === undefined ? {} : soft ? { softFlag: code } : { cause: code }),
      ...(techCause ? { techCause } : {}),
    };
  });
}

function destroyed(e: AriMessage, at: number): CallEvent | string {
  return withChannel(e, (channelId) => {
    const techCause = num(e.tech_cause);
    const cause = num(e.cause) ?? 0;
    const causeText = str(e.cause_txt, 'Unknown');
    return { type: 'call.ended', at, channelId, cause, causeText, vanished: false, ...(techCause ? { techCause } : {}) };
  });
}

function dial(e: AriMessage, at: number): CallEvent | string {
  const channelId = channelIdOf(e, 'peer');
  if (!channelId) return 'Dial without peer id';
  const status = DIAL_STATUS[str(e.dialstatus)] ?? 'other';
  const callerChannelId = channelIdOf(e, 'caller');
  const forwardedTo = str(e.forward);
  return {
    type: 'dial.progressed',
    at,
    channelId,
    status,
    final: !NON_FINAL.has(status),
    dialString: str(e.dialstring),
    ...(callerChannelId ? { callerChannelId } : {}),
    ...(forwardedTo ? { forwardedTo } : {}),
  };
}

function playback(e: AriMessage, at: number): CallEvent | string {
  const pb = asRecord(e.playback);
  const playbackId = str(pb?.id);
  if (!pb || !playbackId) return 'playback event without playback id';
  const base = { at, playbackId, media: str(pb.media_uri), ...targetOf(str(pb.target_uri)) };
  if (e.type === 'PlaybackStarted') return { type: 'playback.started', ...base };
  if (e.type === 'PlaybackContinuing') return { type: 'playback.continuing', ...base };
  return str(pb.state) === 'failed' ? { type: 'playback.failed', ...base } : { type: 'playback.finished', ...base };
}

function recording(e: AriMessage, at: number): CallEvent | string {
  const rec = asRecord(e.recording);
  const name = str(rec?.name);
  if (!rec || !name) return 'recording event without name';
  const base = { at, name, format: str(rec.format), ...targetOf(str(rec.target_uri)) };
  if (e.type === 'RecordingStarted') return { type: 'recording.started', ...base };
  if (e.type === 'RecordingFailed') {
    const cause = str(rec.cause);
    return { type: 'recording.failed', ...base, ...(cause ? { cause } : {}) };
  }
  const durationSec = num(rec.duration);
  const talkingDurationSec = num(rec.talking_duration);
  const silenceDurationSec = num(rec.silence_duration);
  return {
    type: 'recording.finished',
    ...base,
    canceled: str(rec.state) === 'canceled',
    ...(durationSec === undefined ? {} : { durationSec }),
    ...(talkingDurationSec === undefined ? {} : { talkingDurationSec }),
    ...(silenceDurationSec === undefined ? {} : { silenceDurationSec }),
  };
}

function bridgeMembership(e: AriMessage, at: number): CallEvent | string {
  const bridge = asRecord(e.bridge);
  const bridgeId = str(bridge?.id);
  const channelId = channelIdOf(e);
  if (!bridgeId || !channelId) return 'bridge event without bridge or channel id';
  const type = e.type === 'ChannelEnteredBridge' ? 'bridge.joined' : 'bridge.left';
  return { type, at, bridgeId, channelId, channelIds: strList(bridge?.channels) };
}

function bridgeDestroyed(e: AriMessage, at: number): CallEvent | string {
  const bridgeId = str(asRecord(e.bridge)?.id);
  return bridgeId ? { type: 'bridge.destroyed', at, bridgeId } : 'BridgeDestroyed without bridge id';
}

const MAPPERS: Readonly<Record<string, Mapper>> = {
  StasisStart: stasisStart,
  StasisEnd: (e, at) => withChannel(e, (channelId) => ({ type: 'call.left', at, channelId })),
  ChannelStateChange: stateChange,
  ChannelHangupRequest: hangupRequest,
  ChannelDestroyed: destroyed,
  Dial: dial,
  PlaybackStarted: playback,
  PlaybackContinuing: playback,
  PlaybackFinished: playback,
  RecordingStarted: recording,
  RecordingFinished: recording,
  RecordingFailed: recording,
  ChannelDtmfReceived: (e, at) =>
    withChannel(e, (channelId) => ({ type: 'dtmf.received', at, channelId, digit: str(e.digit), durationMs: num(e.duration_ms) ?? 0 })),
  ChannelEnteredBridge: bridgeMembership,
  ChannelLeftBridge: bridgeMembership,
  BridgeDestroyed: bridgeDestroyed,
  ChannelVarset: (e, at) =>
    withChannel(e, (channelId) => ({ type: 'variable.set', at, channelId, name: str(e.variable), value: str(e.value) })),
  ApplicationReplaced: (_e, at) => ({ type: 'app.replaced', at }),
};

/** Event types this map turns into call events (for documentation and tests). */
export const MAPPED_ARI_EVENT_TYPES: readonly string[] = Object.keys(MAPPERS);
export const IGNORED_ARI_EVENT_TYPES: readonly string[] = [...IGNORED];

/**
 * Maps one parsed ARI message. `receivedAt` is used when the message has no usable timestamp.
 * Never throws: whatever the input, the result says what to do with it.
 */
export function mapAriEvent(message: unknown, receivedAt: number): AriMapResult {
  const e = asRecord(message);
  const type = e ? str(e.type) : '';
  if (!e || !type) return { kind: 'invalid', reason: 'message without a type' };
  const mapper = Object.prototype.hasOwnProperty.call(MAPPERS, type) ? MAPPERS[type] : undefined;
  if (!mapper) return IGNORED.has(type) ? { kind: 'ignored', type } : { kind: 'unknown', type };
  // A channel global variable (ChannelVarset without channel) is not about a call.
  if (type === 'ChannelVarset' && !e.channel) return { kind: 'ignored', type };
  const result = mapper(e, parseAriTimestamp(e.timestamp, receivedAt));
  return typeof result === 'string' ? { kind: 'invalid', reason: `${type}: ${result}` } : { kind: 'event', event: result };
}
