/**
 * The core world's neutral snapshots and events in the AMI server's vocabulary (`AmiWorldView`).
 * Pure functions: the AMI server renders the results in Asterisk's wire spelling (PROTOCOLS.md §1.4,
 * §1.7). World events AMI has no counterpart for (Stasis, playbacks, recordings, ARI bridges) map
 * to nothing, as on a real Asterisk where those reach ARI only.
 */
import type { DialStatus } from '../ports/call-event';
import type { ContactState, EndpointState } from '../ports/line-monitor.port';
import type { AmiWorldEvent, SimChannel as AmiChannel, SimChannelState, SimContact, SimOriginateOutcome, SimRegistration } from './ami/ami-world-view';
import type { OriginateOutcome } from './core/originate-service';
import type { WorldEvent } from './core/world-events';
import type { ChannelSnapshot, ChannelState, ContactSnapshot, ContactStatus, EndpointSnapshot, RegistrationSnapshot } from './core/world-model';

const STATE: Readonly<Record<ChannelState, SimChannelState>> = {
  Down: 'down', Rsrvd: 'reserved', OffHook: 'off-hook', Dialing: 'dialing', Ring: 'ring', Ringing: 'ringing', Up: 'up', Busy: 'busy',
};

const CONTACT: Readonly<Record<ContactStatus, ContactState>> = {
  Reachable: 'reachable', Unreachable: 'unreachable', NonQualified: 'non_qualified', Removed: 'removed', Unknown: 'unknown',
};

/** `Dial` event words (`main/dial.c`) in domain spelling; '' is the start of the attempt. */
const DIAL: Readonly<Record<string, DialStatus>> = {
  '': 'dialing', RINGING: 'ringing', PROGRESS: 'progress', PROCEEDING: 'proceeding', ANSWER: 'answered', BUSY: 'busy',
  NOANSWER: 'no-answer', CANCEL: 'cancelled', CONGESTION: 'congestion', CHANUNAVAIL: 'unavailable',
};

const INTERMEDIATE: ReadonlySet<DialStatus> = new Set(['ringing', 'progress', 'proceeding']);

const orUndefined = (v: string): string | undefined => (v === '' ? undefined : v);

/** Turns a core snapshot into the AMI channel (the view adds the `channelvars` values). */
export type ToChannel = (snapshot: ChannelSnapshot) => AmiChannel;

/** A channel as AMI shows it (snapshot block + what CoreShowChannels adds). */
export function amiChannel(s: ChannelSnapshot): AmiChannel {
  return {
    name: s.name,
    uniqueid: s.id,
    linkedid: s.linkedId,
    state: STATE[s.state],
    callerIdNum: orUndefined(s.caller.number),
    callerIdName: orUndefined(s.caller.name),
    connectedLineNum: orUndefined(s.connected.number),
    connectedLineName: orUndefined(s.connected.name),
    language: s.language,
    accountCode: s.accountCode,
    context: s.dialplan.context,
    exten: s.dialplan.exten,
    priority: s.dialplan.priority,
    application: s.dialplan.appName,
    applicationData: s.dialplan.appData,
    createdAt: s.creationTime,
    ...(s.bridgeId !== undefined ? { bridgeId: s.bridgeId } : {}),
  };
}

const defaultChannel: ToChannel = (s) => amiChannel(s);

/** Aggregate device state of a PJSIP endpoint with `channels` live legs (`main/devicestate.c`). */
export function deviceStateOf(endpoint: Pick<EndpointSnapshot, 'state'>, channels: number): EndpointState {
  if (endpoint.state === 'offline') return 'unavailable';
  return channels > 0 ? 'in_use' : 'not_in_use';
}

export function amiContact(c: ContactSnapshot): SimContact | undefined {
  const status = CONTACT[c.status];
  if (status === 'removed') return undefined;
  return { aor: c.aor, uri: c.uri, endpoint: c.endpoint, status, roundtripUsec: c.roundtripUsec, qualifyFrequency: 60 };
}

export function amiRegistration(r: RegistrationSnapshot): SimRegistration {
  const user = /^sips?:([^@]+)@/.exec(r.clientUri)?.[1];
  return {
    name: r.name,
    serverUri: r.serverUri,
    clientUri: r.clientUri,
    status: r.status === 'Registered' ? 'registered' : r.status === 'Rejected' ? 'rejected' : 'unregistered',
    transport: 'transport-udp',
    ...(user ? { contactUser: user } : {}),
  };
}

