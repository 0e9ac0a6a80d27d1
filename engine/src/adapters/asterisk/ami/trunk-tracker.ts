import type { ContactStatus, EndpointStatus, OutboundRegistration } from '../../../ports/line-monitor.port';
import type { AmiMappedEvent } from './ami-event-map';
import type { AmiRegistrationItem } from './ami-queries';
import { emit, type MonitorEmit } from './monitor-emit';

interface Entry<T> {
  value: T;
  /** Sequence number of the last event applied (0 = only ever set by a listing). */
  seq: number;
}

export interface TrunkApplyResult {
  readonly emits: MonitorEmit[];
  /**
   * True when an event could not be tied to one known registration: the `Registry` event names only
   * the client and server URIs, which several registrations may share (captures/ami-03b). The
   * registration list must then be re-read rather than guessed.
   */
  readonly resyncRegistrations: boolean;
}

// Endpoints and contacts created by events are capped: a broken or hostile PBX cannot grow memory without bound.
const MAX_ENTRIES = 10_000;

const contactKey = (c: { readonly aor: string; readonly uri: string }): string => `${c.aor}\u0000${c.uri}`;

/**
 * Outbound registrations, endpoints and contacts. Pure state like ChannelTracker: mutators return
 * the domain events to emit, and a listing never overrides an entry an event touched after the
 * listing started.
 */
export class TrunkTracker {
  private readonly regs = new Map<string, Entry<OutboundRegistration>>();
  private readonly eps = new Map<string, Entry<EndpointStatus>>();
  private readonly cts = new Map<string, Entry<ContactStatus>>();
  private seqNo = 0;

  seq(): number {
    return this.seqNo;
  }

  registrations(): OutboundRegistration[] {
    return [...this.regs.values()].map((e) => e.value);
  }

  registration(name: string): OutboundRegistration | undefined {
    return this.regs.get(name)?.value;
  }

  endpoints(): EndpointStatus[] {
    return [...this.eps.values()].map((e) => e.value);
  }

  contacts(): ContactStatus[] {
    return [...this.cts.values()].map((e) => e.value);
  }

  apply(ev: AmiMappedEvent, now: number): TrunkApplyResult {
    switch (ev.kind) {
      case 'registry':
        return this.onRegistry(ev.clientUri, ev.serverUri, ev.state, now);
      case 'contact.status':
        return { emits: this.onContact({ aor: ev.aor, uri: ev.uri, endpoint: ev.endpoint, state: ev.state, ...(ev.roundtripUsec === undefined ? {} : { roundtripUsec: ev.roundtripUsec }) }), resyncRegistrations: false };
      case 'peer.status':
        return { emits: this.patchEndpoint(ev.endpoint, { reachable: ev.reachable }), resyncRegistrations: false };
      case 'device.state': {
        // Only endpoint devices (`PJSIP/<endpoint>`); Local and other devices are not lines.
        if (!ev.device.startsWith('PJSIP/')) return { emits: [], resyncRegistrations: false };
        return { emits: this.patchEndpoint(ev.device.slice('PJSIP/'.length), { state: ev.state }), resyncRegistrations: false };
      }
      default:
        return { emits: [], resyncRegistrations: false };
    }
  }

  resyncRegistrations(items: readonly AmiRegistrationItem[], startSeq: number, now: number): MonitorEmit[] {
    const out: MonitorEmit[] = [];
    const names = new Set(items.map((i) => i.name));
    for (const name of [...this.regs.keys()]) if (!names.has(name)) this.regs.delete(name);
    for (const item of items) {
      const prev = this.regs.get(item.name);
      if (prev && prev.seq > startSeq) continue;
      const change = this.setRegistration(item, item.state, now, prev?.seq ?? 0);
      if (change) out.push(change);
    }
    return out;
  }

