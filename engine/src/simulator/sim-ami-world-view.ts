import type { EndpointState } from '../ports/line-monitor.port';
import type {
  AmiWorldEvent, AmiWorldListener, AmiWorldView, SimChannel as AmiChannel, SimContact, SimEndpoint, SimOriginateAccept,
  SimOriginateRequest, SimRegistration,
} from './ami/ami-world-view';
import type { OriginateParams } from './core/originate-service';
import type { SimWorld } from './core/sim-world';
import type { WorldEvent } from './core/world-events';
import type { ChannelSnapshot } from './core/world-model';
import { amiChannel, amiContact, amiEventsOf, amiOriginateOutcome, amiRegistration, deviceStateOf } from './sim-ami-events';

/** `PJSIP/TO-CUCM-Gaptel-0000001c` → `TO-CUCM-Gaptel`. */
function endpointOfName(name: string): string | undefined {
  if (!name.startsWith('PJSIP/')) return undefined;
  const rest = name.slice('PJSIP/'.length);
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? rest.slice(0, dash) : undefined;
}

/**
 * The core simulated world seen through the AMI server's narrow `AmiWorldView`: one world behind
 * both ARI and AMI, so a call placed over ARI shows up in CoreShowChannels and as Newchannel/Hangup,
 * and an AMI Originate runs through the same dialling code as an ARI one. It also derives what AMI
 * has and the core does not model as events: DeviceStateChange of PJSIP endpoints as their legs come
 * and go, and OriginateResponse from the originate outcome.
 */
export class SimAmiWorldView implements AmiWorldView {
  private readonly listeners = new Set<AmiWorldListener>();
  private readonly deviceStates = new Map<string, EndpointState>();
  private readonly unsubscribe: () => void;

  constructor(
    private readonly world: SimWorld,
    /** Dialplan contexts an exten-form Originate may name (others: `Extension does not exist.`). */
    private readonly contexts: ReadonlySet<string>,
    /** manager.conf `channelvars`: variables every channel event carries as `ChanVariable` lines. */
    private readonly channelVars: readonly string[] = [],
  ) {
    this.resetDeviceStates();
    this.unsubscribe = world.on((ev) => this.onWorldEvent(ev));
  }

  /** After a crash (channels vanished without events): start again from the endpoints as they are. */
  resetDeviceStates(): void {
    this.deviceStates.clear();
    for (const ep of this.world.endpoints.list()) this.deviceStates.set(ep.resource, deviceStateOf(ep, ep.channelIds.length));
  }

  /** Stops following the world (the simulator stops). */
  dispose(): void {
    this.unsubscribe();
    this.listeners.clear();
  }

  channels(): readonly AmiChannel[] {
    return this.world.channels.list().map(this.toChannel);
  }

  endpoints(): readonly SimEndpoint[] {
    const registered = new Set(this.world.endpoints.listRegistrations().map((r) => r.endpoint));
    const contacts = new Map(this.world.endpoints.contacts().map((c) => [c.endpoint, c]));
    return this.world.endpoints.list().map((ep) => ({
      name: ep.resource,
      transport: 'transport-udp',
      aor: ep.resource,
      outboundAuths: registered.has(ep.resource) ? `${ep.resource}-auth` : '',
      contacts: contacts.has(ep.resource) ? [`${ep.resource}/${contacts.get(ep.resource)?.uri ?? ''}`] : [],
      deviceState: deviceStateOf(ep, ep.channelIds.length),
      activeChannels: ep.channelIds.length,
    }));
  }

  registrations(): readonly SimRegistration[] {
    return this.world.endpoints.listRegistrations().map(amiRegistration);
  }

  contacts(): readonly SimContact[] {
    return this.world.endpoints.contacts().flatMap((c) => amiContact(c) ?? []);
  }

  /**
   * An AMI Originate through the world's dialling code. Like Asterisk, an endpoint the PBX cannot
   * dial is not refused here: the answer is "queued" and a failed OriginateResponse follows.
   * `Application: Stasis` enters the named app with the comma-separated arguments; any other
   * application ends at once once answered (the simulator runs no other applications).
   */
  originate(req: SimOriginateRequest): SimOriginateAccept {
    if (req.target.kind === 'exten' && !this.contexts.has(req.target.context)) return { ok: false, error: 'no_extension' };
    const report = (outcome: ReturnType<typeof amiOriginateOutcome>): void => this.emit({ type: 'originate.result', ref: req.ref, outcome });
    const callerId = req.callerIdName ? `"${req.callerIdName}" <${req.callerIdNum ?? ''}>` : req.callerIdNum;
    const params: OriginateParams = {
      endpoint: req.channel,
      ...this.targetOf(req),
      timeoutSec: req.timeoutMs / 1000,
      variables: req.variables,
      ...(callerId ? { callerId } : {}),
      ...(req.channelId ? { channelId: req.channelId } : {}),
      ...(req.otherChannelId ? { otherChannelId: req.otherChannelId } : {}),
      onOutcome: (o) => report(amiOriginateOutcome(o, this.toChannel)),
    };
    const result = this.world.channels.originate(params);
    if (!result.ok) this.world.clock.defer(() => report({ answered: false, cause: 'failed' }));
    return { ok: true };
  }

