import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { systemClock, type Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import { BridgeManager } from './bridge-manager';
import { ChannelLifecycle } from './channel-lifecycle';
import { ChannelService } from './channel-service';
import { CustomerKeypad } from './customer-keypad';
import { DialplanRunner } from './dialplan-runner';
import { EndpointRegistry, type EndpointConfig, type RegistrationConfig } from './endpoint-registry';
import { InboundCalls } from './inbound-calls';
import { LocalPrograms } from './local-programs';
import { MediaDurations, type MediaDurationOptions } from './media-durations';
import { OriginateService } from './originate-service';
import { PartyDirectory } from './party-directory';
import { PlaybackManager } from './playback-manager';
import { RecordingManager } from './recording-manager';
import { RecordingStore } from './recording-store';
import { SimClock } from './sim-clock';
import { SimIds } from './sim-ids';
import { silentLogger } from './silent-logger';
import { SpokenTextRegistry } from './spoken-text-registry';
import { StasisApps } from './stasis-apps';
import { ChannelTable, type DialplanContextConfig, type WorldContext } from './world-context';
import { WorldEventBus } from './world-event-bus';
import type { WorldEventListener } from './world-events';

export interface SimWorldOptions {
  /** Real ms per simulated ms (1 = real time, 0.01 = a hundred times faster). Default 1. */
  readonly speed?: number;
  readonly clock?: Clock;
  readonly logger?: Logger;
  /** The EID in every ARI event (`asterisk_id`). */
  readonly asteriskId?: string;
  readonly endpoints?: readonly EndpointConfig[];
  readonly registrations?: readonly RegistrationConfig[];
  readonly contexts?: readonly DialplanContextConfig[];
  /** Trunk of `dial` contexts that name none; default the first trunk endpoint. */
  readonly defaultTrunk?: string;
  readonly directory?: PartyDirectory;
  /** Where recordings are stored (`<spool>/recording`); default a fresh temp directory. */
  readonly recordingsDir?: string;
  readonly media?: MediaDurationOptions;
}

export const DEFAULT_ENDPOINTS: readonly EndpointConfig[] = [{ resource: 'TO-CUCM-Gaptel', kind: 'trunk', context: 'from-trunk' }];

/** The contexts of the engine's dialplan (`dialplan/salehi-*.conf`) plus simulator helpers. */
export const DEFAULT_CONTEXTS: readonly DialplanContextConfig[] = [
  { name: 'salehi-outbound', kind: 'dial', trunkVariable: 'ENGINE_TRUNK' },
  { name: 'from-internal', kind: 'dial' },
  { name: 'customer-sim', kind: 'party' },
  { name: 'operator-sim', kind: 'party' },
  { name: 'salehi-park', kind: 'park', waitSeconds: 20 },
  { name: 'salehi-amd', kind: 'amd', app: 'salehi' },
];

/**
 * The simulated Asterisk: channels, bridges, playbacks, recordings, endpoints, registrations and
 * Stasis apps, with scripted customers and operators. It speaks no protocol; it emits neutral
 * WorldEvents that the ARI and AMI front-ends render.
 */
export class SimWorld {
  readonly asteriskId: string;
  readonly clock: SimClock;
  readonly bus: WorldEventBus;
  readonly apps = new StasisApps();
  readonly directory: PartyDirectory;
  readonly endpoints: EndpointRegistry;
  readonly spokenText = new SpokenTextRegistry();
  /** Global dialplan variables (AMI Getvar/Setvar without a channel). */
  readonly globals = new Map<string, string>();
  readonly store: RecordingStore;
  readonly channels: ChannelService;
  readonly inbound: InboundCalls;
  readonly playbacks: PlaybackManager;
  readonly recordings: RecordingManager;
  readonly bridges: BridgeManager;
  /** The scripted people's key presses (DTMF). */
  readonly keypad: CustomerKeypad;
  booted = false;
  startupTime: number;
  private readonly ctx: WorldContext;
  private readonly lc: ChannelLifecycle;

  constructor(options: SimWorldOptions = {}) {
    const log = options.logger ?? silentLogger;
    this.asteriskId = options.asteriskId ?? '02:fc:00:00:00:01';
    this.clock = new SimClock(options.speed ?? 1, options.clock ?? systemClock, log);
    this.bus = new WorldEventBus(this.clock, this.apps, log);
    this.directory = options.directory ?? new PartyDirectory();
    const endpoints = options.endpoints ?? DEFAULT_ENDPOINTS;
    this.endpoints = new EndpointRegistry(this.bus, endpoints, options.registrations);
    this.store = new RecordingStore(options.recordingsDir ?? mkdtempSync(join(tmpdir(), 'salehi-sim-recordings-')));
    this.ctx = {
      bus: this.bus,
      clock: this.clock,
      ids: new SimIds(() => this.clock.wallNow()),
      apps: this.apps,
      channels: new ChannelTable(),
      endpoints: this.endpoints,
      directory: this.directory,
      contexts: new Map((options.contexts ?? DEFAULT_CONTEXTS).map((c) => [c.name, c])),
      defaultTrunk: options.defaultTrunk ?? endpoints.find((e) => e.kind === 'trunk')?.resource ?? 'trunk',
      log,
    };
    this.lc = new ChannelLifecycle(this.ctx);
    const runner = new DialplanRunner(this.ctx, this.lc);
    const originator = new OriginateService(this.ctx, this.lc, runner, new LocalPrograms(this.ctx, this.lc));
    this.channels = new ChannelService(this.ctx, this.lc, runner, originator);
    this.inbound = new InboundCalls(this.ctx, this.lc);
    this.playbacks = new PlaybackManager(this.ctx, new MediaDurations(options.media ?? {}, this.store));
    this.recordings = new RecordingManager(this.ctx, this.store, this.spokenText, (channel) => this.channels.answerChannel(channel));
    this.bridges = new BridgeManager(this.ctx, this.lc);
    this.keypad = new CustomerKeypad(this.ctx);
    this.bridges.onDestroyed = (id) => this.playbacks.stopAllFor({ kind: 'bridge', id });
    this.lc.onTeardown((channel) => {
      this.playbacks.stopAllFor({ kind: 'channel', id: channel.id });
      this.recordings.finishAllFor(channel);
      this.bridges.leave(channel);
    });
    this.startupTime = this.clock.wallNow();
  }

  /** Subscribes to every world event; returns the unsubscribe function. */
  on(listener: WorldEventListener): () => void {
    return this.bus.on(listener);
  }

  /** The PBX finished booting (FullyBooted). */
  boot(): void {
    this.booted = true;
    this.startupTime = this.clock.wallNow();
    this.bus.emit({ type: 'system.booted' });
  }

  /**
   * `core stop/restart now`: every channel gets a shutdown hangup (soft flag 4, cause 0), then the
   * PBX forgets bridges and applications (captures/ari-11b-restart.ari.txt).
   */
  shutdown(restart: boolean): void {
    this.bus.emit({ type: 'system.shutdown', restart });
    for (const channel of this.ctx.channels.list()) {
      if (!channel.destroyed && !channel.hangingUp) channel.driver.hangup(channel, { source: 'shutdown', cause: 0 });
    }
    this.forgetEverything();
  }

  /** A crash: everything vanishes without a single event. */
  crash(): void {
    for (const channel of this.ctx.channels.list()) {
      channel.destroyed = true;
      channel.cancelTimers();
      channel.party?.end();
      this.ctx.channels.remove(channel);
    }
    this.forgetEverything();
  }

  /** Stops every timer (tests end, the simulator stops). */
  dispose(): void {
    this.crash();
    this.clock.cancelAll();
  }

  private forgetEverything(): void {
    this.booted = false;
    this.playbacks.reset();
    this.recordings.reset();
    this.bridges.reset();
    this.apps.reset();
    this.ctx.ids.reset();
  }
}
