/**
 * List actions (PROTOCOLS.md §1.5): `Response: Success` + `EventList: start`, the item events
 * (ActionID echoed, no Privilege), then `<X>Complete` with the exact `ListItems`. Item header orders
 * copy captures/ami-02 and ami-03a (Asterisk prints PJSIP object fields in an internal hash order;
 * we print the captured order).
 */
import { createHash } from 'node:crypto';
import type { ActionHandler } from './ami-actions';
import { contactStateText, deviceStateText, snapshotHeaders } from './ami-event-render';
import type { AmiRequest } from './ami-request-reader';
import type { AmiSession } from './ami-session';
import type { SimAor, SimChannel, SimContact, SimEndpoint, SimRegistration } from './ami-world-view';
import { responseHeaders, type WireHeaders } from './ami-wire';

type H = Array<readonly [string, string]>;

function writeList(s: AmiSession, req: AmiRequest, spec: { message: string; item: string; complete: string }, items: readonly WireHeaders[], extra: WireHeaders = [], counted = items.length): void {
  const id = req.actionId;
  const idHeader: H = id ? [['ActionID', id]] : [];
  s.respond(responseHeaders('Success', id, { listStart: true, message: spec.message }));
  for (const body of items) s.respond([['Event', body[0]?.[0] === 'Event' ? body[0][1] : spec.item], ...idHeader, ...body.filter(([n]) => n !== 'Event')]);
  s.respond([['Event', spec.complete], ...idHeader, ['EventList', 'Complete'], ['ListItems', String(counted)], ...extra]);
}

