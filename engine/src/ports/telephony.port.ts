/**
 * The telephony port: call control and media on the PBX, and one normalised event stream
 * (`CallEvent`). Vendor types never cross it; the ARI adapter implements it for Asterisk.
 *
 * Error contract of every method (callers match `code`, never the message):
 * - `CE_CALL_GONE` (`CallGoneError`): the channel hung up or left our application meanwhile. Normal
 *   in telephony; settle the call quietly.
 * - `CE_TELEPHONY_NOT_CONNECTED`: the PBX is unreachable (or, for originate, our event link is down).
 * - `CE_TELEPHONY_TIMEOUT`: no answer within `asterisk.ari.requestTimeoutSec`; the outcome is unknown.
 * - `CE_TELEPHONY_INVALID_REQUEST`: the arguments cannot be sent (bad id, empty media list, ...).
 * - `CE_TELEPHONY_NOT_FOUND`: the bridge, playback or stored recording does not exist.
 * - `CE_TELEPHONY_ORIGINATE_FAILED`: the PBX could not create the outbound channel at all.
 * - `CE_TELEPHONY_AUTH_FAILED`: the PBX rejected our credentials.
 * - `CE_TELEPHONY_REQUEST_FAILED`: any other refusal; `details.status` holds the PBX status code.
 */
import type { CallEventListener, ChannelState } from './call-event';

export type { CallEvent, CallEventListener, CallEventType, ChannelState, DialStatus } from './call-event';

/** Hangup reasons the PBX maps to Q.850 causes (normal 16, busy 17, congestion 34, no-answer 19, ...). */
export type HangupReason =
  | 'normal'
  | 'busy'
  | 'congestion'
  | 'no-answer'
  | 'timeout'
  | 'rejected'
  | 'unallocated'
  | 'normal-unspecified'
  | 'number-incomplete'
  | 'codec-mismatch'
  | 'interworking'
  | 'failure'
  | 'answered-elsewhere';

/** A place in the dialplan. */
export interface DialplanTarget {
  readonly context: string;
  readonly extension: string;
  /** Default 1. */
  readonly priority?: number;
  /** A priority label instead of a number. */
  readonly label?: string;
}

export interface OriginateRequest {
  /**
   * Pre-assigned id of the new channel. Register the call session under this id BEFORE calling
   * originate: the channel's events can arrive before originate() resolves.
   */
  readonly channelId: string;
  /** Id of the second half of a Local channel (the PBX default is `<channelId>;2`). */
  readonly otherChannelId?: string;
  /** What to dial, e.g. `PJSIP/09121234567@trunk` or `Local/0912...@salehi-outbound/n`. Validated by the caller. */
  readonly endpoint: string;
  /** Caller ID presented, e.g. `"Acme" <4055550100>` or `4055550100`. */
  readonly callerId?: string;
  /** Ring time before the PBX gives up with cause 19 (no answer). PBX default 30 s. */
  readonly timeoutSec?: number;
  /** Channel variables set before dialing (a Local channel copies them to its second half). */
  readonly variables?: Readonly<Record<string, string>>;
  /** Arguments the channel carries into our application when answered (`call.entered.args`). No commas. */
  readonly appArgs?: readonly string[];
  /** Send the answered channel to the dialplan instead of our application. */
  readonly dialplan?: DialplanTarget;
}

/** The channel as the PBX created it (state is normally `down`: dialing runs after the answer). */
export interface OriginatedChannel {
  readonly channelId: string;
  readonly name: string;
  readonly state: ChannelState;
}

export interface PlayRequest {
  /** Media URIs played in order: `sound:custom/hello`, `recording:<name>`, `digits:123`, `tone:ring`, ... */
  readonly media: string | readonly string[];
  /** Pre-assigned playback id, so the playback's events can be matched before play() resolves. */
  readonly playbackId?: string;
  readonly language?: string;
}

export interface PlaybackHandle {
  readonly playbackId: string;
  readonly channelId: string;
}

export interface RecordRequest {
  /** Recording name (no extension); may contain `/` sub-folders. Use a NEW name for each take. */
  readonly name: string;
  /** File format, default `wav`. */
  readonly format?: string;
  /** Stop after this many seconds (0 = no limit). */
  readonly maxDurationSec?: number;
  /** Stop after this much silence, counted from the start of the recording (0 = off). */
  readonly maxSilenceSec?: number;
  readonly beep?: boolean;
  /** A key that ends the recording. Default `none`. */
  readonly terminateOn?: 'none' | 'any' | '*' | '#';
  /** What to do when a recording of that name exists. Default `overwrite`. */
  readonly ifExists?: 'fail' | 'overwrite' | 'append';
}

export interface RecordingHandle {
  readonly name: string;
  readonly format: string;
  readonly channelId: string;
}

/** A stored recording's bytes. */
export interface RecordingFile {
  readonly name: string;
  /** MIME type as the PBX sent it, e.g. `audio/wav`. */
  readonly contentType: string;
  readonly data: Buffer;
}

export interface BridgeRequest {
  /** Pre-assigned bridge id. */
  readonly bridgeId?: string;
  /** `mixing` (talk) or `holding` (wait, e.g. with music). Default `mixing`. */
  readonly type?: 'mixing' | 'holding';
  readonly name?: string;
}

