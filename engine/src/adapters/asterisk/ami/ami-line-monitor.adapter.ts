import { EngineError, describeError, isEngineError } from '../../../errors';
import { systemClock, type Clock } from '../../../ports/clock.port';
import type {
  ChannelEnded, ContactStatus, EndpointStatus, EndpointUsage, LineMonitorEventName, LineMonitorEvents, LineMonitorPort,
  LineUsage, LiveChannel, MonitorConnectionStatus, OutboundRegistration,
} from '../../../ports/line-monitor.port';
import type { Logger } from '../../../ports/logger.port';
import type { AmiConnection } from './ami-connection';
import { mapAmiEvent } from './ami-event-map';
import type { AmiFrame } from './ami-frame';
import { showChannels, showContacts, showEndpoints, showRegistrations } from './ami-queries';
import { ChannelTracker } from './channel-tracker';
import type { MonitorEmit } from './monitor-emit';
import { TrunkTracker } from './trunk-tracker';

export interface AmiLineMonitorOptions {
  /** The supervised AMI connection (started and stopped by the monitor). */
  readonly connection: AmiConnection;
  /** Configured lines (outbound numbers) whose live usage is reported. */
  readonly lines?: readonly string[];
  /** Channel variable naming a channel's line, exported via manager.conf `channelvars` (e.g. `SALEHI_LINE`). */
  readonly lineVariable?: string;
  /** Full re-read of the PBX state this often, to heal anything an event missed. */
  readonly resyncIntervalMs?: number;
  /** After login, how long to wait for FullyBooted before reading the state anyway. */
  readonly bootWaitMs?: number;
  /** Debounce of the registration re-read triggered by an ambiguous `Registry` event. */
  readonly registrationResyncDelayMs?: number;
  readonly endedTtlMs?: number;
  readonly endedMax?: number;
  readonly logger: Logger;
  readonly clock?: Clock;
}

type AnyListener = (payload: never) => void;

/**
 * LineMonitorPort over AMI. Feeds the trackers from events, re-reads everything after each
 * (re)connect (once Asterisk reports FullyBooted) and periodically, marks tracked channels
 * ended-unknown when the connection drops, and re-reads the registrations whenever a `Registry`
 * event cannot be matched to exactly one registration.
 */
export class AmiLineMonitor implements LineMonitorPort {
  private readonly ami: AmiConnection;
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly channelState: ChannelTracker;
  private readonly trunks = new TrunkTracker();
  private readonly listeners = new Map<LineMonitorEventName, Set<AnyListener>>();
  private readonly unsubscribe: Array<() => void> = [];
  private readonly o: Required<Pick<AmiLineMonitorOptions, 'resyncIntervalMs' | 'bootWaitMs' | 'registrationResyncDelayMs'>>;
  private resyncTimer: NodeJS.Timeout | undefined;
  private bootTimer: NodeJS.Timeout | undefined;
  private regTimer: NodeJS.Timeout | undefined;
  private resyncRunning: Promise<void> | undefined;
  private resyncAgain = false;
  private pbxBooted = false;
  private lostSinceConnect = false;
  private started = false;

  constructor(opts: AmiLineMonitorOptions) {
    this.ami = opts.connection;
    this.log = opts.logger.child({ component: 'line-monitor' });
    this.clock = opts.clock ?? systemClock;
    this.channelState = new ChannelTracker({ lines: opts.lines ?? [], lineVariable: opts.lineVariable, endedTtlMs: opts.endedTtlMs ?? 15 * 60_000, endedMax: opts.endedMax ?? 5_000 });
    this.o = { resyncIntervalMs: opts.resyncIntervalMs ?? 60_000, bootWaitMs: opts.bootWaitMs ?? 2_000, registrationResyncDelayMs: opts.registrationResyncDelayMs ?? 250 };
  }