/**
 * How an originate ended, for OriginateResponse. PJSIP final responses are never "indicated"
 * (chan_pjsip queues no BUSY/CONGESTION frame, PROTOCOLS.md §1.6), and neither is a Local `;2`
 * ending with `Hangup(<cause>)`, which is what the simulator's party contexts run.
 */
export function amiOriginateOutcome(o: OriginateOutcome, toChannel: ToChannel = amiChannel): SimOriginateOutcome {
  if (o.answered) return { answered: true, channel: toChannel(o.channel) };
  if (o.cause === 19 || o.cause === 26) return { answered: false, cause: 'no_answer' };
  if (o.cause === 17) return { answered: false, cause: 'busy' };
  if (o.cause === 34 || o.cause === 42) return { answered: false, cause: 'congestion' };
  return { answered: false, cause: 'failed' };
}

function dialEvent(ev: Extract<WorldEvent, { type: 'dial' }>, amiChannel: ToChannel): AmiWorldEvent {
  const caller = ev.caller ? { caller: amiChannel(ev.caller) } : {};
  const dest = amiChannel(ev.peer);
  const status = DIAL[ev.dialstatus] ?? 'other';
  if (status === 'dialing') return { type: 'dial.begin', ...caller, dest, dialString: ev.dialstring };
  return { type: INTERMEDIATE.has(status) ? 'dial.state' : 'dial.end', ...caller, dest, status };
}

/** The AMI events of one world event (none for ARI-only happenings). Device states are the view's job. */
export function amiEventsOf(ev: WorldEvent, amiChannel: ToChannel = defaultChannel): AmiWorldEvent[] {
  switch (ev.type) {
    case 'channel.created':
      return [{ type: 'channel.created', channel: amiChannel(ev.channel) }];
    case 'channel.state-changed':
      return [{ type: 'channel.state', channel: amiChannel(ev.channel) }];
    case 'channel.varset':
      return [{ type: 'channel.varset', channel: amiChannel(ev.channel), variable: ev.variable, value: ev.value }];
    case 'channel.dialplan':
      return [{ type: 'channel.dialplan', channel: amiChannel(ev.channel), application: ev.app, appData: ev.appData }];
    case 'channel.callerid':
      return [{ type: 'channel.callerid', channel: amiChannel(ev.channel), presentation: `${ev.presentation} (${ev.presentationText})` }];
    case 'channel.connected-line':
      return [{ type: 'channel.connectedline', channel: amiChannel(ev.channel) }];
    case 'channel.hangup-requested':
      return [{ type: 'channel.hangup-requested', channel: amiChannel(ev.channel), cause: ev.cause, soft: ev.soft, ...(ev.techCause ? { techCause: ev.techCause } : {}) }];
    case 'channel.destroyed':
      return [{ type: 'channel.hungup', channel: amiChannel(ev.channel), cause: ev.cause, ...(ev.techCause ? { techCause: ev.techCause } : {}) }];
    case 'dial':
      return [dialEvent(ev, amiChannel)];
    case 'local.bridged':
      return [{ type: 'local.bridge', one: amiChannel(ev.one), two: amiChannel(ev.two), context: ev.context, exten: ev.exten, optimization: ev.optimize }];
    default:
      return systemEventsOf(ev);
  }
}

function systemEventsOf(ev: WorldEvent): AmiWorldEvent[] {
  switch (ev.type) {
    case 'registration.changed':
      return [{ type: 'registry', clientUri: ev.registration.clientUri, serverUri: ev.registration.serverUri, status: amiRegistration(ev.registration).status }];
    case 'contact.status-changed':
      return [{ type: 'contact.status', uri: ev.contact.uri, aor: ev.contact.aor, endpoint: ev.contact.endpoint, status: CONTACT[ev.contact.status], roundtripUsec: ev.contact.roundtripUsec }];
    case 'peer.status-changed':
      return [{ type: 'peer.status', endpoint: ev.endpoint.resource, reachable: ev.peerStatus === 'Reachable' }];
    default:
      return [];
  }
}
