/**
 * The one normalised event stream of the telephony port. Adapters translate their PBX's events
 * (ARI StasisStart, ChannelDestroyed, ...) into these past-tense domain events; raw Asterisk names
 * never appear outside the adapters. Every event carries `at`, the PBX's own time of the event in
 * epoch milliseconds (the adapter's receive time when the PBX gave none).
 *
 * Telephony facts worth knowing when consuming these events (observed on Asterisk 20):
 * - events of a channel may arrive BEFORE `originate()` resolves: route by the pre-assigned channel id;
 * - `call.hangup-requested` with `soft: true` carries a soft-hangup flag, not a Q.850 cause: only
 *   `call.ended.cause` is the final cause;
 * - `call.ended` with cause 0 after an answered call usually means the other side hung up (Local channels);
 * - duplicates are dropped by the adapter, but consumers must still be idempotent (reconnects, reconcile).
 */

/** Channel states as the PBX reports them, in domain spelling. */
export type ChannelState =
  | 'down'
  | 'reserved'
  | 'off-hook'
  | 'dialing'
  | 'ring'
  | 'ringing'
  | 'up'
  | 'busy'
  | 'dialing-off-hook'
  | 'pre-ring'
  | 'unknown';

/**
 * Progress of an outbound dial attempt (Asterisk DIALSTATUS, normalised). `dialing` is the start of
 * the attempt; `ringing`, `progress` and `proceeding` are intermediate; everything else is final.
 */
export type DialStatus =
  | 'dialing'
  | 'ringing'
  | 'progress'
  | 'proceeding'
  | 'answered'
  | 'busy'
  | 'congestion'
  | 'unavailable'
  | 'no-answer'
  | 'cancelled'
  | 'other';

/** What the PBX knows about a channel when it enters the application. */
export interface ChannelSnapshot {
  readonly channelId: string;
  /** Technology name, e.g. `PJSIP/carrier-00000007` or `Local/100@ctx-0000000f;1`. */
  readonly name: string;
  readonly state: ChannelState;
  readonly callerNumber: string;
  readonly callerName: string;
  readonly connectedNumber: string;
  /** Dialplan location (for inbound calls: where `Stasis()` ran). */
  readonly context: string;
  readonly extension: string;
}

interface EventBase {
  /** When the PBX produced the event, epoch ms. */
  readonly at: number;
}

/** The channel entered our application (`Stasis()`/answered originate); `args` are the app arguments. A channel may already be `up`. */
export interface CallEnteredEvent extends EventBase {
  readonly type: 'call.entered';
  readonly channelId: string;
  readonly args: readonly string[];
  readonly state: ChannelState;
  readonly channel: ChannelSnapshot;
}

/** The channel reached the Up state (the callee answered, or we answered). */
export interface CallAnsweredEvent extends EventBase {
  readonly type: 'call.answered';
  readonly channelId: string;
}

/** The far end is ringing (outbound leg). */
export interface CallRingingEvent extends EventBase {
  readonly type: 'call.ringing';
  readonly channelId: string;
}

/** Any other channel state change. */
export interface CallStateChangedEvent extends EventBase {
  readonly type: 'call.state-changed';
  readonly channelId: string;
  readonly state: ChannelState;
}

/** The channel left our application (hangup, or continue in dialplan). It may still exist. */
export interface CallLeftEvent extends EventBase {
  readonly type: 'call.left';
  readonly channelId: string;
}

/**
 * Someone asked the channel to hang up. With `soft: false` the far end hung up and `cause` is the
 * Q.850 cause (+ `techCause`, e.g. the SIP status). With `soft: true` the hangup came from inside the
 * PBX (REST hangup 32, end of dialplan 16, shutdown 4) and `softFlag` holds that flag: not a cause.
 */
export interface CallHangupRequestedEvent extends EventBase {
  readonly type: 'call.hangup-requested';
  readonly channelId: string;
  readonly soft: boolean;
  readonly cause?: number;
  readonly softFlag?: number;
  readonly techCause?: number;
}

/**
 * The channel is gone: the terminal event of every channel. `cause` is the final Q.850 cause (0 = unknown).
 * `vanished`: after a reconnect the channel no longer existed and its real end was never seen (cause 0).
 */
export interface CallEndedEvent extends EventBase {
  readonly type: 'call.ended';
  readonly channelId: string;
  readonly cause: number;
  readonly causeText: string;
  /** Technology cause, e.g. the SIP final response (486); absent when the PBX gave none. */
  readonly techCause?: number;
  readonly vanished: boolean;
}

/** After a reconnect: a channel the engine owns still exists and is controllable again (its missed events are lost). */
export interface CallReadoptedEvent extends EventBase {
  readonly type: 'call.readopted';
  readonly channelId: string;
  readonly state: ChannelState;
  /** True when the channel is inside our application (not dialing, not running dialplan). */
  readonly inApplication: boolean;
}

/** A dial attempt progressed. `channelId` is the DIALED channel; `callerChannelId` the dialing one, if any. */
export interface DialProgressedEvent extends EventBase {
  readonly type: 'dial.progressed';
  readonly channelId: string;
  readonly status: DialStatus;
  /** True for a final status (the attempt is over). */
  readonly final: boolean;
  readonly dialString: string;
  readonly callerChannelId?: string;
  /** Where the call was forwarded, when it was. */
  readonly forwardedTo?: string;
}