  start(): Promise<void> {
    if (this.started) return Promise.resolve();
    this.started = true;
    this.unsubscribe.push(
      this.ami.onConnected(({ reconnects }) => this.onConnected(reconnects)),
      this.ami.onDisconnected(({ reason }) => this.onDisconnected(reason)),
      this.ami.onEvent((frame) => this.onFrame(frame)),
    );
    this.resyncTimer = setInterval(() => this.backgroundResync('periodic'), this.o.resyncIntervalMs).unref();
    this.ami.start();
    return Promise.resolve();
  }

  async stop(): Promise<void> {
    if (!this.started) return;
    this.started = false;
    for (const off of this.unsubscribe.splice(0)) off();
    clearInterval(this.resyncTimer);
    clearTimeout(this.bootTimer);
    clearTimeout(this.regTimer);
    await this.ami.stop();
  }

  isConnected(): boolean {
    return this.ami.isConnected();
  }

  connectionStatus(): MonitorConnectionStatus {
    const s = this.ami.connectionStatus();
    return { ...s, pbxBooted: this.pbxBooted && s.state === 'connected' };
  }

  registrations(): readonly OutboundRegistration[] {
    return this.trunks.registrations();
  }

  registration(name: string): OutboundRegistration | undefined {
    return this.trunks.registration(name);
  }

  endpoints(): readonly EndpointStatus[] {
    return this.trunks.endpoints();
  }

  contacts(): readonly ContactStatus[] {
    return this.trunks.contacts();
  }

  channels(): readonly LiveChannel[] {
    return this.channelState.channels();
  }

  lineUsage(): readonly LineUsage[] {
    return this.channelState.lineUsage();
  }

  endpointUsage(): readonly EndpointUsage[] {
    return this.channelState.endpointUsage();
  }

  endedChannel(channelId: string): ChannelEnded | undefined {
    return this.channelState.endedChannel(channelId);
  }

  endedChannelsOfCall(linkedId: string): readonly ChannelEnded[] {
    return this.channelState.endedOfCall(linkedId);
  }

  on<E extends LineMonitorEventName>(event: E, listener: (payload: LineMonitorEvents[E]) => void): () => void {
    const set = this.listeners.get(event) ?? new Set<AnyListener>();
    this.listeners.set(event, set);
    set.add(listener as AnyListener);
    return () => set.delete(listener as AnyListener);
  }

  /** Re-reads the PBX state; concurrent calls share one run (plus one more if asked meanwhile). */
  resync(): Promise<void> {
    if (!this.ami.isConnected()) return Promise.reject(new EngineError('CE_TELEPHONY_NOT_CONNECTED', 'line monitor: AMI is not connected'));
    if (this.resyncRunning) {
      this.resyncAgain = true;
      return this.resyncRunning;
    }
    const run = this.resyncLoop().finally(() => (this.resyncRunning = undefined));
    this.resyncRunning = run;
    return run;
  }

  private async resyncLoop(): Promise<void> {
    do {
      this.resyncAgain = false;
      await this.resyncOnce();
    } while (this.resyncAgain && this.ami.isConnected());
  }

  private async resyncOnce(): Promise<void> {
    const chSeq = this.channelState.seq();
    const trSeq = this.trunks.seq();
    const [channels, regs, eps, contacts] = await Promise.allSettled([showChannels(this.ami), showRegistrations(this.ami), showEndpoints(this.ami), showContacts(this.ami)]);
    const now = this.clock.now();
    if (regs.status === 'fulfilled') this.deliver(this.trunks.resyncRegistrations(regs.value, trSeq, now));
    if (eps.status === 'fulfilled') this.deliver(this.trunks.resyncEndpoints(eps.value, trSeq));
    if (contacts.status === 'fulfilled') this.deliver(this.trunks.resyncContacts(contacts.value, trSeq));
    if (channels.status === 'rejected') throw channels.reason;
    this.reportPartialFailure([regs, eps, contacts]);
    this.deliver(this.channelState.resync(channels.value, chSeq, now));
    this.deliver([{ event: 'state.resynced', payload: { channels: channels.value.length, registrations: this.trunks.registrations().length } }]);
  }

