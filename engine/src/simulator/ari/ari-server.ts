import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { EngineError } from '../../errors';
import type { Logger } from '../../ports/logger.port';
import type { SimTimer } from '../core/sim-clock';
import type { SimWorld } from '../core/sim-world';
import { silentLogger } from '../core/silent-logger';
import { ARI_API_DECLARATIONS, ARI_RESOURCE_LISTING, type ApiDeclaration, type ResourceListing } from '../ari-docs';
import type { AriUser } from './ari-auth';
import { AriEventHub } from './ari-event-hub';
import { defaultFaults, type AriFaults } from './ari-faults';
import { AriRestApi, type AriPhase } from './ari-rest-api';
import { message, writeResponse, type AriResponse } from './ari-response';
import { AriRouter } from './ari-router';
import { handleUpgrade } from './ari-upgrade';
import { ARI_HANDLERS, type HandlerTable } from './handlers';

export interface AriServerOptions {
  readonly world: SimWorld;
  readonly host?: string;
  /** 0 = an ephemeral port (read it from `port` after listen). */
  readonly port?: number;
  readonly users?: readonly AriUser[];
  readonly faults?: Partial<AriFaults>;
  readonly logger?: Logger;
  readonly declarations?: Readonly<Record<string, ApiDeclaration>>;
  readonly listing?: ResourceListing;
  readonly handlers?: HandlerTable;
}

/** How a (re)started PBX comes up: first the HTTP server's 404 page, then 503, then ARI. */
export interface BootWindow {
  /** Simulated ms of HTML 404 answers. */
  readonly html404Ms?: number;
  /** Simulated ms of 503 `Asterisk not booted`. */
  readonly notBootedMs?: number;
}

export const DEFAULT_ARI_USERS: readonly AriUser[] = [{ username: 'salehi', password: 'changeme' }];

/**
 * The simulated Asterisk HTTP server with ARI at `/ari`: REST, api-docs and the events
 * WebSocket. It can crash (`kill`: every socket cut, no close frame) and come back on the same
 * port through a boot window.
 */
export class AriServer {
  readonly faults: AriFaults;
  readonly hub: AriEventHub;
  phase: AriPhase = 'stopped';
  private server?: Server;
  private readonly wss = new WebSocketServer({ noServer: true, handleProtocols: (protocols) => (protocols.has('ari') ? 'ari' : false) });
  private readonly sockets = new Set<Socket>();
  private readonly rest: AriRestApi;
  private readonly users: readonly AriUser[];
  private readonly log: Logger;
  private boundPort: number;
  private bootTimers: SimTimer[] = [];
  private readonly readyWaiters: Array<() => void> = [];

  constructor(private readonly options: AriServerOptions) {
    this.log = options.logger ?? silentLogger;
    this.users = options.users ?? DEFAULT_ARI_USERS;
    this.faults = defaultFaults(options.faults);
    this.boundPort = options.port ?? 0;
    this.hub = new AriEventHub(options.world, this.faults, this.log);
    const declarations = options.declarations ?? ARI_API_DECLARATIONS;
    this.rest = new AriRestApi({
      world: options.world,
      router: new AriRouter(declarations),
      handlers: options.handlers ?? ARI_HANDLERS,
      users: this.users,
      listing: options.listing ?? ARI_RESOURCE_LISTING,
      declarations,
      log: this.log,
    });
  }

  get port(): number {
    return this.boundPort;
  }

  get host(): string {
    return this.options.host ?? '127.0.0.1';
  }

  /** Listens (on the same port as before after a kill) and, without a boot window, is ready at once. */
  async listen(boot: BootWindow = {}): Promise<number> {
    if (this.server) return this.boundPort;
    const server = createServer((req, res) => void this.onRequest(req, res));
    server.keepAliveTimeout = 15_000;
    server.on('connection', (socket: Socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
      try {
        handleUpgrade({ users: this.users, wss: this.wss, hub: this.hub, now: () => this.options.world.clock.wallNow() }, this.phase, req, socket, head);
      } catch (err) {
        this.log.warn({ err }, 'bad ARI WebSocket upgrade');
        socket.destroy();
      }
    });
    await new Promise<void>((resolve, reject) => {
      const failed = (err: Error): void => reject(new EngineError('CE_SIM_LISTEN_FAILED', `ARI simulator cannot listen on ${this.host}:${this.boundPort}: ${err.message}`, { cause: err }));
      server.once('error', failed);
      server.listen(this.boundPort, this.host, () => {
        server.off('error', failed);
        resolve();
      });
    });
    this.server = server;
    const address = server.address();
    if (address && typeof address === 'object') this.boundPort = address.port;
    this.hub.start();
    this.enterBootWindow(boot);
    return this.boundPort;
  }

  /** Resolves once ARI answers normally (after the boot window). */
  whenReady(): Promise<void> {
    if (this.phase === 'ready') return Promise.resolve();
    return new Promise((resolve) => this.readyWaiters.push(resolve));
  }

  /** Crash: WebSockets cut without a close frame, keep-alive connections dropped, port closed. */
  async kill(): Promise<void> {
    this.phase = 'stopped';
    this.cancelBoot();
    this.hub.terminateAll();
    for (const socket of this.sockets) socket.destroy();
    await this.closeServer();
  }

  /** Orderly stop (close frames, then the port). */
  async close(): Promise<void> {
    this.phase = 'stopped';
    this.cancelBoot();
    this.hub.closeAll();
    this.hub.stop();
    for (const socket of this.sockets) socket.destroy();
    await this.closeServer();
  }

  private enterBootWindow(boot: BootWindow): void {
    const html404Ms = boot.html404Ms ?? 0;
    const notBootedMs = boot.notBootedMs ?? 0;
    const clock = this.options.world.clock;
    const ready = (): void => {
      this.phase = 'ready';
      for (const resolve of this.readyWaiters.splice(0)) resolve();
    };
    if (html404Ms <= 0 && notBootedMs <= 0) {
      ready();
      return;
    }
    this.phase = html404Ms > 0 ? 'html404' : 'not-booted';
    this.bootTimers.push(clock.after(html404Ms, () => (this.phase = 'not-booted')));
    this.bootTimers.push(clock.after(html404Ms + notBootedMs, ready));
  }

  private cancelBoot(): void {
    for (const timer of this.bootTimers) timer.cancel();
    this.bootTimers = [];
  }

  private async closeServer(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return;
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    let response: AriResponse;
    try {
      response = await this.rest.answer(req, this.phase);
      const latency = this.faults.restLatencyMs;
      if (latency > 0) await new Promise<void>((resolve) => this.options.world.clock.after(latency, resolve));
    } catch (err) {
      this.log.error({ err }, 'ARI request failed');
      response = message(500, 'Internal Server Error');
    }
    if (res.destroyed || res.headersSent) return;
    try {
      writeResponse(req, res, response, this.options.world.clock.wallNow());
    } catch (err) {
      this.log.error({ err }, 'ARI response could not be written');
      res.destroy();
    }
  }
}
