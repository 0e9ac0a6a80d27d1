import type { CustomerScript } from '../core/customer-script';
import { SimWorld, type SimWorldOptions } from '../core/sim-world';
import type { AriUser } from './ari-auth';
import type { AriFaults } from './ari-faults';
import { AriServer, type BootWindow } from './ari-server';

export interface AriSimulatorOptions extends SimWorldOptions {
  /** An existing world (shared with the AMI/AGI front-ends); default a new one from these options. */
  readonly world?: SimWorld;
  readonly host?: string;
  readonly port?: number;
  readonly users?: readonly AriUser[];
  readonly faults?: Partial<AriFaults>;
}

export interface CoreRestartOptions {
  /** Simulated ms between the shutdown hangups and the connections being cut (Asterisk: ~1.1 s). */
  readonly closeDelayMs?: number;
  /** Simulated ms the port stays closed (ECONNREFUSED). */
  readonly downMs?: number;
  readonly boot?: BootWindow;
}

/**
 * A simulated Asterisk reachable over ARI: the world plus its HTTP/WebSocket server, with the
 * failure modes the engine must survive (crash, restart on the same port, boot window).
 */
export class AriSimulator {
  private constructor(
    readonly world: SimWorld,
    readonly server: AriServer,
  ) {}

  static async start(options: AriSimulatorOptions = {}): Promise<AriSimulator> {
    const world = options.world ?? new SimWorld(options);
    const server = new AriServer({
      world,
      ...(options.host !== undefined ? { host: options.host } : {}),
      ...(options.port !== undefined ? { port: options.port } : {}),
      ...(options.users !== undefined ? { users: options.users } : {}),
      ...(options.faults !== undefined ? { faults: options.faults } : {}),
      ...(options.logger !== undefined ? { logger: options.logger } : {}),
    });
    await server.listen();
    world.boot();
    return new AriSimulator(world, server);
  }

  get port(): number {
    return this.server.port;
  }

  /** `http://127.0.0.1:<port>` (the ARI base is `<url>/ari`). */
  get url(): string {
    return `http://${this.server.host}:${this.server.port}`;
  }

  /** Scripts the person answering `number`. */
  script(number: string, script: CustomerScript): this {
    this.world.directory.set(number, script);
    return this;
  }

  /** A crash: sockets cut without close frames, every call gone without an event. */
  async kill(): Promise<void> {
    await this.server.kill();
    this.world.crash();
  }

  /** Comes back on the same port through `boot` (404 HTML, then 503), then FullyBooted. */
  async restart(boot: BootWindow = {}): Promise<void> {
    await this.server.listen(boot);
    await this.server.whenReady();
    this.world.boot();
  }

  /**
   * `core restart now` (captures/ari-11b-restart.ari.txt): every call gets its shutdown hangup
   * events, the connections are cut without close frames `closeDelayMs` later, the port is closed
   * for `downMs`, then the server comes back through the boot window. Resolves once ready.
   */
  async coreRestart(options: CoreRestartOptions = {}): Promise<void> {
    this.world.shutdown(true);
    await this.sleep(options.closeDelayMs ?? 1000);
    await this.server.kill();
    this.world.crash();
    await this.sleep(options.downMs ?? 500);
    await this.restart(options.boot ?? { html404Ms: 100, notBootedMs: 200 });
  }

  /** Orderly end (close frames), every timer stopped. */
  async stop(): Promise<void> {
    await this.server.close();
    this.world.dispose();
  }

  private sleep(simMs: number): Promise<void> {
    return new Promise((resolve) => this.world.clock.after(simMs, resolve));
  }
}