  private reportPartialFailure(results: ReadonlyArray<PromiseSettledResult<unknown>>): void {
    const errors = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    if (errors.length === 0) return;
    // A connection that dropped mid-resync is already logged by the supervisor; say it once, quietly.
    const level = errors.every((e) => isEngineError(e, 'CE_TELEPHONY_NOT_CONNECTED')) ? 'debug' : 'warn';
    this.log[level]({ errors: errors.map(describeError) }, 'line monitor: part of the resync failed');
  }

  private backgroundResync(why: string): void {
    if (!this.ami.isConnected()) return;
    this.resync().catch((err: unknown) => {
      const level = isEngineError(err, 'CE_TELEPHONY_NOT_CONNECTED') ? 'debug' : 'warn';
      this.log[level]({ err, why }, `line monitor resync failed: ${describeError(err)}`);
    });
  }

  private onConnected(reconnects: number): void {
    this.pbxBooted = false;
    if (this.lostSinceConnect) this.deliver([{ event: 'connection.restored', payload: { reconnects } }]);
    this.lostSinceConnect = false;
    // Asterisk sends FullyBooted right after login when it is up; during its boot window it comes
    // later (captures/ami-05). Reading registrations before boot would see an empty config.
    clearTimeout(this.bootTimer);
    this.bootTimer = setTimeout(() => this.backgroundResync('connected'), this.o.bootWaitMs);
  }

  private onDisconnected(reason: string): void {
    this.pbxBooted = false;
    this.lostSinceConnect = true;
    clearTimeout(this.bootTimer);
    clearTimeout(this.regTimer);
    this.deliver(this.channelState.markAllUnknown(this.clock.now()));
    this.deliver([{ event: 'connection.lost', payload: { reason } }]);
  }

  private onFrame(frame: AmiFrame): void {
    const ev = mapAmiEvent(frame);
    if (!ev) {
      this.log.debug({ event: frame.event?.slice(0, 64) }, 'AMI event not used by the line monitor; ignored');
      return;
    }
    const now = this.clock.now();
    switch (ev.kind) {
      case 'booted':
        this.pbxBooted = true;
        clearTimeout(this.bootTimer);
        this.deliver([{ event: 'asterisk.booted', payload: { uptimeSec: ev.uptimeSec } }]);
        this.backgroundResync('booted');
        return;
      case 'shutdown':
        this.deliver([{ event: 'asterisk.shutdown', payload: { restart: ev.restart } }]);
        return;
      case 'registry':
      case 'contact.status':
      case 'peer.status':
      case 'device.state':
        return this.onTrunkEvent(ev, now);
      default:
        this.deliver(this.channelState.apply(ev, now));
    }
  }

  private onTrunkEvent(ev: Parameters<TrunkTracker['apply']>[0], now: number): void {
    const result = this.trunks.apply(ev, now);
    this.deliver(result.emits);
    if (!result.resyncRegistrations || this.regTimer) return;
    this.regTimer = setTimeout(() => {
      this.regTimer = undefined;
      const seq = this.trunks.seq();
      showRegistrations(this.ami)
        .then((items) => this.deliver(this.trunks.resyncRegistrations(items, seq, this.clock.now())))
        .catch((err: unknown) => this.log[isEngineError(err, 'CE_TELEPHONY_NOT_CONNECTED') ? 'debug' : 'warn']({ err }, 'line monitor: registration re-read failed'));
    }, this.o.registrationResyncDelayMs);
  }

  private deliver(emits: readonly MonitorEmit[]): void {
    for (const e of emits) {
      for (const fn of [...(this.listeners.get(e.event) ?? [])]) {
        try {
          (fn as (p: unknown) => void)(e.payload);
        } catch (err) {
          this.log.error({ err, event: e.event }, 'line monitor listener failed');
        }
      }
    }
  }
}
