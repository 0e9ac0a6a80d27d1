/**
 * World events → AMI events, in Asterisk 20's header order (PROTOCOLS.md §1.4, §1.7; checked header
 * by header against captures/ami-*). Broadcast framing (`Privilege`, `Timestamp`) is added by the
 * server; this file renders the event name, its class and its body.
 */
import { causeText } from '../../call/hangup-cause';
import type { DialStatus } from '../../ports/call-event';
import type { ContactState, EndpointState } from '../../ports/line-monitor.port';
import type { EventClass } from './ami-event-mask';
import type { AmiWorldEvent, SimChannel, SimChannelState } from './ami-world-view';
import type { WireHeaders } from './ami-wire';

export interface RenderedEvent {
  readonly name: string;
  readonly klass: EventClass;
  readonly body: WireHeaders;
}

const STATE_NUM: Readonly<Record<SimChannelState, [number, string]>> = {
  down: [0, 'Down'], reserved: [1, 'Rsrvd'], 'off-hook': [2, 'OffHook'], dialing: [3, 'Dialing'], ring: [4, 'Ring'],
  ringing: [5, 'Ringing'], up: [6, 'Up'], busy: [7, 'Busy'], 'dialing-off-hook': [8, 'Dialing Offhook'], 'pre-ring': [9, 'Pre-ring'],
};

export function stateNumber(state: SimChannelState): number {
  return STATE_NUM[state][0];
}

const unknown = (v: string | undefined): string => (v === undefined || v === '' ? '<unknown>' : v);

/** The channel snapshot block (`ast_manager_build_channel_state_string_prefix`), optionally prefixed. */
export function snapshotHeaders(ch: SimChannel, prefix = ''): WireHeaders {
  const [num, desc] = STATE_NUM[ch.state];
  return [
    [`${prefix}Channel`, ch.name],
    [`${prefix}ChannelState`, String(num)],
    [`${prefix}ChannelStateDesc`, desc],
    [`${prefix}CallerIDNum`, unknown(ch.callerIdNum)],
    [`${prefix}CallerIDName`, unknown(ch.callerIdName)],
    [`${prefix}ConnectedLineNum`, unknown(ch.connectedLineNum)],
    [`${prefix}ConnectedLineName`, unknown(ch.connectedLineName)],
    [`${prefix}Language`, ch.language ?? 'en'],
    [`${prefix}AccountCode`, ch.accountCode ?? ''],
    [`${prefix}Context`, ch.context],
    [`${prefix}Exten`, ch.exten],
    [`${prefix}Priority`, String(ch.priority)],
    [`${prefix}Uniqueid`, ch.uniqueid],
    [`${prefix}Linkedid`, ch.linkedid],
    ...(ch.variables ?? []).map(([name, value]) => [`${prefix}ChanVariable`, `${name}=${value}`] as const),
  ];
}

const DIAL_WORD: Readonly<Record<DialStatus, string>> = {
  dialing: '', ringing: 'RINGING', progress: 'PROGRESS', proceeding: 'PROCEEDING', answered: 'ANSWER', busy: 'BUSY',
  congestion: 'CONGESTION', unavailable: 'CHANUNAVAIL', 'no-answer': 'NOANSWER', cancelled: 'CANCEL', other: 'ABORT',
};

const DEVICE_WORD: Readonly<Record<EndpointState, [string, string]>> = {
  not_in_use: ['NOT_INUSE', 'Not in use'], in_use: ['INUSE', 'In use'], busy: ['BUSY', 'Busy'], ringing: ['RINGING', 'Ringing'],
  ringing_in_use: ['RINGINUSE', 'Ring+Inuse'], on_hold: ['ONHOLD', 'On Hold'], unavailable: ['UNAVAILABLE', 'Unavailable'],
  invalid: ['INVALID', 'Invalid'], unknown: ['UNKNOWN', 'Unknown'],
};

/** Device state as `EndpointList` prints it (`Not in use`). */
export function deviceStateText(state: EndpointState): string {
  return DEVICE_WORD[state][1];
}

const CONTACT_WORD: Readonly<Record<ContactState, string>> = {
  reachable: 'Reachable', unreachable: 'Unreachable', unknown: 'Unknown', non_qualified: 'NonQualified', removed: 'Removed',
};

export function contactStateText(state: ContactState): string {
  return CONTACT_WORD[state];
}

function dialHeaders(caller: SimChannel | undefined, dest: SimChannel): WireHeaders {
  return [...(caller ? snapshotHeaders(caller) : []), ...snapshotHeaders(dest, 'Dest')];
}