interface MediaTarget {
  /** The channel the media plays to or records from (absent when the target is a bridge). */
  readonly channelId?: string;
  readonly bridgeId?: string;
}

export interface PlaybackStartedEvent extends EventBase, MediaTarget {
  readonly type: 'playback.started';
  readonly playbackId: string;
  readonly media: string;
}

/** One item of a media list finished; the next one starts. */
export interface PlaybackContinuingEvent extends EventBase, MediaTarget {
  readonly type: 'playback.continuing';
  readonly playbackId: string;
  readonly media: string;
}

/** The prompt played to its end, or was stopped. Flows move on on this event, never on a timer. */
export interface PlaybackFinishedEvent extends EventBase, MediaTarget {
  readonly type: 'playback.finished';
  readonly playbackId: string;
  readonly media: string;
}

/** The prompt could not be played (e.g. missing sound file). */
export interface PlaybackFailedEvent extends EventBase, MediaTarget {
  readonly type: 'playback.failed';
  readonly playbackId: string;
  readonly media: string;
}

export interface RecordingStartedEvent extends EventBase, MediaTarget {
  readonly type: 'recording.started';
  readonly name: string;
  readonly format: string;
}

/**
 * The recording ended (max duration, max silence, terminate digit, stop, or hangup) and the file is
 * stored, unless `canceled`. Silence limits count from the START of the recording.
 */
export interface RecordingFinishedEvent extends EventBase, MediaTarget {
  readonly type: 'recording.finished';
  readonly name: string;
  readonly format: string;
  readonly canceled: boolean;
  readonly durationSec?: number;
  /** Only when a max-silence limit was set. */
  readonly talkingDurationSec?: number;
  readonly silenceDurationSec?: number;
}

export interface RecordingFailedEvent extends EventBase, MediaTarget {
  readonly type: 'recording.failed';
  readonly name: string;
  readonly format: string;
  readonly cause?: string;
}

/** The caller pressed a key. */
export interface DtmfReceivedEvent extends EventBase {
  readonly type: 'dtmf.received';
  readonly channelId: string;
  /** `0`-`9`, `*`, `#`, `A`-`D`. */
  readonly digit: string;
  readonly durationMs: number;
}

export interface BridgeJoinedEvent extends EventBase {
  readonly type: 'bridge.joined';
  readonly bridgeId: string;
  readonly channelId: string;
  /** Members after the join. */
  readonly channelIds: readonly string[];
}

export interface BridgeLeftEvent extends EventBase {
  readonly type: 'bridge.left';
  readonly bridgeId: string;
  readonly channelId: string;
  /** Members after the leave. */
  readonly channelIds: readonly string[];
}

export interface BridgeDestroyedEvent extends EventBase {
  readonly type: 'bridge.destroyed';
  readonly bridgeId: string;
}

/** A channel variable was set (by the dialplan, e.g. AMDSTATUS, or by the PBX itself). */
export interface VariableSetEvent extends EventBase {
  readonly type: 'variable.set';
  readonly channelId: string;
  readonly name: string;
  readonly value: string;
}

/** The event link to the PBX is down; events of this period are lost. The adapter reconnects by itself. */
export interface ConnectionLostEvent extends EventBase {
  readonly type: 'connection.lost';
  readonly reason: string;
  /** Close code of the link when there was one (1006 = dropped without a close frame). */
  readonly code?: number;
}

/** The event link is back (after a loss). A reconcile follows: `call.readopted` / `call.ended` events. */
export interface ConnectionRestoredEvent extends EventBase {
  readonly type: 'connection.restored';
  readonly downtimeMs: number;
  readonly attempts: number;
}

/** Another client took over our application name; the adapter lets go and tries to take it back later. */
export interface AppReplacedEvent extends EventBase {
  readonly type: 'app.replaced';
}

export type CallEvent =
  | CallEnteredEvent
  | CallAnsweredEvent
  | CallRingingEvent
  | CallStateChangedEvent
  | CallLeftEvent
  | CallHangupRequestedEvent
  | CallEndedEvent
  | CallReadoptedEvent
  | DialProgressedEvent
  | PlaybackStartedEvent
  | PlaybackContinuingEvent
  | PlaybackFinishedEvent
  | PlaybackFailedEvent
  | RecordingStartedEvent
  | RecordingFinishedEvent
  | RecordingFailedEvent
  | DtmfReceivedEvent
  | BridgeJoinedEvent
  | BridgeLeftEvent
  | BridgeDestroyedEvent
  | VariableSetEvent
  | ConnectionLostEvent
  | ConnectionRestoredEvent
  | AppReplacedEvent;

export type CallEventType = CallEvent['type'];
export type CallEventListener = (event: CallEvent) => void;

/** The channel an event belongs to, if any (for routing events to call sessions). */
export function channelIdOf(event: CallEvent): string | undefined {
  return 'channelId' in event ? event.channelId : undefined;
}
