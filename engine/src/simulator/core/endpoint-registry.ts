import type { WorldEventBus } from './world-event-bus';
import type {
  ContactSnapshot,
  ContactStatus,
  EndpointSnapshot,
  RegistrationSnapshot,
  RegistrationStatus,
} from './world-model';

/** A PJSIP endpoint of the simulated PBX: a carrier trunk or an operator phone. */
export interface EndpointConfig {
  readonly resource: string;
  readonly kind: 'trunk' | 'phone';
  /** The endpoint's `context`; originated legs show it in their dialplan location. */
  readonly context?: string;
  /** Whether it has a reachable contact; an offline endpoint cannot be dialled. Default true. */
  readonly online?: boolean;
  readonly contactUri?: string;
}

/** An outbound registration (`pjsip.conf` type=registration). */
export interface RegistrationConfig {
  readonly name: string;
  readonly serverUri: string;
  readonly clientUri: string;
  readonly endpoint: string;
  readonly status?: RegistrationStatus;
}

interface EndpointEntry {
  readonly config: EndpointConfig;
  online: boolean;
  readonly channelIds: Set<string>;
}

/** Endpoints, their contacts and outbound registrations; state changes become world events. */
export class EndpointRegistry {
  private readonly endpoints = new Map<string, EndpointEntry>();
  private readonly registrations = new Map<string, RegistrationSnapshot>();

  constructor(
    private readonly bus: WorldEventBus,
    endpoints: readonly EndpointConfig[],
    registrations: readonly RegistrationConfig[] = [],
  ) {
    for (const config of endpoints) this.endpoints.set(config.resource, { config, online: config.online ?? true, channelIds: new Set() });
    for (const reg of registrations) this.registrations.set(reg.name, { ...reg, status: reg.status ?? 'Registered' });
  }

  config(resource: string): EndpointConfig | undefined {
    return this.endpoints.get(resource)?.config;
  }

  /** The context of an endpoint (what a PJSIP leg's dialplan shows). */
  contextOf(resource: string): string {
    const config = this.config(resource);
    return config?.context ?? (config?.kind === 'phone' ? 'from-internal' : 'from-trunk');
  }

  isOnline(resource: string): boolean {
    return this.endpoints.get(resource)?.online ?? false;
  }

  list(): EndpointSnapshot[] {
    return [...this.endpoints.keys()].map((resource) => this.snapshot(resource) as EndpointSnapshot);
  }

  snapshot(resource: string): EndpointSnapshot | undefined {
    const entry = this.endpoints.get(resource);
    if (!entry) return undefined;
    return { technology: 'PJSIP', resource, state: entry.online ? 'online' : 'offline', channelIds: [...entry.channelIds] };
  }

  contacts(): ContactSnapshot[] {
    return [...this.endpoints.values()].map((entry) => this.contactOf(entry, entry.online ? 'Reachable' : 'Unreachable'));
  }

  attachChannel(resource: string, channelId: string): void {
    this.endpoints.get(resource)?.channelIds.add(channelId);
  }

  detachChannel(channelId: string): void {
    for (const entry of this.endpoints.values()) entry.channelIds.delete(channelId);
  }

  /** Brings a contact up or down (a phone unplugged, a trunk's qualify failing). */
  setOnline(resource: string, online: boolean): boolean {
    const entry = this.endpoints.get(resource);
    if (!entry || entry.online === online) return false;
    entry.online = online;
    const scope = { endpoint: `PJSIP/${resource}` };
    const endpoint = this.snapshot(resource) as EndpointSnapshot;
    this.bus.emit({ type: 'contact.status-changed', endpoint, contact: this.contactOf(entry, online ? 'Reachable' : 'Unreachable') }, scope);
    this.bus.emit({ type: 'peer.status-changed', endpoint, peerStatus: online ? 'Reachable' : 'Unreachable' }, scope);
    this.bus.emit({ type: 'endpoint.state-changed', endpoint }, scope);
    return true;
  }

  listRegistrations(): RegistrationSnapshot[] {
    return [...this.registrations.values()];
  }

  /** Changes an outbound registration (PJSIPRegister/Unregister, or the registrar rejecting us). */
  setRegistration(name: string, status: RegistrationStatus): boolean {
    const current = this.registrations.get(name);
    if (!current) return false;
    const next = { ...current, status };
    this.registrations.set(name, next);
    this.bus.emit({ type: 'registration.changed', registration: next });
    return true;
  }

  private contactOf(entry: EndpointEntry, status: ContactStatus): ContactSnapshot {
    const resource = entry.config.resource;
    return {
      uri: entry.config.contactUri ?? `sip:${resource}@127.0.0.1:5060`,
      aor: resource,
      endpoint: resource,
      status,
      roundtripUsec: status === 'Reachable' ? 1500 : 0,
    };
  }
}
