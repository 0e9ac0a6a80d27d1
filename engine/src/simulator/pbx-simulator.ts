import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError, describeError } from '../errors';
import type { Logger } from '../ports/logger.port';
import { AmiServer } from './ami/ami-server';
import { AriServer, type BootWindow } from './ari/ari-server';
import { ARI_HANDLERS } from './ari/handlers';
import { AriRequestLog, type AriRequestRecord } from './ari-request-log';
import type { CustomerScript } from './core/customer-script';
import type { MediaDurationOptions } from './core/media-durations';
import type { PartyDirectory } from './core/party-directory';
import { silentLogger } from './core/silent-logger';
import { SimWorld } from './core/sim-world';
import { pbxWorldConfig, type PbxTrunk } from './pbx-world-config';
import { SimAmiWorldView } from './sim-ami-world-view';
import { SimInboundCaller, type AgiTarget, type InboundCallOutcome, type InboundCallSpec } from './sim-inbound-caller';

export type { PbxTrunk } from './pbx-world-config';
export type { AgiTarget, InboundCallOutcome, InboundCallSpec, InboundDialplanRoute } from './sim-inbound-caller';

/** An ARI user (`ari.conf`) that is also an AMI user (`manager.conf`, secret = password). */
export interface PbxUser {
  readonly username: string;
  readonly password: string;
}

export interface PbxSimulatorOptions {
  /** Real ms per simulated ms (1 = real time, 0.01 = a hundred times faster). Default 1. */
  readonly speed?: number;
  /** Address both servers listen on. Default 127.0.0.1. */
  readonly host?: string;
  /** 0 (default) = a free port; a restart reuses the port of the first listen. */
  readonly ariPort?: number;
  readonly amiPort?: number;
  /** The engine's FastAGI server, where inbound calls' `AGI()` connects. Default 127.0.0.1:4573. */
  readonly agiTarget?: AgiTarget;
  /** Default: `salehi` / `changeme`, the engine config's defaults. */
  readonly users?: readonly PbxUser[];
  /** Default: one registered trunk `TO-CUCM-Gaptel`. */
  readonly trunks?: readonly PbxTrunk[];
  /** Operator phones reachable as `PJSIP/<extension>`. */
  readonly phones?: readonly string[];
  /** Our DIDs (the lines): the default DID of inbound calls and the user part of the trunk registration. */
  readonly lines?: readonly string[];
  /** manager.conf `channelvars` exported on AMI channel events. Default `SALEHI_LINE` (the engine's line tag). */
  readonly channelVars?: readonly string[];
  /** The Stasis app of the inbound and AMD dialplans (`asterisk.ari.app`). Default `salehi`. */
  readonly app?: string;
  /** How a restart comes up (simulated ms of HTML 404, then of 503; AMI logins work but FullyBooted waits). */
  readonly bootWindow?: BootWindow;
  readonly logger?: Logger;
  readonly media?: MediaDurationOptions;
  readonly recordingsDir?: string;
  readonly directory?: PartyDirectory;
}

export const DEFAULT_PBX_USERS: readonly PbxUser[] = [{ username: 'salehi', password: 'changeme' }];
const DEFAULT_BOOT: BootWindow = { html404Ms: 200, notBootedMs: 300 };
/** `core restart`: time between the channels' hangups and the AMI Shutdown event (Asterisk: ~1.1 s). */
const SHUTDOWN_DELAY_SIM_MS = 1_100;

/**
 * The built-in PBX: one simulated world behind ARI (HTTP + WebSocket) and AMI (TCP), plus inbound
 * callers that run `dialplan/salehi-inbound.conf` against the engine's FastAGI server. It can crash
 * (`kill`: every ARI and AMI socket dropped at once, every call gone without an event) and come back
 * on the same ports through a boot window (`restart`).
 */
export class PbxSimulator {
  readonly world: SimWorld;
  readonly ari: AriServer;
  /** Every ARI operation received, in order. */
  readonly requests: AriRequestLog;
  private ami: AmiServer;
  private readonly view: SimAmiWorldView;
  private readonly inbound: SimInboundCaller;
  private readonly log: Logger;
  private readonly users: readonly PbxUser[];
  private readonly bootWindow: BootWindow;
  private agi: AgiTarget;
  private up = false;
  /** The recordings directory the simulator made itself (removed at stop). */
  private readonly ownRecordings: string | undefined;