  hangup(channelName: string, cause?: number): boolean {
    const snap = this.world.channels.findByName(channelName);
    return snap !== undefined && this.world.channels.hangup(snap.id, cause ?? 16, 'manager').ok;
  }

  getVar(channel: string | undefined, name: string): { readonly found: boolean; readonly value?: string } {
    if (channel === undefined) return { found: true, value: this.world.globals.get(name) ?? '' };
    const snap = this.world.channels.findByName(channel);
    if (!snap) return { found: false };
    const read = this.world.channels.getVariable(snap.id, name);
    return { found: true, value: read.ok ? read.value : '' };
  }

  setVar(channel: string | undefined, name: string, value: string): boolean {
    if (channel === undefined) {
      this.world.globals.set(name, value);
      return true;
    }
    const snap = this.world.channels.findByName(channel);
    return snap !== undefined && this.world.inbound.setVariable(snap.id, name, value).ok;
  }

  /** PJSIPRegister on a registered entry first unregisters it (captures/ami-03b-registration-events). */
  register(name: string): boolean {
    const current = this.world.endpoints.listRegistrations().find((r) => r.name === name);
    if (!current) return false;
    if (current.status === 'Registered') this.world.endpoints.setRegistration(name, 'Unregistered');
    return this.world.endpoints.setRegistration(name, 'Registered');
  }

  unregister(name: string): boolean {
    const current = this.world.endpoints.listRegistrations().find((r) => r.name === name);
    if (!current) return false;
    this.world.endpoints.setRegistration(name, 'Unregistered');
    return true;
  }

  /** `core restart`: every channel gets its shutdown hangup (seen by ARI and AMI alike). */
  shutdownChannels(): void {
    this.world.shutdown(true);
  }

  subscribe(listener: AmiWorldListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** The AMI channel with its `channelvars` values as they are now (events are delivered synchronously). */
  private readonly toChannel = (snapshot: ChannelSnapshot): AmiChannel => {
    const base = amiChannel(snapshot);
    if (this.channelVars.length === 0) return base;
    const live = this.world.channels.find(snapshot.id);
    return { ...base, variables: this.channelVars.map((name) => [name, live?.variables.get(name) ?? ''] as const) };
  };

  private targetOf(req: SimOriginateRequest): Pick<OriginateParams, 'app' | 'appArgs' | 'dialplan'> {
    const t = req.target;
    if (t.kind === 'exten') return { dialplan: { context: t.context, exten: t.exten, priority: t.priority } };
    if (t.application.toLowerCase() !== 'stasis') return { dialplan: { context: 'default', exten: 's', priority: 1 } };
    const [app = '', ...args] = t.data.split(',');
    return { app, appArgs: args };
  }

  private onWorldEvent(ev: WorldEvent): void {
    for (const out of amiEventsOf(ev, this.toChannel)) this.emit(out);
    if (ev.type === 'channel.created') this.refreshDevice(endpointOfName(ev.channel.name));
    else if (ev.type === 'channel.destroyed') this.refreshDevice(endpointOfName(ev.channel.name), ev.channel.id);
    else if (ev.type === 'endpoint.state-changed') this.refreshDevice(ev.endpoint.resource);
  }

  /** Emits DeviceStateChange when the endpoint's aggregate state changed (`leaving` is being destroyed). */
  private refreshDevice(resource: string | undefined, leaving?: string): void {
    if (resource === undefined) return;
    const ep = this.world.endpoints.snapshot(resource);
    if (!ep) return;
    const state = deviceStateOf(ep, ep.channelIds.filter((id) => id !== leaving).length);
    if (this.deviceStates.get(resource) === state) return;
    this.deviceStates.set(resource, state);
    this.emit({ type: 'device.state', device: `PJSIP/${resource}`, state });
  }

  private emit(ev: AmiWorldEvent): void {
    for (const listener of [...this.listeners]) listener(ev);
  }
}
