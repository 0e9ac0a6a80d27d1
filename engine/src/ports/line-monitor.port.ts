/**
 * The line monitor port: what the PBX says about trunks, endpoints and live channels, independent
 * of call control. With Asterisk it is fed by AMI (the adapter in `adapters/asterisk/ami`); nothing
 * here names AMI, an event header or a socket.
 *
 * What it is for:
 * - trunk health: outbound registrations (registered / rejected / unregistered) for alerts and for
 *   pausing or resuming the dialer;
 * - capacity: live channels per line and per endpoint, so the dialer never over-books a line;
 * - the end of calls that never reach our application (a dial that fails inside the dialplan, a
 *   Local channel leg): the hangup cause, the dial status and the derived outcome;
 * - `/health`: whether the monitor is connected to the PBX.
 *
 * Reliability contract: the monitor reconnects by itself forever. While disconnected, the state it
 * returns is the last one known; every channel it was tracking is reported ended with
 * `known: false` (its real end may never be seen), and after the reconnect the state is re-read
 * from the PBX: channels that are still alive come back through `channel.recovered`.
 */
import type { CallOutcome } from '../call/hangup-cause';
import type { ChannelState, DialStatus } from './call-event';

/** Registration state of one outbound registration (our trunk registering to the carrier). */
export type RegistrationState = 'registered' | 'unregistered' | 'rejected' | 'unknown';

export interface OutboundRegistration {
  /** The registration's configured name (PJSIP registration object, e.g. `carrier-reg`). */
  readonly name: string;
  /** Where we register (the carrier's registrar), e.g. `sip:carrier.example:5060`. */
  readonly serverUri: string;
  /** The address of record we register, e.g. `sip:02191302954@carrier.example`. */
  readonly clientUri: string;
  readonly state: RegistrationState;
  /** When the monitor saw this state begin (epoch ms; the first observation after a (re)connect). */
  readonly since: number;
}

/** Aggregate device state of an endpoint (a trunk or a phone), in domain spelling. */
export type EndpointState =
  | 'not_in_use'
  | 'in_use'
  | 'busy'
  | 'ringing'
  | 'ringing_in_use'
  | 'on_hold'
  | 'unavailable'
  | 'invalid'
  | 'unknown';

export interface EndpointStatus {
  /** Endpoint name (PJSIP endpoint, e.g. the trunk `TO-CUCM-Gaptel`). */
  readonly name: string;
  readonly state: EndpointState;
  /** Channels the PBX counted on this endpoint at the last listing (not kept live; see `endpointUsage`). */
  readonly listedChannels: number;
  /** Contact URIs of the endpoint (registered or static), as `aor/uri`. */
  readonly contacts: readonly string[];
  /** Last qualify verdict of the endpoint (reachable = at least one contact answers); undefined = never reported. */
  readonly reachable?: boolean;
}

export type ContactState = 'reachable' | 'unreachable' | 'unknown' | 'non_qualified' | 'removed';

/** One registered contact of an AOR (a phone or a carrier that registers to us). */
export interface ContactStatus {
  readonly aor: string;
  readonly uri: string;
  readonly endpoint: string;
  readonly state: ContactState;
  /** Last qualify round trip in microseconds, when known. */
  readonly roundtripUsec?: number;
}

/** A channel the PBX has right now, as far as the monitor knows. */
export interface LiveChannel {
  /** The PBX's unique id of the channel (the id ARI uses; the ChannelId given to an originate). */
  readonly id: string;
  /** Channel name, e.g. `PJSIP/trunk-0000001c` or `Local/100@ctx-0000000a;1`. */
  readonly name: string;
  /** The id shared by every channel of one call (the first channel's id). */
  readonly linkedId: string;
  /** Channel technology, e.g. `PJSIP`, `Local`. */
  readonly technology: string;
  /** For PJSIP channels, the endpoint the channel belongs to (the trunk for outbound calls). */
  readonly endpoint?: string;
  /** The configured line (outbound number) this channel is counted against, if it could be attributed. */
  readonly line?: string;
  readonly state: ChannelState;
  /** True once the channel was seen Up (answered), whatever happens after. */
  readonly answered: boolean;
  readonly callerNumber?: string;
  readonly connectedNumber?: string;
  readonly context: string;
  readonly extension: string;
  /** When the monitor first saw the channel (epoch ms). */
  readonly since: number;
}

/** Live channel count of one configured line (outbound + inbound + operator legs together). */
export interface LineUsage {
  readonly line: string;
  readonly channels: number;
}

/** Live channel count of one endpoint (e.g. the trunk), counting real legs only (no Local halves). */
export interface EndpointUsage {
  readonly endpoint: string;
  readonly channels: number;
}

