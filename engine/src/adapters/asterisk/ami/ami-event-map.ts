/**
 * AMI events → typed adapter records. Pure functions, table-tested with the frames of the
 * Asterisk 20.20.1 captures. Field meanings and quirks: asterisk/PROTOCOLS.md §1.4 and §1.7.
 * Raw Asterisk names stop here; the line state turns these records into domain events.
 */
import type { ChannelState, DialStatus } from '../../../ports/call-event';
import type { ContactState, EndpointState, RegistrationState } from '../../../ports/line-monitor.port';
import type { AmiFrame } from './ami-frame';

/** The channel snapshot block (`Channel`, `ChannelState`, ... `Linkedid`, `ChanVariable`), optionally prefixed (`Dest`). */
export interface AmiChannelSnap {
  readonly id: string;
  readonly name: string;
  readonly linkedId: string;
  readonly state: ChannelState;
  readonly callerNumber?: string;
  readonly connectedNumber?: string;
  readonly context: string;
  readonly extension: string;
  /** `ChanVariable: NAME=value` lines (manager.conf `channelvars`). */
  readonly variables: ReadonlyMap<string, string>;
}

export type AmiMappedEvent =
  | { readonly kind: 'channel.created' | 'channel.state'; readonly snap: AmiChannelSnap }
  | { readonly kind: 'channel.hungup'; readonly snap: AmiChannelSnap; readonly cause: number; readonly causeText: string; readonly techCause?: number }
  | { readonly kind: 'dial.begin'; readonly dest: AmiChannelSnap; readonly callerId?: string; readonly dialString: string }
  | { readonly kind: 'dial.state' | 'dial.end'; readonly dest: AmiChannelSnap; readonly callerId?: string; readonly status: DialStatus }
  | { readonly kind: 'originate.response'; readonly actionId?: string; readonly success: boolean; readonly reason: number; readonly channel: string; readonly uniqueId?: string }
  | { readonly kind: 'registry'; readonly clientUri: string; readonly serverUri: string; readonly state: RegistrationState; readonly cause?: string }
  | { readonly kind: 'contact.status'; readonly aor: string; readonly uri: string; readonly endpoint: string; readonly state: ContactState; readonly roundtripUsec?: number }
  | { readonly kind: 'peer.status'; readonly endpoint: string; readonly reachable?: boolean }
  | { readonly kind: 'device.state'; readonly device: string; readonly state: EndpointState }
  | { readonly kind: 'booted'; readonly uptimeSec?: number }
  | { readonly kind: 'shutdown'; readonly restart: boolean }
  /** A known event the line monitor does not need (dialplan steps, CDRs, security notices...). */
  | { readonly kind: 'ignored'; readonly event: string };

const STATES: readonly ChannelState[] = ['down', 'reserved', 'off-hook', 'dialing', 'ring', 'ringing', 'up', 'busy', 'dialing-off-hook', 'pre-ring'];

/** `ChannelState` number (`ast_state2str`) → domain state. */
export function channelStateOf(n: number | undefined): ChannelState {
  return n !== undefined && n >= 0 && n < STATES.length ? STATES[n] : 'unknown';
}

const DIAL: Readonly<Record<string, DialStatus>> = {
  ANSWER: 'answered', BUSY: 'busy', NOANSWER: 'no-answer', CANCEL: 'cancelled', CONGESTION: 'congestion',
  CHANUNAVAIL: 'unavailable', RINGING: 'ringing', PROCEEDING: 'proceeding', PROGRESS: 'progress',
};

/** `DialStatus` value → domain dial status (`ABORT`, `CONTINUE`, `GOTO:...` → other). */
export function dialStatusOf(s: string | undefined): DialStatus {
  return (s !== undefined && DIAL[s.toUpperCase()]) || 'other';
}

export function registrationStateOf(s: string | undefined): RegistrationState {
  switch ((s ?? '').toLowerCase()) {
    case 'registered':
      return 'registered';
    case 'unregistered':
      return 'unregistered';
    case 'rejected':
      return 'rejected';
    default:
      return 'unknown';
  }
}

export function contactStateOf(s: string | undefined): ContactState {
  switch ((s ?? '').toLowerCase()) {
    case 'reachable':
      return 'reachable';
    case 'unreachable':
      return 'unreachable';
    case 'nonqualified':
    case 'unqualified':
      return 'non_qualified';
    case 'removed':
      return 'removed';
    default:
      return 'unknown';
  }
}

// Both spellings: `DeviceStateChange` says NOT_INUSE, `EndpointList` says "Not in use".
const DEVICE: Readonly<Record<string, EndpointState>> = {
  notinuse: 'not_in_use', inuse: 'in_use', busy: 'busy', ringing: 'ringing', ringinuse: 'ringing_in_use',
  onhold: 'on_hold', unavailable: 'unavailable', invalid: 'invalid', unknown: 'unknown',
};

export function deviceStateOf(s: string | undefined): EndpointState {
  return DEVICE[(s ?? '').toLowerCase().replace(/[^a-z]/g, '')] ?? 'unknown';
}

/** Empty and `<unknown>` caller fields mean "none". */
function party(v: string | undefined): string | undefined {
  return v === undefined || v === '' || v === '<unknown>' ? undefined : v;
}

function variables(frame: AmiFrame): Map<string, string> {
  const vars = new Map<string, string>();
  for (const line of frame.all('ChanVariable')) {
    const eq = line.indexOf('=');
    if (eq > 0) vars.set(line.slice(0, eq), line.slice(eq + 1));
  }
  return vars;
}

