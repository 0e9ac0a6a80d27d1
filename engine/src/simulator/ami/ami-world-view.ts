/**
 * What the simulator's AMI server needs from the simulated world (channels, endpoints, outbound
 * registrations, contacts), and the world events it renders as AMI events. The server owns only the
 * AMI protocol: sessions, login, event masks, framing, and the AMI-specific rules (OriginateResponse
 * contents and Reason numbers, list framing, error texts). The world (engine/src/simulator/core)
 * owns what exists and what happens. Values use the engine's domain spelling; the server renders
 * the Asterisk spelling (PROTOCOLS.md §1).
 */
import type { ChannelState, DialStatus } from '../../ports/call-event';
import type { ContactState, EndpointState } from '../../ports/line-monitor.port';

export type SimChannelState = Exclude<ChannelState, 'unknown'>;

/** One channel as AMI shows it (the snapshot block plus what CoreShowChannels adds). */
export interface SimChannel {
  /** e.g. `PJSIP/trunk-0000001c`, `Local/100@customer-sim-0000000a;1`. */
  readonly name: string;
  readonly uniqueid: string;
  readonly linkedid: string;
  readonly state: SimChannelState;
  /** undefined renders as `<unknown>`. */
  readonly callerIdNum?: string;
  readonly callerIdName?: string;
  readonly connectedLineNum?: string;
  readonly connectedLineName?: string;
  /** Default `en`. */
  readonly language?: string;
  /** Default ''. */
  readonly accountCode?: string;
  readonly context: string;
  readonly exten: string;
  readonly priority: number;
  /** Current dialplan application and its data (CoreShowChannels). */
  readonly application?: string;
  readonly applicationData?: string;
  /** Creation time, epoch ms (CoreShowChannels `Duration`). */
  readonly createdAt: number;
  /** Bridge the channel is in, if any. */
  readonly bridgeId?: string;
  /** Values of the manager.conf `channelvars` the channel has (rendered as `ChanVariable: NAME=value`). */
  readonly variables?: ReadonlyArray<readonly [string, string]>;
}

export interface SimEndpoint {
  readonly name: string;
  readonly transport: string;
  /** AOR names, comma separated ('' when none). */
  readonly aor: string;
  readonly auths?: string;
  readonly outboundAuths?: string;
  /** One entry per contact, `aor/uri`. */
  readonly contacts: readonly string[];
  readonly deviceState: EndpointState;
  readonly activeChannels: number;
}

export interface SimAuth {
  readonly name: string;
  readonly username: string;
  readonly password: string;
  readonly realm?: string;
}

export interface SimRegistration {
  readonly name: string;
  readonly serverUri: string;
  readonly clientUri: string;
  readonly status: 'registered' | 'unregistered' | 'rejected';
  readonly contactUser?: string;
  readonly transport?: string;
  readonly expiration?: number;
  readonly retryInterval?: number;
  readonly maxRetries?: number;
  readonly nextReg?: number;
  /** The outbound auth object (listed as an `AuthDetail` after the registration). */
  readonly auth?: SimAuth;
}

export interface SimContact {
  readonly aor: string;
  readonly uri: string;
  readonly endpoint: string;
  readonly status: Exclude<ContactState, 'removed'>;
  readonly roundtripUsec?: number;
  readonly userAgent?: string;
  readonly callId?: string;
  /** Epoch seconds. */
  readonly expirationTime?: number;
  readonly viaAddr?: string;
  readonly viaPort?: number;
  readonly qualifyFrequency?: number;
}

export interface SimAor {
  readonly name: string;
  readonly contacts: readonly string[];
  readonly maxContacts?: number;
  readonly qualifyFrequency?: number;
  readonly removeExisting?: boolean;
}

export type SimOriginateTarget =
  | { readonly kind: 'exten'; readonly context: string; readonly exten: string; readonly priority: number }
  | { readonly kind: 'app'; readonly application: string; readonly data: string };

/** An AMI Originate, validated by the server (syntax) and handed to the world. */
export interface SimOriginateRequest {
  /** Server-assigned id; the world's `originate.result` event names it. */
  readonly ref: string;
  /** `Tech/data` as requested, e.g. `PJSIP/09121234567@trunk`. */
  readonly channel: string;
  readonly target: SimOriginateTarget;
  readonly timeoutMs: number;
  readonly callerIdName?: string;
  readonly callerIdNum?: string;
  readonly variables: Readonly<Record<string, string>>;
  readonly account?: string;
  readonly channelId?: string;
  readonly otherChannelId?: string;
  readonly async: boolean;
}

