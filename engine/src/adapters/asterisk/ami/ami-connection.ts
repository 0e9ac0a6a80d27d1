import { randomBytes } from 'node:crypto';
import { EngineError, describeError, isEngineError } from '../../../errors';
import type { Logger } from '../../../ports/logger.port';
import type { AmiActionRequest } from './ami-action-encoder';
import { backoffDelay } from './ami-backoff';
import { AmiClient, type ActionOptions } from './ami-client';
import type { AmiFrame } from './ami-frame';
import { createAmiMetrics, eventLabel, type AmiMetrics } from './ami-metrics';
import { resolveAmiOptions, type AmiConnectionOptions, type ResolvedAmiOptions } from './ami-options';
import type { AmiList, ListOptions } from './ami-pending';

export type AmiConnectionState = 'idle' | 'connecting' | 'connected' | 'reconnecting' | 'stopped';

export interface AmiConnectionStatus {
  readonly state: AmiConnectionState;
  readonly since: number;
  readonly reconnects: number;
  readonly lastError?: string;
}

type Listener<T> = (payload: T) => void;

interface ConnectionListeners {
  connected: Set<Listener<{ readonly reconnects: number; readonly version: string }>>;
  disconnected: Set<Listener<{ readonly reason: string }>>;
  event: Set<Listener<AmiFrame>>;
}

/**
 * The AMI supervisor. Keeps one logged-in AmiClient alive forever: connect, login (which also
 * re-subscribes: the `Events:` mask is per session), ping to catch half-open TCP, and on any loss
 * a fresh client object after a capped exponential backoff. Actions sent while disconnected fail
 * fast with CE_TELEPHONY_NOT_CONNECTED; every action has a deadline. Each lost or refused connection
 * is logged once, with its reason.
 */
export class AmiConnection {
  private readonly o: ResolvedAmiOptions;
  private readonly log: Logger;
  private readonly metrics: AmiMetrics;
  private readonly instanceId: string;
  private readonly listeners: ConnectionListeners = { connected: new Set(), disconnected: new Set(), event: new Set() };
  private client: AmiClient | undefined;
  private connecting: AmiClient | undefined;
  /** Events that arrived with the login response, before `connected` was announced (FullyBooted). */
  private early: AmiFrame[] = [];
  private loop: Promise<void> | undefined;
  private stopping = false;
  private wake: (() => void) | undefined;
  private onClientGone: (() => void) | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private stableTimer: NodeJS.Timeout | undefined;
  private pingInFlight = false;
  private attempt = 0;
  private counter = 0;
  private everConnected = false;
  private shutdownAnnounced = false;
  private status: AmiConnectionStatus = { state: 'idle', since: Date.now(), reconnects: 0 };

  constructor(opts: AmiConnectionOptions) {
    this.o = resolveAmiOptions(opts);
    this.log = opts.logger.child({ component: 'ami' });
    this.metrics = createAmiMetrics(opts.metrics);
    this.instanceId = opts.instanceId ?? `ce${randomBytes(4).toString('hex')}`;
  }

  /** Starts the supervisor in the background; it retries until stop(). */
  start(): void {
    if (this.loop) return;
    this.stopping = false;
    this.loop = this.run();
  }

  /** Logs off (or abandons a connect in progress) and stops reconnecting. Safe to call twice. */
  async stop(): Promise<void> {
    this.stopping = true;
    this.wake?.();
    this.connecting?.destroy('stopping');
    const client = this.client;
    if (client) await client.logoff(this.o.logoffTimeoutMs);
    await this.loop;
    this.loop = undefined;
  }

  isConnected(): boolean {
    return this.client?.isOpen() === true && this.status.state === 'connected';
  }

  connectionStatus(): AmiConnectionStatus {
    return this.status;
  }

