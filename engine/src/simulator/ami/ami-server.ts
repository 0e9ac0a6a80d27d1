import { createServer, type Server, type Socket } from 'node:net';
import { systemClock, type Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import { renderWorldEvent, type RenderedEvent } from './ami-event-render';
import { renderOriginateResponse } from './ami-originate';
import type { AmiServerContext, AmiUser, PendingOriginate } from './ami-server-context';
import { AmiSession, type AmiSessionTiming } from './ami-session';
import type { AmiWorldEvent, AmiWorldView } from './ami-world-view';
import { amiTimestamp, frameText } from './ami-wire';

export interface AmiServerOptions {
  readonly world: AmiWorldView;
  readonly logger: Logger;
  /** Default 127.0.0.1. */
  readonly host?: string;
  /** 0 picks a free port; a restart reuses the port of the first listen. */
  readonly port?: number;
  readonly users?: readonly AmiUser[];
  /** manager.conf `timestampevents` (the captures had it on). */
  readonly timestampEvents?: boolean;
  readonly authTimeoutMs?: number;
  readonly authFailDelayMs?: number;
  /** Most sessions that may be connected without having logged in (Asterisk `authlimit`). */
  readonly authLimit?: number;
  /** `core restart`: time between the channels' hangups and the Shutdown event (Asterisk: ~1.1 s). */
  readonly shutdownDelayMs?: number;
  /** After listen, how long until the PBX reports FullyBooted (0 = booted at once). */
  readonly bootDelayMs?: number;
  readonly versionText?: string;
  readonly clock?: Clock;
}

const DEFAULT_VERSION = 'Asterisk 20.20.1 built by simulator @ salehi-sim on a x86_64 running Linux on 2026-01-01 00:00:00 UTC';

/**
 * The simulator's AMI server: real AMI over TCP, driven by an `AmiWorldView`. Can be shut down the
 * way `core restart` does it (channels hung up, actions answered `Asterisk is shutting down`, the
 * Shutdown event, then the sockets closed without Goodbye) and listen again on the same port, with
 * an optional boot window during which logins work but FullyBooted comes later.
 */
export class AmiServer {
  private readonly o: Required<Omit<AmiServerOptions, 'world' | 'logger' | 'port' | 'clock'>> & { port: number };
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly sessions = new Set<AmiSession>();
  private readonly originates = new Map<string, PendingOriginate>();
  private readonly ctx: AmiServerContext;
  private server: Server | undefined;
  private unsubscribe: (() => void) | undefined;
  private shuttingDown = false;
  private booted = false;
  private bootTimer: NodeJS.Timeout | undefined;
  private startedAt = 0;
  private nextSession = 1;
  private nextRef = 1;

  constructor(private readonly opts: AmiServerOptions) {
    this.o = {
      host: opts.host ?? '127.0.0.1', port: opts.port ?? 0, users: opts.users ?? [{ username: 'engine', secret: 'engine-secret' }],
      timestampEvents: opts.timestampEvents ?? true, authTimeoutMs: opts.authTimeoutMs ?? 30_000, authFailDelayMs: opts.authFailDelayMs ?? 1_000,
      authLimit: opts.authLimit ?? 50, shutdownDelayMs: opts.shutdownDelayMs ?? 1_100, bootDelayMs: opts.bootDelayMs ?? 0,
      versionText: opts.versionText ?? DEFAULT_VERSION,
    };
    this.log = opts.logger.child({ component: 'ami-simulator' });
    this.clock = opts.clock ?? systemClock;
    this.ctx = this.context();
  }

  /** Starts listening (again, after shutdown/close: on the same port). */
  listen(): Promise<{ readonly host: string; readonly port: number }> {
    if (this.server) return Promise.reject(new Error('AMI simulator is already listening'));
    const server = createServer({ noDelay: true }, (socket) => this.onConnection(socket));
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.o.port, this.o.host, () => {
        server.off('error', reject);
        server.on('error', (err) => this.log.error({ err }, 'AMI simulator server error'));
        this.server = server;
        const addr = server.address();
        if (typeof addr === 'object' && addr) this.o.port = addr.port;
        this.onStarted();
        resolve({ host: this.o.host, port: this.o.port });
      });
    });
  }

  address(): { readonly host: string; readonly port: number } {
    return { host: this.o.host, port: this.o.port };
  }

  isListening(): boolean {
    return this.server !== undefined;
  }

  sessionCount(): number {
    return this.sessions.size;
  }

  /**
   * Mimics `core restart now` (or `core stop now` with restart false): every channel is hung up
   * (SoftHangupRequest cause 4 + Hangup, by the world), actions are answered `Asterisk is shutting
   * down`, after `shutdownDelayMs` the Shutdown event is sent and every socket is closed (no Goodbye).
   */
  async shutdown(opts: { readonly restart?: boolean } = {}): Promise<void> {
    if (!this.server || this.shuttingDown) return;
    this.shuttingDown = true;
    this.opts.world.shutdownChannels();
    await new Promise((resolve) => setTimeout(resolve, this.o.shutdownDelayMs));
    this.broadcast({ name: 'Shutdown', klass: 'system', body: [['Shutdown', 'Cleanly'], ['Restart', opts.restart === false ? 'False' : 'True']] });
    for (const s of this.sessions) s.end();
    await this.stopListening();
  }

  /** Drops every connection at once (a crash, not a shutdown) and stops listening. */
  async close(): Promise<void> {
    for (const s of this.sessions) s.socket.destroy();
    await this.stopListening();
  }

  private async stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    this.unsubscribe?.();
    this.unsubscribe = undefined;
    clearTimeout(this.bootTimer);
    this.originates.clear();
    if (server) await new Promise<void>((resolve) => server.close(() => resolve()));
    this.shuttingDown = false;
  }

  private onStarted(): void {
    this.startedAt = this.clock.now();
    this.booted = this.o.bootDelayMs <= 0;
    this.unsubscribe = this.opts.world.subscribe((ev) => this.onWorldEvent(ev));
    if (!this.booted) this.bootTimer = setTimeout(() => this.onBooted(), this.o.bootDelayMs);
    this.log.info({ host: this.o.host, port: this.o.port }, 'AMI simulator listening');
  }

  private onBooted(): void {
    this.booted = true;
    // The broadcast FullyBooted has a different header order than the direct one sent at login.
    const up = String(this.uptimeSec());
    this.broadcast({ name: 'FullyBooted', klass: 'system', body: [['Status', 'Fully Booted'], ['Uptime', up], ['LastReload', up]] });
  }

  private onConnection(socket: Socket): void {
    const unauthenticated = [...this.sessions].filter((s) => !s.authenticated).length;
    if (this.shuttingDown || unauthenticated >= this.o.authLimit) {
      socket.destroy();
      return;
    }
    const timing: AmiSessionTiming = { authTimeoutMs: this.o.authTimeoutMs, authFailDelayMs: this.o.authFailDelayMs, lingerMs: 2_000 };
    const session = new AmiSession(socket, this.nextSession++, this.ctx, timing, (s) => this.sessions.delete(s));
    this.sessions.add(session);
  }

  private onWorldEvent(ev: AmiWorldEvent): void {
    if (ev.type === 'system.booted') return this.onBooted();
    if (ev.type === 'originate.result') {
      const p = this.originates.get(ev.ref);
      if (!p) return;
      if (p.onResult) return p.onResult(ev.outcome);
      this.originates.delete(ev.ref);
      return this.broadcast(renderOriginateResponse(p, ev.outcome));
    }
    const rendered = renderWorldEvent(ev);
    if (rendered) this.broadcast(rendered);
  }

  private broadcast(ev: RenderedEvent): void {
    const head: Array<readonly [string, string]> = [['Event', ev.name], ['Privilege', `${ev.klass},all`]];
    if (this.o.timestampEvents) head.push(['Timestamp', amiTimestamp(this.clock.now())]);
    const text = frameText([...head, ...ev.body]);
    for (const s of this.sessions) s.deliver(ev, text);
  }

  private uptimeSec(): number {
    return Math.max(0, Math.floor((this.clock.now() - this.startedAt) / 1000));
  }

  private context(): AmiServerContext {
    return {
      world: this.opts.world,
      log: this.log,
      versionText: this.o.versionText,
      now: () => this.clock.now(),
      isShuttingDown: () => this.shuttingDown,
      isBooted: () => this.booted,
      uptimeSec: () => this.uptimeSec(),
      userFor: (name) => this.o.users.find((u) => u.username === name),
      broadcast: (ev) => this.broadcast(ev),
      nextOriginateRef: () => `orig-${this.nextRef++}`,
      trackOriginate: (p) => this.originates.set(p.req.ref, p),
      untrackOriginate: (ref) => this.originates.delete(ref),
    };
  }
}