/** The world's verdict on an originate at request time. */
export type SimOriginateAccept = { readonly ok: true } | { readonly ok: false; readonly error: 'no_extension' };

/**
 * How an originate ended. `indicated` = the far end signalled BUSY/CONGESTION in-band (a Local
 * channel running Busy()/Congestion()); a PJSIP final response (486, 503) is not an indication.
 */
export type SimOriginateOutcome =
  | { readonly answered: true; readonly channel: SimChannel }
  | { readonly answered: false; readonly cause: 'no_answer' | 'busy' | 'congestion' | 'failed'; readonly indicated?: boolean };

export type AmiWorldEvent =
  | { readonly type: 'channel.created' | 'channel.state' | 'channel.connectedline'; readonly channel: SimChannel }
  /** NewCallerid; `presentation` is the `CID-CallingPres` text (default `0 (Presentation Allowed, Not Screened)`). */
  | { readonly type: 'channel.callerid'; readonly channel: SimChannel; readonly presentation?: string }
  | { readonly type: 'channel.dialplan'; readonly channel: SimChannel; readonly application: string; readonly appData: string }
  | { readonly type: 'channel.varset'; readonly channel: SimChannel; readonly variable: string; readonly value: string }
  | { readonly type: 'channel.hangup-requested'; readonly channel: SimChannel; readonly cause: number; readonly techCause?: number; readonly soft: boolean }
  | { readonly type: 'channel.hungup'; readonly channel: SimChannel; readonly cause: number; readonly techCause?: number }
  | { readonly type: 'dial.begin'; readonly caller?: SimChannel; readonly dest: SimChannel; readonly dialString: string }
  | { readonly type: 'dial.state' | 'dial.end'; readonly caller?: SimChannel; readonly dest: SimChannel; readonly status: DialStatus }
  | { readonly type: 'local.bridge'; readonly one: SimChannel; readonly two: SimChannel; readonly context: string; readonly exten: string; readonly optimization: boolean }
  | { readonly type: 'device.state'; readonly device: string; readonly state: EndpointState }
  | { readonly type: 'registry'; readonly clientUri: string; readonly serverUri: string; readonly status: SimRegistration['status']; readonly cause?: string }
  | { readonly type: 'contact.status'; readonly uri: string; readonly aor: string; readonly endpoint: string; readonly status: ContactState; readonly roundtripUsec?: number }
  | { readonly type: 'peer.status'; readonly endpoint: string; readonly reachable: boolean }
  | { readonly type: 'originate.result'; readonly ref: string; readonly outcome: SimOriginateOutcome }
  /** The PBX finished booting (broadcast FullyBooted), e.g. after a simulated boot window. */
  | { readonly type: 'system.booted' };

export type AmiWorldListener = (event: AmiWorldEvent) => void;

/** The narrow view of the simulated world the AMI server works against. */
export interface AmiWorldView {
  channels(): readonly SimChannel[];
  endpoints(): readonly SimEndpoint[];
  registrations(): readonly SimRegistration[];
  contacts(): readonly SimContact[];
  /** Optional: PJSIPShowAors answers an empty list without it. */
  aors?(): readonly SimAor[];
  /** Starts an originate; the outcome arrives later as an `originate.result` event with `req.ref`. */
  originate(req: SimOriginateRequest): SimOriginateAccept;
  /** Hangs a channel up by name; false = no such channel. */
  hangup(channelName: string, cause?: number): boolean;
  /** A channel variable (or a global one without `channel`); `found: false` = no such channel. */
  getVar(channel: string | undefined, name: string): { readonly found: boolean; readonly value?: string };
  /** Sets a channel (or global) variable; false = no such channel. */
  setVar(channel: string | undefined, name: string, value: string): boolean;
  /** PJSIPRegister / PJSIPUnregister of an outbound registration; false = unknown registration. */
  register?(name: string): boolean;
  unregister?(name: string): boolean;
  /** `core restart`: hang up every channel (SoftHangupRequest cause 4, then Hangup events). */
  shutdownChannels(): void;
  subscribe(listener: AmiWorldListener): () => void;
}