  /** One action; rejects at once with CE_TELEPHONY_NOT_CONNECTED while disconnected. */
  action(req: AmiActionRequest, opts?: ActionOptions): Promise<AmiFrame> {
    const client = this.client;
    if (!client || !this.isConnected()) return Promise.reject(this.notConnected(req.action));
    return client.send(req, opts);
  }

  /** A list action (EventList) collected into one array. */
  listAction(req: AmiActionRequest, opts?: ActionOptions & ListOptions): Promise<AmiList> {
    const client = this.client;
    if (!client || !this.isConnected()) return Promise.reject(this.notConnected(req.action));
    return client.sendList(req, opts);
  }

  onConnected(fn: Listener<{ readonly reconnects: number; readonly version: string }>): () => void {
    return this.subscribe(this.listeners.connected, fn);
  }

  onDisconnected(fn: Listener<{ readonly reason: string }>): () => void {
    return this.subscribe(this.listeners.disconnected, fn);
  }

  /** Every PBX event (list items of our own actions excluded). */
  onEvent(fn: Listener<AmiFrame>): () => void {
    return this.subscribe(this.listeners.event, fn);
  }

  private subscribe<T>(set: Set<Listener<T>>, fn: Listener<T>): () => void {
    set.add(fn);
    return () => set.delete(fn);
  }

  private async run(): Promise<void> {
    while (!this.stopping) {
      try {
        if (await this.connectOnce()) await new Promise<void>((resolve) => (this.onClientGone = resolve));
      } catch (err) {
        this.log.error({ err }, 'AMI supervisor error; retrying');
      }
      if (this.stopping) break;
      await this.sleep(backoffDelay(this.attempt++, this.o.backoff));
    }
    this.setState('stopped');
  }

  private async connectOnce(): Promise<boolean> {
    this.setState(this.everConnected ? 'reconnecting' : 'connecting');
    const client = new AmiClient(
      { ...this.o, nextActionId: () => `${this.instanceId}-${++this.counter}`, logger: this.log, onActionSettled: (a, s, outcome) => this.metrics.actionSeconds.observe({ action: a, outcome }, s) },
      { onEvent: (frame) => this.onClientEvent(client, frame), onClose: (reason, error) => this.onClosed(client, reason, error) },
    );
    this.connecting = client;
    this.early = [];
    try {
      const { version } = await client.connect();
      if (this.stopping) {
        await client.logoff(this.o.logoffTimeoutMs);
        return false;
      }
      // Defensive: never adopt a client whose socket is already gone (the loop would wait forever).
      if (!client.isOpen()) throw new EngineError('CE_TELEPHONY_NOT_CONNECTED', 'AMI connection closed right after login');
      this.onLoggedIn(client, version);
      return true;
    } catch (err) {
      this.onConnectFailed(err);
      return false;
    } finally {
      this.connecting = undefined;
    }
  }

  private onLoggedIn(client: AmiClient, version: string): void {
    const reconnect = this.everConnected;
    this.client = client;
    this.everConnected = true;
    this.shutdownAnnounced = false;
    if (reconnect) this.metrics.reconnects.inc();
    this.metrics.connected.set({}, 1);
    this.setState('connected', { lastError: null, reconnects: reconnect ? this.status.reconnects + 1 : this.status.reconnects });
    this.log.info({ host: this.o.host, port: this.o.port, version, reconnects: this.status.reconnects }, reconnect ? 'AMI reconnected' : 'AMI connected');
    this.stableTimer = setTimeout(() => (this.attempt = 0), this.o.stableAfterMs).unref();
    this.pingTimer = setInterval(() => this.ping(client), this.o.pingIntervalMs).unref();
    this.notify(this.listeners.connected, { reconnects: this.status.reconnects, version });
    // Listeners learn about the connection before they see its first events.
    for (const frame of this.early.splice(0)) if (this.client === client) this.dispatchEvent(frame);
  }

