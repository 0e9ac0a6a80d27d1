/**
 * The list actions the line monitor needs, with their items mapped to typed records
 * (asterisk/PROTOCOLS.md §1.5). `AuthDetail` items of the registration list carry passwords in
 * clear text: they are skipped here and never logged.
 */
import type { ContactStatus, EndpointStatus } from '../../../ports/line-monitor.port';
import type { AmiConnection } from './ami-connection';
import { contactStateOf, deviceStateOf, readSnapshot, registrationStateOf, type AmiChannelSnap } from './ami-event-map';
import type { AmiFrame } from './ami-frame';
import type { AmiList } from './ami-pending';

/** Anything that runs list actions (the supervisor, or a bare client in tests). */
export type AmiListRunner = Pick<AmiConnection, 'listAction'>;

export interface AmiRegistrationItem {
  readonly name: string;
  readonly serverUri: string;
  readonly clientUri: string;
  readonly state: ReturnType<typeof registrationStateOf>;
}

export interface AmiChannelItem extends AmiChannelSnap {
  readonly application: string;
  /** Seconds since the channel was created, from `Duration: HH:MM:SS`. */
  readonly durationSec?: number;
  readonly bridgeId?: string;
}

function itemsOf(list: AmiList, event: string): AmiFrame[] {
  return list.items.filter((f) => (f.event ?? '').toLowerCase() === event.toLowerCase());
}

function durationOf(v: string | undefined): number | undefined {
  const m = v === undefined ? null : /^(\d+):(\d{2}):(\d{2})$/.exec(v);
  return m ? Number(m[1]) * 3600 + Number(m[2]) * 60 + Number(m[3]) : undefined;
}

export function channelItem(f: AmiFrame): AmiChannelItem | undefined {
  const snap = readSnapshot(f);
  if (!snap) return undefined;
  return { ...snap, application: f.get('Application') ?? '', durationSec: durationOf(f.get('Duration')), bridgeId: f.get('BridgeId') || undefined };
}

export function registrationItem(f: AmiFrame): AmiRegistrationItem | undefined {
  const name = f.get('ObjectName');
  if (!name) return undefined;
  return { name, serverUri: f.get('ServerUri') ?? '', clientUri: f.get('ClientUri') ?? '', state: registrationStateOf(f.get('Status')) };
}

export function endpointItem(f: AmiFrame): EndpointStatus | undefined {
  const name = f.get('ObjectName');
  if (!name) return undefined;
  // One `Contacts:` line per AOR, each "aor/uri," with a trailing comma.
  const contacts = f.all('Contacts').flatMap((line) => line.split(',').map((c) => c.trim()).filter((c) => c !== ''));
  return { name, state: deviceStateOf(f.get('DeviceState')), listedChannels: f.int('ActiveChannels') ?? 0, contacts };
}

export function contactItem(f: AmiFrame): ContactStatus | undefined {
  const objectName = f.get('ObjectName') ?? '';
  const uri = f.get('Uri');
  if (!uri) return undefined;
  // ObjectName is "<aor>;@<hash>".
  const aor = objectName.includes(';@') ? objectName.slice(0, objectName.indexOf(';@')) : objectName;
  const rtt = f.int('RoundtripUsec');
  return { aor, uri, endpoint: f.get('Endpoint') ?? '', state: contactStateOf(f.get('Status')), ...(rtt === undefined ? {} : { roundtripUsec: rtt }) };
}

function defined<T>(v: T | undefined): v is T {
  return v !== undefined;
}

/** `CoreShowChannels`: every channel on the PBX. */
export async function showChannels(ami: AmiListRunner): Promise<AmiChannelItem[]> {
  const list = await ami.listAction({ action: 'CoreShowChannels' });
  return itemsOf(list, 'CoreShowChannel').map(channelItem).filter(defined);
}

/** `PJSIPShowRegistrationsOutbound`: our trunk registrations and their state. */
export async function showRegistrations(ami: AmiListRunner): Promise<AmiRegistrationItem[]> {
  const list = await ami.listAction({ action: 'PJSIPShowRegistrationsOutbound' }, { emptyMessages: ['No registrations found'] });
  return itemsOf(list, 'OutboundRegistrationDetail').map(registrationItem).filter(defined);
}

/** `PJSIPShowEndpoints`: endpoints with device state and contacts. */
export async function showEndpoints(ami: AmiListRunner): Promise<EndpointStatus[]> {
  const list = await ami.listAction({ action: 'PJSIPShowEndpoints' }, { emptyMessages: ['No endpoints found'] });
  return itemsOf(list, 'EndpointList').map(endpointItem).filter(defined);
}

/** `PJSIPShowContacts`: registered contacts; `No Contacts found` is an empty list, not an error. */
export async function showContacts(ami: AmiListRunner): Promise<ContactStatus[]> {
  const list = await ami.listAction({ action: 'PJSIPShowContacts' }, { emptyMessages: ['No Contacts found'] });
  return itemsOf(list, 'ContactList').map(contactItem).filter(defined);
}