function hms(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${pad(Math.floor(total / 3600))}:${pad(Math.floor((total % 3600) / 60))}:${pad(total % 60)}`;
}

function channelItem(ch: SimChannel, now: number): WireHeaders {
  return [
    ...snapshotHeaders(ch),
    ['Application', ch.application ?? ''],
    ['ApplicationData', ch.applicationData ?? ''],
    ['Duration', hms(now - ch.createdAt)],
    ['BridgeId', ch.bridgeId ?? ''],
  ];
}

function endpointItem(ep: SimEndpoint): WireHeaders {
  const byAor = new Map<string, string[]>();
  for (const c of ep.contacts) {
    const aor = c.slice(0, Math.max(0, c.indexOf('/')));
    byAor.set(aor, [...(byAor.get(aor) ?? []), c]);
  }
  return [
    ['ObjectType', 'endpoint'], ['ObjectName', ep.name], ['Transport', ep.transport], ['Aor', ep.aor], ['Auths', ep.auths ?? ''],
    ['OutboundAuths', ep.outboundAuths ?? ''],
    ...[...byAor.values()].map((list) => ['Contacts', list.map((c) => `${c},`).join('')] as const),
    ['DeviceState', deviceStateText(ep.deviceState)], ['ActiveChannels', String(ep.activeChannels)],
  ];
}

function contactItem(c: SimContact): WireHeaders {
  const hash = createHash('md5').update(c.uri).digest('hex');
  return [
    ['ObjectType', 'contact'], ['ObjectName', `${c.aor};@${hash}`], ['ViaAddr', c.viaAddr ?? ''], ['QualifyTimeout', '3.000000'],
    ['Qualify2xxOnly', 'false'], ['CallId', c.callId ?? ''], ['RegServer', ''], ['PruneOnBoot', 'no'], ['Path', ''],
    ['Endpoint', c.endpoint], ['ViaPort', String(c.viaPort ?? 0)], ['AuthenticateQualify', 'no'], ['Uri', c.uri],
    ['QualifyFrequency', String(c.qualifyFrequency ?? 0)], ['UserAgent', c.userAgent ?? ''], ['ExpirationTime', String(c.expirationTime ?? 0)],
    ['OutboundProxy', ''], ['Status', contactStateText(c.status)], ['RoundtripUsec', String(c.roundtripUsec ?? 0)],
  ];
}

function registrationItems(r: SimRegistration): WireHeaders[] {
  const status = r.status.charAt(0).toUpperCase() + r.status.slice(1);
  const reg: H = [
    ['Event', 'OutboundRegistrationDetail'], ['ObjectType', 'registration'], ['ObjectName', r.name], ['MaxRetries', String(r.maxRetries ?? 10)],
    ['ClientUri', r.clientUri], ['SecurityNegotiation', 'no'], ['AuthRejectionPermanent', 'true'], ['ServerUri', r.serverUri],
    ['MaxRandomInitialDelay', '10'], ['SupportPath', 'false'], ['RetryInterval', String(r.retryInterval ?? 60)], ['ContactHeaderParams', ''],
    ['Expiration', String(r.expiration ?? 3600)], ['Transport', r.transport ?? ''], ['Line', 'false'], ['ContactUser', r.contactUser ?? ''],
    ['Endpoint', ''], ['ForbiddenRetryInterval', '0'], ['OutboundAuth', r.auth?.name ?? ''], ['OutboundProxy', ''], ['FatalRetryInterval', '0'],
    ['SupportOutbound', 'no'], ['Status', status], ['NextReg', String(r.nextReg ?? 0)],
  ];
  if (!r.auth) return [reg];
  const a = r.auth;
  const auth: H = [
    ['Event', 'AuthDetail'], ['ObjectType', 'auth'], ['ObjectName', a.name], ['OauthSecret', ''], ['PasswordDigest', ''], ['SupportedAlgorithmsUas', 'MD5'],
    ['RefreshToken', ''], ['Username', a.username], ['Md5Cred', ''], ['Realm', a.realm ?? ''], ['AuthType', 'userpass'], ['Password', a.password],
    ['SupportedAlgorithmsUac', 'MD5'], ['NonceLifetime', '32'], ['OauthClientid', ''],
  ];
  return [reg, auth];
}

function aorItem(a: SimAor): WireHeaders {
  return [
    ['ObjectType', 'aor'], ['ObjectName', a.name], ['MinimumExpiration', '60'], ['DefaultExpiration', '3600'], ['QualifyTimeout', '3.000000'],
    ['Qualify2xxOnly', 'false'], ['Mailboxes', ''], ['SupportPath', 'false'], ['RemoveUnavailable', 'false'], ['VoicemailExtension', ''],
    ['MaxContacts', String(a.maxContacts ?? 0)], ['AuthenticateQualify', 'false'], ['Contacts', a.contacts.join(',')], ['MaximumExpiration', '7200'],
    ['QualifyFrequency', String(a.qualifyFrequency ?? 0)], ['RemoveExisting', a.removeExisting ? 'true' : 'false'], ['OutboundProxy', ''],
  ];
}

const coreShowChannels: ActionHandler = (s, req, ctx) => {
  const now = ctx.now();
  const items = ctx.world.channels().map((c) => channelItem(c, now));
  writeList(s, req, { message: 'Channels will follow', item: 'CoreShowChannel', complete: 'CoreShowChannelsComplete' }, items);
};

const showEndpoints: ActionHandler = (s, req, ctx) => {
  const eps = ctx.world.endpoints();
  // Asterisk ends this error message with a stray newline (PROTOCOLS.md §1.5).
  if (eps.length === 0) return s.error(req, 'No endpoints found\n');
  writeList(s, req, { message: 'A listing of Endpoints follows, presented as EndpointList events', item: 'EndpointList', complete: 'EndpointListComplete' }, eps.map(endpointItem));
};

const showContacts: ActionHandler = (s, req, ctx) => {
  const contacts = ctx.world.contacts();
  if (contacts.length === 0) return s.error(req, 'No Contacts found\n');
  writeList(s, req, { message: 'A listing of Contacts follows, presented as ContactList events', item: 'ContactList', complete: 'ContactListComplete' }, contacts.map(contactItem));
};

const showRegistrations: ActionHandler = (s, req, ctx) => {
  const regs = ctx.world.registrations();
  const registered = regs.filter((r) => r.status === 'registered').length;
  writeList(
    s, req,
    { message: 'Following are Events for each Outbound registration', item: 'OutboundRegistrationDetail', complete: 'OutboundRegistrationDetailComplete' },
    regs.flatMap(registrationItems),
    [['Registered', String(registered)], ['NotRegistered', String(regs.length - registered)]],
    regs.length,
  );
};

const showAors: ActionHandler = (s, req, ctx) => {
  const aors = ctx.world.aors?.() ?? [];
  writeList(s, req, { message: 'A listing of AORs follows, presented as AorList events', item: 'AorList', complete: 'AorListComplete' }, aors.map(aorItem));
};

export const LIST_HANDLERS: Readonly<Record<string, ActionHandler>> = {
  coreshowchannels: coreShowChannels,
  pjsipshowendpoints: showEndpoints,
  pjsipshowcontacts: showContacts,
  pjsipshowregistrationsoutbound: showRegistrations,
  pjsipshowaors: showAors,
};