  private onConnectFailed(err: unknown): void {
    const reason = describeError(err);
    const code = isEngineError(err) ? err.code : 'CE_TELEPHONY_NOT_CONNECTED';
    this.metrics.connectionErrors.inc({ reason: code });
    // During an outage the same refusal repeats every few seconds: warn on the first, then debug.
    const repeated = this.status.lastError === reason;
    this.setState(this.status.state, { lastError: reason });
    if (this.stopping) return;
    const msg = code === 'CE_AMI_PROTOCOL' ? `AMI connection closed: ${reason}` : `AMI connect failed: ${reason}`;
    if (repeated && code !== 'CE_AMI_PROTOCOL') this.log.debug({ code, attempt: this.attempt }, msg);
    else this.log.warn({ code, host: this.o.host, port: this.o.port }, msg);
  }

  private onClosed(client: AmiClient, reason: string, error?: EngineError): void {
    if (client !== this.client) return; // a connect attempt: connectOnce reports it
    this.client = undefined;
    clearInterval(this.pingTimer);
    clearTimeout(this.stableTimer);
    this.metrics.connected.set({}, 0);
    const text = error ? `${reason}: ${error.message}` : reason;
    this.setState('reconnecting', { lastError: text });
    if (error) this.metrics.connectionErrors.inc({ reason: error.code });
    if (this.stopping || reason === 'logoff') this.log.info('AMI connection closed');
    else if (error?.code === 'CE_AMI_PROTOCOL') this.log.warn({ code: error.code }, `AMI connection closed: ${error.message}`);
    else if (this.shutdownAnnounced) this.log.info({ reason: text }, 'AMI connection closed by the PBX shutdown');
    else this.log.warn({ reason: text }, 'AMI connection lost');
    this.notify(this.listeners.disconnected, { reason: text });
    const gone = this.onClientGone;
    this.onClientGone = undefined;
    gone?.();
  }

  private ping(client: AmiClient): void {
    if (this.pingInFlight || client !== this.client) return;
    this.pingInFlight = true;
    client
      .send({ action: 'Ping' }, { timeoutMs: this.o.pingTimeoutMs })
      .catch((err: unknown) => {
        // "Asterisk is shutting down" is an answer: the link is alive. Only silence means wedged.
        if (isEngineError(err, 'CE_TELEPHONY_TIMEOUT')) client.destroy(`ping timeout (no answer within ${this.o.pingTimeoutMs} ms)`);
      })
      .finally(() => (this.pingInFlight = false));
  }

  private onClientEvent(client: AmiClient, frame: AmiFrame): void {
    if (client === this.client) this.dispatchEvent(frame);
    // Bounded: a peer that floods events before answering the login cannot grow this without limit.
    else if (client === this.connecting && this.early.length < 1_000) this.early.push(frame);
  }

  private dispatchEvent(frame: AmiFrame): void {
    const name = frame.event;
    this.metrics.events.inc({ event: eventLabel(name) });
    if (name === 'Shutdown') this.shutdownAnnounced = true;
    this.notify(this.listeners.event, frame);
  }

  private notify<T>(set: Set<Listener<T>>, payload: T): void {
    for (const fn of [...set]) {
      try {
        fn(payload);
      } catch (err) {
        this.log.error({ err }, 'AMI listener failed');
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.wake = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.wake = done;
    });
  }

  private setState(state: AmiConnectionState, change: { readonly lastError?: string | null; readonly reconnects?: number } = {}): void {
    const since = state === this.status.state ? this.status.since : Date.now();
    // null clears the last error (a successful login); undefined keeps it.
    const lastError = change.lastError === null ? undefined : (change.lastError ?? this.status.lastError);
    this.status = { state, since, reconnects: change.reconnects ?? this.status.reconnects, ...(lastError === undefined ? {} : { lastError }) };
  }

  private notConnected(action: string): EngineError {
    return new EngineError('CE_TELEPHONY_NOT_CONNECTED', `AMI ${action}: not connected to Asterisk (${this.status.state})`, {
      details: { state: this.status.state, lastError: this.status.lastError },
    });
  }
}