  resyncEndpoints(items: readonly EndpointStatus[], startSeq: number): MonitorEmit[] {
    const out: MonitorEmit[] = [];
    const names = new Set(items.map((i) => i.name));
    for (const name of [...this.eps.keys()]) if (!names.has(name)) this.eps.delete(name);
    for (const item of items) {
      const prev = this.eps.get(item.name);
      if (prev && prev.seq > startSeq) continue;
      const value: EndpointStatus = { ...item, ...(prev?.value.reachable === undefined ? {} : { reachable: prev.value.reachable }) };
      this.eps.set(item.name, { value, seq: prev?.seq ?? 0 });
      if (prev && prev.value.state !== value.state) out.push(emit('endpoint.changed', { endpoint: value }));
    }
    return out;
  }

  resyncContacts(items: readonly ContactStatus[], startSeq: number): MonitorEmit[] {
    const out: MonitorEmit[] = [];
    const keys = new Set(items.map(contactKey));
    for (const [key, e] of [...this.cts]) {
      if (keys.has(key) || e.seq > startSeq) continue;
      this.cts.delete(key);
      out.push(emit('contact.changed', { contact: { ...e.value, state: 'removed' } }));
    }
    for (const item of items) {
      const prev = this.cts.get(contactKey(item));
      if (prev && prev.seq > startSeq) continue;
      this.cts.set(contactKey(item), { value: item, seq: prev?.seq ?? 0 });
      if (!prev || prev.value.state !== item.state) out.push(emit('contact.changed', { contact: item }));
    }
    return out;
  }

  private onRegistry(clientUri: string, serverUri: string, state: OutboundRegistration['state'], now: number): TrunkApplyResult {
    const matches = [...this.regs.values()].filter((e) => e.value.clientUri === clientUri && e.value.serverUri === serverUri);
    if (matches.length !== 1) return { emits: [], resyncRegistrations: true };
    const change = this.setRegistration(matches[0].value, state, now, ++this.seqNo);
    return { emits: change ? [change] : [], resyncRegistrations: false };
  }

  private setRegistration(base: Pick<OutboundRegistration, 'name' | 'serverUri' | 'clientUri'>, state: OutboundRegistration['state'], now: number, seq: number): MonitorEmit | undefined {
    const prev = this.regs.get(base.name)?.value;
    const reg: OutboundRegistration = { name: base.name, serverUri: base.serverUri, clientUri: base.clientUri, state, since: prev && prev.state === state ? prev.since : now };
    this.regs.set(base.name, { value: reg, seq });
    if (prev?.state === state) return undefined;
    return emit('registration.changed', { registration: reg, previous: prev?.state ?? 'unknown' });
  }

  private onContact(contact: ContactStatus): MonitorEmit[] {
    const key = contactKey(contact);
    const prev = this.cts.get(key);
    const seq = ++this.seqNo;
    if (contact.state === 'removed') {
      this.cts.delete(key);
      return prev ? [emit('contact.changed', { contact })] : [];
    }
    if (!prev && this.cts.size >= MAX_ENTRIES) return [];
    this.cts.set(key, { value: contact, seq });
    return prev?.value.state === contact.state ? [] : [emit('contact.changed', { contact })];
  }

  private patchEndpoint(name: string, patch: { readonly state?: EndpointStatus['state']; readonly reachable?: boolean }): MonitorEmit[] {
    if (!this.eps.has(name) && this.eps.size >= MAX_ENTRIES) return [];
    const prev = this.eps.get(name)?.value ?? { name, state: 'unknown' as const, listedChannels: 0, contacts: [] };
    const next: EndpointStatus = {
      ...prev,
      ...(patch.state === undefined ? {} : { state: patch.state }),
      ...(patch.reachable === undefined ? {} : { reachable: patch.reachable }),
    };
    this.eps.set(name, { value: next, seq: ++this.seqNo });
    const changed = next.state !== prev.state || next.reachable !== prev.reachable;
    return changed ? [emit('endpoint.changed', { endpoint: next })] : [];
  }
}
