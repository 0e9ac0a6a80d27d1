import { createServer, type Server, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { EngineError, describeError, isEngineError } from '../../../errors';
import { isInboundChannelGone, type InboundCallEnv, type InboundGatewayPort, type InboundRouteHandler } from '../../../ports/inbound-gateway.port';
import type { Logger } from '../../../ports/logger.port';
import { AgiCommandQueue } from './agi-command-queue';
import { AgiConnection } from './agi-connection';
import { parseAgiScript } from './agi-env-parser';
import { createAgiMetrics, type AgiMetrics } from './agi-metrics';
import { AgiSession } from './agi-session';
import { resolveLimits, type FastAgiLimits, type FastAgiServerOptions } from './fastagi-options';
import { IpAllowlist } from './ip-allowlist';

type HandlerOutcome = { readonly ok: true } | { readonly ok: false; readonly err: unknown } | 'timeout' | 'closed';

/**
 * The FastAGI server (Asterisk is the TCP client). Accepts allowlisted peers, reads the
 * environment block, routes by the script path of `agi_network_script`, runs the route handler
 * with an AgiSession and ends the session when the handler returns. Nothing a peer sends can
 * crash the process: every failure is contained in its connection, logged once, and closed.
 * A plain class: the composition root builds it with `new` and registers it as INBOUND_GATEWAY.
 */
export class FastAgiServer implements InboundGatewayPort {
  private readonly limits: FastAgiLimits;
  private readonly allowlist: IpAllowlist;
  private readonly log: Logger;
  private readonly metrics: AgiMetrics;
  private readonly routes = new Map<string, InboundRouteHandler>();
  private readonly connections = new Set<AgiConnection>();
  private readonly withSession = new WeakSet<AgiConnection>();
  private server: Server | undefined;
  private closing: Promise<void> | undefined;
  private sessionsOpen = 0;
  private nextId = 1;
  private nextConn = 1;

  constructor(private readonly opts: FastAgiServerOptions) {
    this.limits = resolveLimits(opts);
    this.allowlist = new IpAllowlist(opts.allow);
    this.log = opts.logger.child({ component: 'fastagi' });
    this.metrics = createAgiMetrics(opts.metrics);
  }

  route(name: string, handler: InboundRouteHandler): void {
    if (this.routes.has(name)) throw new EngineError('CE_ENGINE_INTERNAL', `FastAGI route '${name}' is registered twice`);
    this.routes.set(name, handler);
  }

  listen(): Promise<{ host: string; port: number }> {
    if (this.server || this.closing) return Promise.reject(new EngineError('CE_AGI_LISTEN_FAILED', 'the FastAGI server was already started'));
    const server = createServer({ noDelay: true }, (socket) => this.onConnection(socket));
    return new Promise((resolve, reject) => {
      const onError = (err: Error): void => reject(new EngineError('CE_AGI_LISTEN_FAILED', `FastAGI cannot listen on ${this.opts.host}:${this.opts.port}: ${describeError(err)}`, { cause: err }));
      server.once('error', onError);
      server.listen(this.opts.port, this.opts.host, () => {
        server.off('error', onError);
        server.on('error', (err) => this.log.error({ err }, 'FastAGI server error'));
        this.server = server;
        const addr = server.address();
        const port = typeof addr === 'object' && addr ? addr.port : this.opts.port;
        this.log.info({ host: this.opts.host, port }, 'FastAGI server listening');
        resolve({ host: this.opts.host, port });
      });
    });
  }

  isListening(): boolean {
    return this.server !== undefined && this.closing === undefined;
  }

  activeSessions(): number {
    return this.sessionsOpen;
  }

  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private onConnection(socket: Socket): void {
    const remote = `${socket.remoteAddress ?? '?'}:${socket.remotePort ?? '?'}`;
    // A sequence number, because remote ports are reused: it ties all lines of one connection together.
    const conn = this.nextConn++;
    const refusal = this.refusal(socket);
    if (refusal) {
      socket.on('error', () => undefined);
      this.metrics.errors.inc({ code: refusal.code });
      this.log.warn({ remote, conn, code: refusal.code }, `FastAGI connection refused: ${refusal.message}`);
      socket.destroy();
      return;
    }
    const connection = new AgiConnection({
      socket,
      logger: this.log.child({ remote, conn }),
      metrics: this.metrics,
      limits: this.limits,
      onEnvironment: (c, env) => this.startSession(c, env, remote, conn),
      onClosed: (c) => this.onConnectionClosed(c),
    });
    this.connections.add(connection);
  }

  private refusal(socket: Socket): EngineError | undefined {
    if (this.closing) return new EngineError('CE_ENGINE_SHUTTING_DOWN', 'the engine is shutting down');
    if (!this.allowlist.allows(socket.remoteAddress)) {
      return new EngineError('CE_AGI_FORBIDDEN', `${socket.remoteAddress ?? 'unknown address'} is not in asterisk.agi.allow`);
    }
    if (this.connections.size >= this.limits.maxConnections) {
      return new EngineError('CE_AGI_LIMIT', `more than ${this.limits.maxConnections} concurrent connections`);
    }
    return undefined;
  }

  private startSession(conn: AgiConnection, env: InboundCallEnv, remote: string, connNo: number): void {
    const { route, params } = parseAgiScript(env.script);
    const handler = this.routes.get(route);
    if (!handler) {
      return conn.finish('failure', new EngineError('CE_AGI_ROUTE_NOT_FOUND', `no route '${route}' for agi_request ${env.request.slice(0, 200)}`));
    }
    const id = `agi-${this.nextId++}`;
    const logger = this.log.child({ remote, conn: connNo, route, sessionId: id, channel: env.channel, uniqueId: env.uniqueId });
    const queue = new AgiCommandQueue({
      transport: conn,
      logger,
      metrics: this.metrics,
      idleTimeoutMs: this.limits.idleTimeoutMs,
      maxCommands: this.limits.maxCommandsPerSession,
      maxLineBytes: this.limits.maxLineBytes,
      now: () => performance.now(),
    });
    const session = new AgiSession({
      id,
      route,
      params,
      env,
      queue,
      timeouts: { commandMs: this.limits.commandTimeoutMs, mediaMs: this.limits.mediaTimeoutMs },
    });
    conn.attach({ receive: (event) => queue.receive(event), terminate: (reason) => session.terminate(reason) }, logger);
    this.withSession.add(conn);
    this.sessionsOpen++;
    this.metrics.sessions.inc({ route });
    this.metrics.active.inc();
    logger.debug('FastAGI session started');
    queue.armIdle();
    this.runHandler(conn, session, queue, handler, logger).catch((err) => logger.error({ err }, 'FastAGI session bookkeeping failed'));
  }

  private async runHandler(conn: AgiConnection, session: AgiSession, queue: AgiCommandQueue, handler: InboundRouteHandler, logger: Logger): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<HandlerOutcome>((resolve) => (timer = setTimeout(() => resolve('timeout'), this.limits.sessionMaxMs)));
    // Both outcomes are captured here, so a handler that rejects after we gave up on it is never unhandled.
    const run = Promise.resolve()
      .then(() => handler(session))
      .then((): HandlerOutcome => ({ ok: true }), (err: unknown): HandlerOutcome => ({ ok: false, err }));
    const outcome = await Promise.race([run, timedOut, conn.closed.then((): HandlerOutcome => 'closed')]);
    clearTimeout(timer);
    if (outcome === 'closed') return;
    if (outcome === 'timeout') {
      conn.finish('failure', new EngineError('CE_AGI_LIMIT', `route handler still running after ${this.limits.sessionMaxMs} ms`, { details: { limit: 'sessionMax' } }));
      return;
    }
    if (outcome.ok) {
      await queue.drain();
      conn.finish('ok');
      logger.debug('FastAGI session finished');
      return;
    }
    this.reportHandlerError(outcome.err, conn, logger, session.route);
  }

  private reportHandlerError(err: unknown, conn: AgiConnection, logger: Logger, route: string): void {
    if (isInboundChannelGone(err) || !conn.isOpen) {
      logger.info({ err }, `FastAGI route '${route}' ended early: the call or session is gone`);
    } else {
      this.metrics.errors.inc({ code: isEngineError(err) ? err.code : 'CE_ENGINE_INTERNAL' });
      logger.error({ err }, `FastAGI route '${route}' handler failed; AGISTATUS will be FAILURE`);
    }
    conn.finish('failure');
  }

  private onConnectionClosed(conn: AgiConnection): void {
    this.connections.delete(conn);
    if (this.withSession.has(conn)) {
      this.withSession.delete(conn);
      this.sessionsOpen--;
      this.metrics.active.dec();
    }
  }

  private async shutdown(): Promise<void> {
    const server = this.server;
    const serverClosed = new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
    const allClosed = (): Promise<void> => Promise.all([...this.connections].map((c) => c.closed)).then(() => undefined);
    if (this.limits.drainMs > 0 && this.connections.size > 0) await raceTimeout(allClosed(), this.limits.drainMs);
    if (this.connections.size > 0) this.log.info({ sessions: this.connections.size }, 'FastAGI shutting down: ending open sessions');
    for (const conn of this.connections) conn.finish('failure');
    if (!(await raceTimeout(allClosed(), this.limits.closeDeadlineMs))) {
      this.log.warn({ sockets: this.connections.size }, 'FastAGI close deadline reached: destroying the remaining sockets');
      for (const conn of this.connections) conn.destroy();
      await allClosed();
    }
    await serverClosed;
    this.log.info('FastAGI server closed');
  }
}

/** True if `p` settled within `ms`. */
async function raceTimeout(p: Promise<unknown>, ms: number): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const done = await Promise.race([p.then(() => true), timeout]);
  clearTimeout(timer);
  return done;
}
