/**
 * Conformance helpers: turn captured AMI events back into world events (so the server must render
 * them identically), and compare server messages with captured ones header by header.
 */
import assert from 'node:assert/strict';
import type { DialStatus } from '../../../../../../engine/src/ports/call-event';
import type { ContactState, EndpointState } from '../../../../../../engine/src/ports/line-monitor.port';
import type { AmiWorldEvent, SimChannel, SimChannelState, SimOriginateOutcome } from '../../../../../../engine/src/simulator/ami/ami-world-view';
import { header, type Headers } from '../../../../../fixtures/ami/capture-file';

/** Values that differ on every run (clock, addresses, session pointers). */
export const VOLATILE = new Set(['timestamp', 'eventtv', 'sessiontv', 'sessionid', 'localaddress', 'remoteaddress', 'uptime', 'lastreload']);

export function assertSameMessage(actual: Headers, expected: Headers, context: string, volatile: ReadonlySet<string> = VOLATILE): void {
  assert.deepEqual(actual.map(([n]) => n), expected.map(([n]) => n), `${context}: header names/order`);
  for (let i = 0; i < expected.length; i++) {
    const [name, value] = expected[i];
    if (volatile.has(name.toLowerCase())) continue;
    assert.equal(actual[i][1], value, `${context}: value of ${name}`);
  }
}

const STATES: SimChannelState[] = ['down', 'reserved', 'off-hook', 'dialing', 'ring', 'ringing', 'up', 'busy', 'dialing-off-hook', 'pre-ring'];
const known = (v: string | undefined): string | undefined => (v === undefined || v === '<unknown>' ? undefined : v);

/** A SimChannel from a (prefixed) snapshot block of a captured message. */
export function channelFrom(h: Headers, prefix = '', createdAt = 0): SimChannel {
  const get = (n: string): string => header(h, `${prefix}${n}`) ?? '';
  return {
    name: get('Channel'), uniqueid: get('Uniqueid'), linkedid: get('Linkedid'), state: STATES[Number(get('ChannelState'))],
    callerIdNum: known(header(h, `${prefix}CallerIDNum`)), callerIdName: known(header(h, `${prefix}CallerIDName`)),
    connectedLineNum: known(header(h, `${prefix}ConnectedLineNum`)), connectedLineName: known(header(h, `${prefix}ConnectedLineName`)),
    language: get('Language'), accountCode: get('AccountCode'), context: get('Context'), exten: get('Exten'), priority: Number(get('Priority')),
    createdAt,
  };
}

const DIAL: Record<string, DialStatus> = {
  ANSWER: 'answered', BUSY: 'busy', NOANSWER: 'no-answer', CANCEL: 'cancelled', CONGESTION: 'congestion', CHANUNAVAIL: 'unavailable',
  RINGING: 'ringing', PROGRESS: 'progress', PROCEEDING: 'proceeding',
};
const DEVICE: Record<string, EndpointState> = {
  NOT_INUSE: 'not_in_use', INUSE: 'in_use', BUSY: 'busy', RINGING: 'ringing', RINGINUSE: 'ringing_in_use', ONHOLD: 'on_hold',
  UNAVAILABLE: 'unavailable', INVALID: 'invalid', UNKNOWN: 'unknown',
};
const CONTACT: Record<string, ContactState> = { Reachable: 'reachable', Unreachable: 'unreachable', Unknown: 'unknown', NonQualified: 'non_qualified', Removed: 'removed' };

const caller = (h: Headers): SimChannel | undefined => (header(h, 'Channel') ? channelFrom(h) : undefined);
const withCaller = (h: Headers): { caller?: SimChannel } => {
  const c = caller(h);
  return c ? { caller: c } : {};
};

/** The world event that makes the server emit this captured event; undefined for events the world does not produce. */
export function worldEventFrom(h: Headers): AmiWorldEvent | undefined {
  const name = header(h, 'Event');
  const num = (n: string): number => Number(header(h, n) ?? '0');
  const tech = header(h, 'TechCause') ? { techCause: num('TechCause') } : {};
  switch (name) {
    case 'Newchannel': return { type: 'channel.created', channel: channelFrom(h) };
    case 'Newstate': return { type: 'channel.state', channel: channelFrom(h) };
    case 'NewCallerid': return { type: 'channel.callerid', channel: channelFrom(h) };
    case 'NewConnectedLine': return { type: 'channel.connectedline', channel: channelFrom(h) };
    case 'Newexten': return { type: 'channel.dialplan', channel: channelFrom(h), application: header(h, 'Application') ?? '', appData: header(h, 'AppData') ?? '' };
    case 'VarSet': return { type: 'channel.varset', channel: channelFrom(h), variable: header(h, 'Variable') ?? '', value: header(h, 'Value') ?? '' };
    case 'HangupRequest': return { type: 'channel.hangup-requested', channel: channelFrom(h), cause: num('Cause'), soft: false, ...tech };
    case 'SoftHangupRequest': return { type: 'channel.hangup-requested', channel: channelFrom(h), cause: num('Cause'), soft: true };
    case 'Hangup': return { type: 'channel.hungup', channel: channelFrom(h), cause: num('Cause'), ...tech };
    case 'DialBegin': return { type: 'dial.begin', ...withCaller(h), dest: channelFrom(h, 'Dest'), dialString: header(h, 'DialString') ?? '' };
    case 'DialState': return { type: 'dial.state', ...withCaller(h), dest: channelFrom(h, 'Dest'), status: DIAL[header(h, 'DialStatus') ?? ''] };
    case 'DialEnd': return { type: 'dial.end', ...withCaller(h), dest: channelFrom(h, 'Dest'), status: DIAL[header(h, 'DialStatus') ?? ''] };
    case 'LocalBridge':
      return { type: 'local.bridge', one: channelFrom(h, 'LocalOne'), two: channelFrom(h, 'LocalTwo'), context: header(h, 'Context') ?? '', exten: header(h, 'Exten') ?? '', optimization: header(h, 'LocalOptimization') === 'Yes' };
    case 'DeviceStateChange': return { type: 'device.state', device: header(h, 'Device') ?? '', state: DEVICE[header(h, 'State') ?? ''] };
    case 'Registry':
      return { type: 'registry', clientUri: header(h, 'Username') ?? '', serverUri: header(h, 'Domain') ?? '', status: (header(h, 'Status') ?? '').toLowerCase() as 'registered' };
    case 'ContactStatus':
      return { type: 'contact.status', uri: header(h, 'URI') ?? '', aor: header(h, 'AOR') ?? '', endpoint: header(h, 'EndpointName') ?? '', status: CONTACT[header(h, 'ContactStatus') ?? ''], roundtripUsec: num('RoundtripUsec') };
    case 'PeerStatus': return { type: 'peer.status', endpoint: (header(h, 'Peer') ?? '').replace('PJSIP/', ''), reachable: header(h, 'PeerStatus') === 'Reachable' };
    default: return undefined;
  }
}

/** The world outcome behind a captured OriginateResponse (`channel` needed when it succeeded). */
export function outcomeFrom(h: Headers, answeredChannel?: SimChannel): SimOriginateOutcome {
  const reason = Number(header(h, 'Reason'));
  if (header(h, 'Response') === 'Success') {
    assert.ok(answeredChannel, 'an answered originate needs its channel');
    return { answered: true, channel: answeredChannel };
  }
  if (reason === 3) return { answered: false, cause: 'no_answer' };
  if (reason === 5) return { answered: false, cause: 'busy', indicated: true };
  if (reason === 8) return { answered: false, cause: 'congestion', indicated: true };
  return { answered: false, cause: 'failed' };
}