function channelEvent(name: string, klass: EventClass, ch: SimChannel, extra: WireHeaders = []): RenderedEvent {
  return { name, klass, body: [...snapshotHeaders(ch), ...extra] };
}

function hangupRequest(ev: Extract<AmiWorldEvent, { type: 'channel.hangup-requested' }>): RenderedEvent {
  const extra: Array<readonly [string, string]> = [['Cause', String(ev.cause)]];
  if (!ev.soft && ev.techCause) extra.push(['TechCause', String(ev.techCause)]);
  return channelEvent(ev.soft ? 'SoftHangupRequest' : 'HangupRequest', 'call', ev.channel, extra);
}

function hangup(ev: Extract<AmiWorldEvent, { type: 'channel.hungup' }>): RenderedEvent {
  const extra: Array<readonly [string, string]> = [['Cause', String(ev.cause)], ['Cause-txt', causeText(ev.cause)]];
  if (ev.techCause) extra.push(['TechCause', String(ev.techCause)]);
  return channelEvent('Hangup', 'call', ev.channel, extra);
}

/** Renders one world event; undefined for events the server renders itself (originate results). */
export function renderWorldEvent(ev: AmiWorldEvent): RenderedEvent | undefined {
  switch (ev.type) {
    case 'channel.created':
      return channelEvent('Newchannel', 'call', ev.channel);
    case 'channel.state':
      return channelEvent('Newstate', 'call', ev.channel);
    case 'channel.callerid':
      return channelEvent('NewCallerid', 'call', ev.channel, [['CID-CallingPres', ev.presentation ?? '0 (Presentation Allowed, Not Screened)']]);
    case 'channel.connectedline':
      return channelEvent('NewConnectedLine', 'call', ev.channel);
    case 'channel.dialplan':
      return channelEvent('Newexten', 'dialplan', ev.channel, [['Extension', ev.channel.exten], ['Application', ev.application], ['AppData', ev.appData]]);
    case 'channel.varset':
      return channelEvent('VarSet', 'dialplan', ev.channel, [['Variable', ev.variable], ['Value', ev.value]]);
    case 'channel.hangup-requested':
      return hangupRequest(ev);
    case 'channel.hungup':
      return hangup(ev);
    case 'dial.begin':
      return { name: 'DialBegin', klass: 'call', body: [...dialHeaders(ev.caller, ev.dest), ['DialString', ev.dialString]] };
    case 'dial.state':
    case 'dial.end':
      return { name: ev.type === 'dial.state' ? 'DialState' : 'DialEnd', klass: 'call', body: [...dialHeaders(ev.caller, ev.dest), ['DialStatus', DIAL_WORD[ev.status]]] };
    case 'local.bridge':
      return {
        name: 'LocalBridge', klass: 'call',
        body: [...snapshotHeaders(ev.one, 'LocalOne'), ...snapshotHeaders(ev.two, 'LocalTwo'), ['Context', ev.context], ['Exten', ev.exten], ['LocalOptimization', ev.optimization ? 'Yes' : 'No']],
      };
    case 'device.state':
      return { name: 'DeviceStateChange', klass: 'call', body: [['Device', ev.device], ['State', DEVICE_WORD[ev.state][0]]] };
    default:
      return renderSystemEvent(ev);
  }
}

function renderSystemEvent(ev: AmiWorldEvent): RenderedEvent | undefined {
  switch (ev.type) {
    case 'registry': {
      const body: Array<readonly [string, string]> = [['ChannelType', 'PJSIP'], ['Username', ev.clientUri], ['Domain', ev.serverUri], ['Status', capitalize(ev.status)]];
      if (ev.cause) body.push(['Cause', ev.cause]);
      return { name: 'Registry', klass: 'system', body };
    }
    case 'contact.status':
      return {
        name: 'ContactStatus', klass: 'system',
        body: [['URI', ev.uri], ['ContactStatus', CONTACT_WORD[ev.status]], ['AOR', ev.aor], ['EndpointName', ev.endpoint], ['RoundtripUsec', String(ev.roundtripUsec ?? 0)]],
      };
    case 'peer.status':
      return { name: 'PeerStatus', klass: 'system', body: [['ChannelType', 'PJSIP'], ['Peer', `PJSIP/${ev.endpoint}`], ['PeerStatus', ev.reachable ? 'Reachable' : 'Unreachable']] };
    default:
      return undefined;
  }
}

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