  private constructor(private readonly o: PbxSimulatorOptions) {
    this.log = (o.logger ?? silentLogger).child({ component: 'pbx-simulator' });
    this.users = o.users ?? DEFAULT_PBX_USERS;
    this.bootWindow = o.bootWindow ?? DEFAULT_BOOT;
    this.agi = o.agiTarget ?? { host: '127.0.0.1', port: 4573 };
    const config = pbxWorldConfig(o.trunks ?? [], o.phones ?? [], o.lines ?? [], o.app ?? 'salehi');
    this.ownRecordings = o.recordingsDir ? undefined : mkdtempSync(join(tmpdir(), 'salehi-pbx-recordings-'));
    const recordingsDir = o.recordingsDir ?? this.ownRecordings;
    this.world = new SimWorld({ ...config, speed: o.speed ?? 1, logger: this.log, ...worldExtras(o), ...(recordingsDir ? { recordingsDir } : {}) });
    this.requests = new AriRequestLog(() => this.world.clock.wallNow());
    this.ari = new AriServer({
      world: this.world,
      host: this.host,
      port: o.ariPort ?? 0,
      users: this.users,
      logger: this.log,
      handlers: this.requests.wrap(ARI_HANDLERS),
    });
    this.view = new SimAmiWorldView(this.world, new Set(config.contexts.map((c) => c.name)), o.channelVars ?? ['SALEHI_LINE']);
    this.ami = this.newAmiServer(o.amiPort ?? 0, 0);
    this.inbound = new SimInboundCaller({ world: this.world, app: () => o.app ?? 'salehi', agiTarget: () => this.agi, log: this.log });
  }

  /** Listens on ARI and AMI and boots. A taken port is `CE_SIM_LISTEN_FAILED` (nothing left open). */
  static async start(options: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
    const sim = new PbxSimulator(options);
    try {
      await sim.listenBoth();
    } catch (err) {
      await sim.stop();
      throw err;
    }
    sim.world.boot();
    sim.up = true;
    return sim;
  }

  get host(): string {
    return this.o.host ?? '127.0.0.1';
  }

  get ariPort(): number {
    return this.ari.port;
  }

  get amiPort(): number {
    return this.ami.address().port;
  }

  /** The ARI base URL (`asterisk.ari.url`). */
  get ariUrl(): string {
    return `http://${this.host}:${this.ariPort}/ari`;
  }

  /** The ARI events URL (`asterisk.ari.wsUrl`). */
  get ariWsUrl(): string {
    return `ws://${this.host}:${this.ariPort}/ari/events`;
  }

  /** False between `kill()` and the end of `restart()`. */
  get isUp(): boolean {
    return this.up;
  }

  get agiTarget(): AgiTarget {
    return this.agi;
  }

  /** Points inbound calls' FastAGI at another address (the engine picked a free port). */
  setAgiTarget(target: AgiTarget): void {
    this.agi = target;
  }

  /** The ARI requests received so far, in arrival order. */
  ariRequests(): readonly AriRequestRecord[] {
    return this.requests.list();
  }

  /** Scripts the person answering `number` (customer or operator), or calling from it. */
  script(number: string, behaviour: CustomerScript): this {
    this.world.directory.set(number, behaviour);
    return this;
  }

  /**
   * The trunk's outbound registration is lost (`false`) or comes back (`true`): AMI sees `Registry`
   * (Unregistered/Registered), then `ContactStatus`, `PeerStatus` and `DeviceStateChange` of the
   * trunk's contact; while lost, the trunk cannot be dialled. False when the trunk has no registration.
   */
  setRegistered(trunk: string, registered: boolean): boolean {
    const reg = this.world.endpoints.listRegistrations().find((r) => r.endpoint === trunk || r.name === trunk);
    if (!reg) return false;
    this.world.endpoints.setRegistration(reg.name, registered ? 'Registered' : 'Unregistered');
    this.world.endpoints.setOnline(reg.endpoint, registered);
    return true;
  }

