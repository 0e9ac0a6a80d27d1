/**
 * Supervisor of the ARI event socket: connects, and whenever the socket is lost (Asterisk restart,
 * 1006 drop without a close frame, failed upgrade during boot: ECONNREFUSED, HTML 404, 503) opens a
 * NEW socket after a capped backoff, forever. A ping every `pingIntervalMs` detects a half-open link
 * (Asterisk itself never pings): no pong by the next ping and the socket is dropped and replaced.
 *
 * Each socket gets a generation number, so a late close of an abandoned socket cannot disturb its
 * successor.
 */
import type { Clock } from '../../../ports/clock.port';
import type { Logger } from '../../../ports/logger.port';
import { Backoff, DEFAULT_BACKOFF, type BackoffPolicy } from './ari-backoff';
import type { EventSocket, EventSocketFactory } from './ari-event-socket';
import type { AriMetrics } from './ari-metrics';

export interface AriConnectionOptions {
  /** Event endpoint, e.g. `ws://127.0.0.1:8088/ari/events`. */
  readonly wsUrl: string;
  readonly app: string;
  readonly username: string;
  readonly password: string;
  readonly handshakeTimeoutMs: number;
  /** 0 disables the liveness ping. */
  readonly pingIntervalMs: number;
  readonly backoff?: BackoffPolicy;
}

export interface ConnectionUp {
  /** False for the first connection of this supervisor. */
  readonly reconnect: boolean;
  readonly downtimeMs: number;
  /** Connection attempts it took. */
  readonly attempts: number;
}

export interface AriConnectionListener {
  onFrame(text: string): void;
  onUp(info: ConnectionUp): void;
  onDown(info: { readonly reason: string; readonly code?: number }): void;
}

export interface AriConnectionDeps {
  readonly logger: Logger;
  readonly metrics: AriMetrics;
  readonly clock: Clock;
  readonly openSocket: EventSocketFactory;
  readonly random?: () => number;
}

type State = 'idle' | 'connecting' | 'up' | 'waiting' | 'stopped';

export class AriConnection {
  private state: State = 'idle';
  private socket?: EventSocket;
  private generation = 0;
  private retryTimer?: NodeJS.Timeout;
  private pingTimer?: NodeJS.Timeout;
  private awaitingPong = false;
  private everUp = false;
  /** Connection attempts since the link was last up. */
  private attempts = 0;
  private downSince: number;
  private readonly backoff: Backoff;
  private readonly url: string;
  private readonly authorization: string;

  constructor(
    private readonly options: AriConnectionOptions,
    private readonly listener: AriConnectionListener,
    private readonly deps: AriConnectionDeps,
  ) {
    this.backoff = new Backoff(options.backoff ?? DEFAULT_BACKOFF, deps.random);
    this.downSince = deps.clock.now();
    const sep = options.wsUrl.includes('?') ? '&' : '?';
    this.url = `${options.wsUrl}${sep}app=${encodeURIComponent(options.app)}&subscribeAll=false`;
    this.authorization = `Basic ${Buffer.from(`${options.username}:${options.password}`).toString('base64')}`;
  }

  /** Starts connecting in the background; never throws, never gives up. */
  start(): void {
    if (this.state !== 'idle') return;
    this.connect();
  }

  isConnected(): boolean {
    return this.state === 'up';
  }

  /** Closes the socket and stops reconnecting. Safe to call twice. */
  stop(): void {
    this.state = 'stopped';
    this.generation += 1;
    this.clearTimers();
    this.socket?.close(1000);
    this.socket = undefined;
    this.deps.metrics.connected.set({}, 0);
  }

  /** Lets go of the open socket (e.g. our application was taken over) and reconnects after `delayMs`. */
  release(reason: string, delayMs: number): void {
    if (this.state !== 'up') return;
    this.generation += 1;
    this.clearTimers();
    this.socket?.close(1000);
    this.socket = undefined;
    this.wentDown(reason, undefined, delayMs);
  }