/** Reads a snapshot block; undefined when the frame has no `<prefix>Uniqueid`/`<prefix>Channel`. */
export function readSnapshot(frame: AmiFrame, prefix = ''): AmiChannelSnap | undefined {
  const id = frame.get(`${prefix}Uniqueid`);
  const name = frame.get(`${prefix}Channel`);
  if (!id || !name) return undefined;
  return {
    id,
    name,
    linkedId: frame.get(`${prefix}Linkedid`) || id,
    state: channelStateOf(frame.int(`${prefix}ChannelState`)),
    callerNumber: party(frame.get(`${prefix}CallerIDNum`)),
    connectedNumber: party(frame.get(`${prefix}ConnectedLineNum`)),
    context: frame.get(`${prefix}Context`) ?? '',
    extension: frame.get(`${prefix}Exten`) ?? '',
    variables: prefix === '' ? variables(frame) : new Map(),
  };
}

type Mapper = (frame: AmiFrame) => AmiMappedEvent | undefined;

function channelEvent(kind: 'channel.created' | 'channel.state'): Mapper {
  return (f) => {
    const snap = readSnapshot(f);
    return snap && { kind, snap };
  };
}

function dialEvent(kind: 'dial.state' | 'dial.end'): Mapper {
  return (f) => {
    const dest = readSnapshot(f, 'Dest');
    return dest && { kind, dest, callerId: f.get('Uniqueid') || undefined, status: dialStatusOf(f.get('DialStatus')) };
  };
}

const MAPPERS: Readonly<Record<string, Mapper>> = {
  newchannel: channelEvent('channel.created'),
  newstate: channelEvent('channel.state'),
  hangup: (f) => {
    const snap = readSnapshot(f);
    const tech = f.int('TechCause');
    return snap && { kind: 'channel.hungup', snap, cause: f.int('Cause') ?? 0, causeText: f.get('Cause-txt') ?? '', ...(tech ? { techCause: tech } : {}) };
  },
  dialbegin: (f) => {
    const dest = readSnapshot(f, 'Dest');
    return dest && { kind: 'dial.begin', dest, callerId: f.get('Uniqueid') || undefined, dialString: f.get('DialString') ?? '' };
  },
  dialstate: dialEvent('dial.state'),
  dialend: dialEvent('dial.end'),
  originateresponse: (f) => {
    const uniqueId = f.get('Uniqueid');
    return {
      kind: 'originate.response', actionId: f.actionId, success: (f.response ?? '').toLowerCase() === 'success',
      reason: f.int('Reason') ?? 0, channel: f.get('Channel') ?? '', uniqueId: uniqueId && uniqueId !== '<unknown>' && uniqueId !== '<null>' ? uniqueId : undefined,
    };
  },
  registry: (f) => ({ kind: 'registry', clientUri: f.get('Username') ?? '', serverUri: f.get('Domain') ?? '', state: registrationStateOf(f.get('Status')), cause: f.get('Cause') || undefined }),
  contactstatus: (f) => ({
    kind: 'contact.status', aor: f.get('AOR') ?? '', uri: f.get('URI') ?? '', endpoint: f.get('EndpointName') ?? '',
    state: contactStateOf(f.get('ContactStatus')), roundtripUsec: f.int('RoundtripUsec'),
  }),
  peerstatus: (f) => {
    const peer = f.get('Peer') ?? '';
    const status = (f.get('PeerStatus') ?? '').toLowerCase();
    const reachable = status === 'reachable' ? true : status === 'unreachable' ? false : undefined;
    return { kind: 'peer.status', endpoint: peer.slice(peer.indexOf('/') + 1), reachable };
  },
  devicestatechange: (f) => ({ kind: 'device.state', device: f.get('Device') ?? '', state: deviceStateOf(f.get('State')) }),
  fullybooted: (f) => ({ kind: 'booted', uptimeSec: f.int('Uptime') }),
  shutdown: (f) => ({ kind: 'shutdown', restart: (f.get('Restart') ?? '').toLowerCase() === 'true' }),
};

// Events seen on a normal Asterisk that carry nothing the line monitor uses.
const IGNORED = new Set([
  'newexten', 'varset', 'newcallerid', 'newconnectedline', 'localbridge', 'hanguprequest', 'softhanguprequest',
  'cdr', 'cel', 'successfulauth', 'challengesent', 'invalidpassword', 'challengeresponsefailed', 'invalidaccountid',
  'bridgecreate', 'bridgeenter', 'bridgeleave', 'bridgedestroy', 'musiconholdstart', 'musiconholdstop',
  'newaccountcode', 'rtcpsent', 'rtcpreceived', 'userevent', 'agicalled', 'agicomplete', 'asyncagistart', 'asyncagiexec',
  'asyncagiend', 'hold', 'unhold', 'dtmfbegin', 'dtmfend', 'reload', 'loadaverage', 'channeltalkingstart', 'channeltalkingstop',
  'localoptimizationbegin', 'localoptimizationend', 'newchannelvar', 'mixmonitorstart', 'mixmonitorstop',
]);

/**
 * Maps one event frame. Returns undefined for events this adapter does not know (the caller logs
 * them at debug and moves on) and for known events missing their key headers.
 */
export function mapAmiEvent(frame: AmiFrame): AmiMappedEvent | undefined {
  const name = (frame.event ?? '').toLowerCase();
  const mapper = Object.hasOwn(MAPPERS, name) ? MAPPERS[name] : undefined;
  if (mapper) return mapper(frame);
  return IGNORED.has(name) ? { kind: 'ignored', event: frame.event ?? '' } : undefined;
}