/** The end of one channel, with everything the PBX said about why. */
export interface ChannelEnded {
  /** The channel's last known snapshot. */
  readonly channel: LiveChannel;
  /** Final Q.850 cause; 0 when unknown (also for `known: false`). */
  readonly cause: number;
  readonly causeText: string;
  /** Technology cause, e.g. the SIP final response 486; absent when the PBX gave none. */
  readonly techCause?: number;
  /** Final dial status when this channel was the target of a dial (the dial-API or `Dial()` leg). */
  readonly dialStatus?: DialStatus;
  /** Telephony outcome derived from answered/cause/dial status (see `call/hangup-cause.ts`). */
  readonly outcome: CallOutcome;
  /** False when the monitor lost the connection and never saw the hangup (outcome is then `unknown`). */
  readonly known: boolean;
  /** When the end was seen (epoch ms). */
  readonly at: number;
}

export type MonitorConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface MonitorConnectionStatus {
  readonly state: MonitorConnectionState;
  /** When the current state began (epoch ms). */
  readonly since: number;
  /** Successful reconnects since start. */
  readonly reconnects: number;
  /** Why the last connection attempt or connection ended; never a secret. */
  readonly lastError?: string;
  /** True once the PBX reported it finished booting on the current connection. */
  readonly pbxBooted: boolean;
}

/** Events of the monitor (past-tense domain names). Listeners must not throw; errors are logged and dropped. */
export interface LineMonitorEvents {
  /** An outbound registration changed state (trunk lost or regained). */
  'registration.changed': { readonly registration: OutboundRegistration; readonly previous: RegistrationState };
  /** An endpoint's device state or reachability changed. */
  'endpoint.changed': { readonly endpoint: EndpointStatus };
  /** A contact appeared, changed or was removed (`state: 'removed'`). */
  'contact.changed': { readonly contact: ContactStatus };
  /** The live channel count of a configured line changed. */
  'line.usage.changed': LineUsage;
  /** A channel ended (seen hangup), or was given up on when the connection dropped (`known: false`). */
  'channel.ended': ChannelEnded;
  /** After a reconnect, a channel that had been reported ended-unknown is still alive on the PBX. */
  'channel.recovered': { readonly channel: LiveChannel };
  /** The PBX finished booting (also on every (re)connect to a running PBX). */
  'asterisk.booted': { readonly uptimeSec?: number };
  /** The PBX announced its shutdown or restart; the connection will drop. */
  'asterisk.shutdown': { readonly restart: boolean };
  /** The connection to the PBX dropped (or could not be made); the monitor keeps retrying. */
  'connection.lost': { readonly reason: string };
  /** The monitor is connected and logged in again. */
  'connection.restored': { readonly reconnects: number };
  /** A full re-read of the PBX state was applied. */
  'state.resynced': { readonly channels: number; readonly registrations: number };
}

export type LineMonitorEventName = keyof LineMonitorEvents;

/** Live view of trunks, endpoints and channels. All getters are synchronous snapshots of the last known state. */
export interface LineMonitorPort {
  /** Starts connecting (in the background, retrying forever); resolves at once, never rejects for connectivity. */
  start(): Promise<void>;
  /** Stops the monitor and closes its connection; safe to call twice. */
  stop(): Promise<void>;
  /** True while connected and logged in to the PBX (for `/health`). */
  isConnected(): boolean;
  connectionStatus(): MonitorConnectionStatus;
  /** Outbound registrations (trunk registrations), as last read or reported. */
  registrations(): readonly OutboundRegistration[];
  registration(name: string): OutboundRegistration | undefined;
  endpoints(): readonly EndpointStatus[];
  contacts(): readonly ContactStatus[];
  /** Channels alive on the PBX right now (all technologies, Local halves included). */
  channels(): readonly LiveChannel[];
  /** Live channel count of every configured line (0 included). */
  lineUsage(): readonly LineUsage[];
  /** Live channel count per endpoint, real legs only (PJSIP and other non-Local technologies). */
  endpointUsage(): readonly EndpointUsage[];
  /** How a recently ended channel ended (kept for a bounded time), by channel id. */
  endedChannel(channelId: string): ChannelEnded | undefined;
  /** Every recently ended channel of one call (same linked id), oldest first. */
  endedChannelsOfCall(linkedId: string): readonly ChannelEnded[];
  /**
   * Re-reads channels, registrations, endpoints and contacts from the PBX and applies the
   * differences (emitting the usual events). Rejects `CE_TELEPHONY_NOT_CONNECTED` when disconnected,
   * `CE_TELEPHONY_TIMEOUT` when the PBX does not answer in time.
   */
  resync(): Promise<void>;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<E extends LineMonitorEventName>(event: E, listener: (payload: LineMonitorEvents[E]) => void): () => void;
}