  private connect(): void {
    this.state = 'connecting';
    this.attempts += 1;
    const gen = ++this.generation;
    const handlers = {
      onMessage: (text: string) => this.onMessage(gen, text),
      onClose: (code: number, reason: string) => this.onClose(gen, code, reason),
      onPong: () => {
        if (gen === this.generation) this.awaitingPong = false;
      },
      onError: (err: Error) => this.deps.logger.warn({ err }, 'ARI event socket error'),
    };
    const headers = { authorization: this.authorization };
    this.deps.openSocket({ url: this.url, headers, handshakeTimeoutMs: this.options.handshakeTimeoutMs }, handlers).then(
      (socket) => this.safely(() => this.onOpen(gen, socket)),
      (err: unknown) => this.safely(() => this.onConnectFailed(gen, err)),
    );
  }

  /** Listener code runs inside promise callbacks: a throw there must not become an unhandled rejection. */
  private safely(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.deps.logger.error({ err }, 'ARI connection listener failed');
    }
  }

  private onOpen(gen: number, socket: EventSocket): void {
    if (gen !== this.generation || this.state === 'stopped') {
      socket.close(1000);
      return;
    }
    const attempts = this.attempts;
    this.attempts = 0;
    const downtimeMs = this.deps.clock.now() - this.downSince;
    const reconnect = this.everUp;
    this.state = 'up';
    this.socket = socket;
    this.everUp = true;
    this.backoff.reset();
    this.deps.metrics.connected.set({}, 1);
    if (reconnect) this.deps.metrics.reconnects.inc();
    this.deps.logger.info({ attempts, downtimeMs }, reconnect ? 'ARI event socket reconnected' : 'ARI event socket connected');
    this.startPing(gen);
    this.listener.onUp({ reconnect, downtimeMs, attempts });
  }

  private onConnectFailed(gen: number, err: unknown): void {
    if (gen !== this.generation || this.state === 'stopped') return;
    const delay = this.backoff.next();
    const attempt = this.attempts;
    // Loud on the first failure and then every 20th; a long outage must not flood the log.
    const level = attempt === 1 || attempt % 20 === 0 ? 'warn' : 'debug';
    this.deps.logger[level]({ err, attempt, retryInMs: delay }, 'ARI event socket connect failed; retrying');
    this.schedule(delay);
  }

  private onMessage(gen: number, text: string): void {
    if (gen !== this.generation) return;
    this.awaitingPong = false;
    this.listener.onFrame(text);
  }

  private onClose(gen: number, code: number, reason: string): void {
    if (gen !== this.generation || this.state === 'stopped') return;
    this.clearTimers();
    this.socket = undefined;
    this.deps.logger.warn({ code, reason }, 'ARI event socket closed; reconnecting');
    this.wentDown(code === 1006 ? 'dropped' : 'closed', code, this.backoff.next());
  }

  private wentDown(reason: string, code: number | undefined, delayMs: number): void {
    this.state = 'waiting';
    this.downSince = this.deps.clock.now();
    this.deps.metrics.connected.set({}, 0);
    this.listener.onDown({ reason, ...(code === undefined ? {} : { code }) });
    this.schedule(delayMs);
  }

  private schedule(delayMs: number): void {
    this.state = 'waiting';
    clearTimeout(this.retryTimer);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      if (this.state === 'waiting') this.connect();
    }, delayMs);
  }

  private startPing(gen: number): void {
    if (this.options.pingIntervalMs <= 0) return;
    this.awaitingPong = false;
    this.pingTimer = setInterval(() => {
      if (gen !== this.generation || !this.socket) return;
      if (this.awaitingPong) {
        this.deps.logger.warn('ARI event socket missed a pong; dropping it');
        this.socket.terminate();
        return;
      }
      this.awaitingPong = true;
      this.socket.ping();
    }, this.options.pingIntervalMs);
  }

  private clearTimers(): void {
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    this.retryTimer = undefined;
    this.pingTimer = undefined;
  }
}