  /**
   * A caller dials `did` (default: the first line): the PBX runs `salehi-inbound` with the FastAGI
   * session to the engine. Resolves once the call entered Stasis or was hung up by the dialplan.
   */
  placeInboundCall(spec: Omit<InboundCallSpec, 'did'> & { readonly did?: string }): Promise<InboundCallOutcome> {
    const did = spec.did ?? this.o.lines?.[0];
    if (!did) return Promise.reject(new EngineError('CE_SIM_INBOUND_FAILED', 'a simulated inbound call needs a DID (no lines configured)'));
    return this.inbound.place({ ...spec, did });
  }

  /** A crash: ARI and AMI sockets cut at once, ports closed, every call gone without an event. */
  async kill(): Promise<void> {
    this.up = false;
    this.inbound.hangUpAll();
    await Promise.all([this.ari.kill(), this.ami.close()]);
    this.world.crash();
    this.view.resetDeviceStates();
    this.log.info('PBX simulator killed');
  }

  /**
   * Comes back on the same ports. ARI answers HTML 404, then 503, then normally (`boot`); AMI
   * accepts logins at once and broadcasts FullyBooted when the boot window ends. Resolves once booted.
   */
  async restart(boot: BootWindow = this.bootWindow): Promise<void> {
    const bootMs = this.world.clock.toRealMs((boot.html404Ms ?? 0) + (boot.notBootedMs ?? 0));
    // A new AMI server per boot: its boot delay is fixed at construction (a running one is kept).
    if (!this.ami.isListening()) this.ami = this.newAmiServer(this.amiPort, bootMs);
    await this.listenBoth(boot);
    await this.ari.whenReady();
    this.world.boot();
    this.up = true;
    this.log.info({ ariPort: this.ariPort, amiPort: this.amiPort }, 'PBX simulator restarted');
  }

  /**
   * `core restart now` (captures/ami-05-restart, ari-11b-restart): every channel gets its shutdown
   * hangup, seen on ARI and AMI; actions are answered `Asterisk is shutting down`; ~1.1 s later AMI
   * sends `Shutdown` and both links are cut; the ports stay closed `downMs` (simulated), then `restart`.
   */
  async coreRestart(options: { readonly downMs?: number; readonly boot?: BootWindow } = {}): Promise<void> {
    this.up = false;
    this.inbound.hangUpAll();
    await this.ami.shutdown({ restart: true });
    await this.ari.kill();
    this.world.crash();
    this.view.resetDeviceStates();
    await new Promise<void>((resolve) => this.world.clock.after(options.downMs ?? 500, resolve));
    await this.restart(options.boot ?? this.bootWindow);
  }

  /** Orderly end: sockets closed, every timer stopped. Safe to call twice. */
  async stop(): Promise<void> {
    this.up = false;
    this.inbound.hangUpAll();
    const results = await Promise.allSettled([this.ari.close(), this.ami.close()]);
    for (const r of results) if (r.status === 'rejected') this.log.warn({ err: r.reason as unknown }, 'PBX simulator: a server did not close cleanly');
    this.view.dispose();
    this.world.dispose();
    if (this.ownRecordings) rmSync(this.ownRecordings, { recursive: true, force: true });
  }

  private newAmiServer(port: number, bootDelayMs: number): AmiServer {
    return new AmiServer({
      world: this.view,
      logger: this.log,
      host: this.host,
      port,
      users: this.users.map((u) => ({ username: u.username, secret: u.password })),
      shutdownDelayMs: this.world.clock.toRealMs(SHUTDOWN_DELAY_SIM_MS),
      bootDelayMs,
    });
  }

  /** Both servers; waits for both before reporting a failure, so a stop() afterwards closes everything. */
  private async listenBoth(boot: BootWindow = {}): Promise<void> {
    const [ari, ami] = await Promise.allSettled([this.ari.listen(boot), this.listenAmi()]);
    if (ari.status === 'rejected') throw ari.reason;
    if (ami.status === 'rejected') throw ami.reason;
  }

  private async listenAmi(): Promise<void> {
    if (this.ami.isListening()) return;
    const { port } = this.ami.address();
    try {
      await this.ami.listen();
    } catch (err) {
      throw new EngineError('CE_SIM_LISTEN_FAILED', `AMI simulator cannot listen on ${this.host}:${port}: ${describeError(err)}`, { cause: err });
    }
  }
}

function worldExtras(o: PbxSimulatorOptions): { media?: MediaDurationOptions; directory?: PartyDirectory } {
  return {
    ...(o.media ? { media: o.media } : {}),
    ...(o.directory ? { directory: o.directory } : {}),
  };
}