export interface BridgeHandle {
  readonly bridgeId: string;
}

/** A channel of our application, as listed for reconciliation. */
export interface TelephonyChannel {
  readonly channelId: string;
  readonly name: string;
  readonly state: ChannelState;
  /** True when the channel is inside our application; false while it dials or runs dialplan. */
  readonly inApplication: boolean;
  /** The application arguments when `inApplication`. */
  readonly appArgs: readonly string[];
}

/**
 * What the engine's live sessions own; supplied by the port's user (the session registry). Used after
 * every (re)connect to tell the engine's channels from strays.
 */
export interface ChannelDirectory {
  /** Ids of channels the engine's sessions own (including originates registered but not yet answered). */
  ownedChannelIds(): Iterable<string>;
}

export interface TelephonyPort {
  /** True while the event link to the PBX is up (shown by `/ready`). REST calls may still work without it. */
  isConnected(): boolean;

  /** Subscribes to every call event (subscribe BEFORE acting). Returns the unsubscribe function. */
  onEvent(listener: CallEventListener): () => void;

  /**
   * Supplies the engine's channel ownership. After each (re)connect the port then reconciles: owned
   * channels still alive → `call.readopted`; owned channels gone → `call.ended` (cause 0, vanished);
   * channels of our application nobody owns → hung up.
   */
  setChannelDirectory(directory: ChannelDirectory): void;

  /**
   * Places an outbound call. Resolves when the PBX accepts the originate (channel created), NOT when
   * the callee answers: the outcome arrives as events (`dial.progressed`, `call.entered`, `call.ended`).
   * Refused with `CE_TELEPHONY_NOT_CONNECTED` while the event link is down (the PBX would drop the
   * answered call because our application is inactive).
   */
  originate(request: OriginateRequest): Promise<OriginatedChannel>;

  /** Answers an inbound channel (no-op if already up). Fails with 412-style `CE_TELEPHONY_REQUEST_FAILED` on a channel that is still dialing. */
  answer(channelId: string): Promise<void>;

  /** Sends ringing to an unanswered inbound channel. */
  ring(channelId: string): Promise<void>;

  /** Starts music on hold (class `default` unless given) on the channel. */
  startMusicOnHold(channelId: string, mohClass?: string): Promise<void>;

  /** Stops music on hold on the channel. */
  stopMusicOnHold(channelId: string): Promise<void>;

  /**
   * Starts playing media to the channel. Resolves when the playback is queued; completion comes as
   * `playback.finished` / `playback.failed` with the returned `playbackId`.
   */
  play(channelId: string, request: PlayRequest): Promise<PlaybackHandle>;

  /** Stops a playback (then `playback.finished` follows). Resolves also when it already ended. */
  stopPlayback(playbackId: string): Promise<void>;

  /**
   * Starts recording the caller. Resolves when the recording is queued; it ends with
   * `recording.finished` (file stored) or `recording.failed`.
   */
  record(channelId: string, request: RecordRequest): Promise<RecordingHandle>;

  /** Stops a live recording and keeps the file. Resolves also when it already ended. */
  stopRecording(name: string): Promise<void>;

  /** Stops a live recording and discards the file. Resolves also when it already ended. */
  cancelRecording(name: string): Promise<void>;

  /** Fetches a stored recording's bytes (for STT). `CE_TELEPHONY_NOT_FOUND` when there is none. */
  fetchRecording(name: string): Promise<RecordingFile>;

  /** Deletes a stored recording. Resolves also when it does not exist. */
  deleteRecording(name: string): Promise<void>;

  /** Creates a bridge (a conference between channels of our application). */
  createBridge(request?: BridgeRequest): Promise<BridgeHandle>;

  /** Puts channels into a bridge: they can hear each other. `CallGoneError` when one has hung up. */
  addToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;

  /** Takes channels out of a bridge (back into our application). */
  removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void>;

  /** Destroys a bridge; its channels stay in our application. Resolves also when it is already gone. */
  destroyBridge(bridgeId: string): Promise<void>;

  /**
   * Hangs the channel up with a reason (default `normal`) or an explicit Q.850 cause code. Works on any
   * channel, in our application or not. Resolves `true` when the hangup was sent, `false` when the
   * channel was already gone (idempotent: never a `CallGoneError`).
   */
  hangup(channelId: string, reason?: HangupReason | { readonly causeCode: number }): Promise<boolean>;

  /** Reads a channel variable or function (e.g. `CALLERID(num)`); undefined when unset. Works outside our application too. */
  getVariable(channelId: string, name: string): Promise<string | undefined>;

  /** Sets a channel variable (visible to the dialplan afterwards). */
  setVariable(channelId: string, name: string, value: string): Promise<void>;

  /**
   * Sends the channel back to the dialplan (at `target`, or where it left it). The channel leaves our
   * application (`call.left`) but its events keep arriving.
   */
  continueInDialplan(channelId: string, target?: DialplanTarget): Promise<void>;

  /** Lists the channels of our application, including outbound channels still dialing. */
  listChannels(): Promise<TelephonyChannel[]>;
}
