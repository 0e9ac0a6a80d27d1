/**
 * TelephonyPort on Asterisk ARI. Transport is our own (kept-alive HTTP/1.1 for REST, `ws` for
 * events) rather than ari-client: the reasons, each shown by a test, are in docs/adr/ari-client.md.
 *
 * Wiring: the supervisor (`AriConnection`) keeps one event socket open forever; its frames go through
 * the event pipeline (parse → map → dedup → listeners); after every (re)connect the reconcile runs
 * against the engine's `ChannelDirectory`. REST calls (`AriRestClient`) each carry the request timeout.
 * Built by the composition root with `new`; call `start()` once and `stop()` at shutdown.
 */
import { EngineError } from '../../../errors';
import type { CallEvent, CallEventListener } from '../../../ports/call-event';
import { systemClock, type Clock } from '../../../ports/clock.port';
import type { HealthIndicator } from '../../../ports/health.port';
import type { Logger } from '../../../ports/logger.port';
import type { MetricsPort } from '../../../ports/metrics.port';
import type {
  BridgeHandle,
  BridgeRequest,
  ChannelDirectory,
  DialplanTarget,
  HangupReason,
  OriginateRequest,
  OriginatedChannel,
  PlayRequest,
  PlaybackHandle,
  RecordRequest,
  RecordingFile,
  RecordingHandle,
  TelephonyChannel,
  TelephonyPort,
} from '../../../ports/telephony.port';
import { DEFAULT_BACKOFF, type BackoffPolicy } from './ari-backoff';
import { AriConnection, type ConnectionUp } from './ari-connection';
import { EventDeduplicator } from './ari-dedup';
import { AriEventPipeline } from './ari-event-pipeline';
import { openWsEventSocket, type EventSocketFactory } from './ari-event-socket';
import { createAriMetrics, type AriMetrics } from './ari-metrics';
import { runReconcile } from './ari-reconcile';
import { AriHttp } from './ari-request';
import { AriRestClient } from './ari-rest-client';

/** The `asterisk.ari` config section. */
export interface AriSettings {
  readonly url: string;
  readonly wsUrl: string;
  readonly app: string;
  readonly username: string;
  readonly password: string;
  readonly requestTimeoutSec: number;
}

/** Tuning with safe defaults; tests shorten the delays. */
export interface AriTuning {
  /** Duplicate window (default 10 s). */
  readonly dedupWindowMs?: number;
  /** Liveness ping of the event socket (default 15 s; 0 = off). */
  readonly pingIntervalMs?: number;
  /** WebSocket upgrade timeout (default: the request timeout). */
  readonly handshakeTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  /** Grace before strays found by the reconcile are hung up (default 1 s). */
  readonly settleDelayMs?: number;
  readonly openSocket?: EventSocketFactory;
  readonly random?: () => number;
}

export interface AriAdapterDeps {
  readonly logger: Logger;
  readonly metrics?: MetricsPort;
  readonly clock?: Clock;
}

export class AriTelephonyAdapter implements TelephonyPort {
  private readonly log: Logger;
  private readonly clock: Clock;
  private readonly metrics: AriMetrics;
  private readonly http: AriHttp;
  private readonly rest: AriRestClient;
  private readonly pipeline: AriEventPipeline;
  private readonly connection: AriConnection;
  private readonly inFlight = new Set<string>();
  private readonly backoff: BackoffPolicy;
  private directory?: ChannelDirectory;
  private stopped = false;
  private upWaiters: Array<() => void> = [];

  constructor(
    private readonly settings: AriSettings,
    deps: AriAdapterDeps,
    private readonly tuning: AriTuning = {},
  ) {
    this.log = deps.logger.child({ component: 'ari' });
    this.clock = deps.clock ?? systemClock;
    this.metrics = createAriMetrics(deps.metrics);
    this.backoff = tuning.backoff ?? DEFAULT_BACKOFF;
    const timeoutMs = Math.round(settings.requestTimeoutSec * 1000);
    this.http = new AriHttp({ baseUrl: settings.url, username: settings.username, password: settings.password, timeoutMs }, this.metrics, this.clock);
    this.rest = new AriRestClient(this.http, settings.app);
    this.pipeline = new AriEventPipeline({
      logger: this.log,
      metrics: this.metrics,
      clock: this.clock,
      dedup: new EventDeduplicator({ windowMs: tuning.dedupWindowMs ?? 10_000 }),
      onAppReplaced: () => this.onAppReplaced(),
    });
    this.connection = new AriConnection(
      {
        wsUrl: settings.wsUrl,
        app: settings.app,
        username: settings.username,
        password: settings.password,
        handshakeTimeoutMs: tuning.handshakeTimeoutMs ?? timeoutMs,
        pingIntervalMs: tuning.pingIntervalMs ?? 15_000,
        backoff: this.backoff,
      },
      {
        onFrame: (text) => this.pipeline.handleFrame(text),
        onUp: (info) => this.onUp(info),
        onDown: (info) => this.pipeline.emit({ type: 'connection.lost', at: this.clock.now(), ...info }),
      },
      { logger: this.log, metrics: this.metrics, clock: this.clock, openSocket: tuning.openSocket ?? openWsEventSocket, random: tuning.random },
    );
  }

  /** Starts the event link in the background (boot does not wait for Asterisk). Once per adapter: no restart after stop(). */
  start(): void {
    this.connection.start();
  }

  /** Closes the event link and the idle REST connections. In-flight REST calls finish or time out on their own. */
  stop(): Promise<void> {
    this.stopped = true;
    this.connection.stop();
    this.http.close();
    return Promise.resolve();
  }

  /** Resolves once the event link is up (immediately when it already is). */
  whenConnected(): Promise<void> {
    if (this.connection.isConnected()) return Promise.resolve();
    return new Promise((resolve) => this.upWaiters.push(resolve));
  }

  /** Readiness of the event link for `/ready`. */
  healthIndicator(): HealthIndicator {
    return {
      name: 'ari',
      check: () => (this.isConnected() ? { ok: true } : { ok: false, detail: 'ARI event socket is not connected' }),
    };
  }

  isConnected(): boolean {
    return this.connection.isConnected();
  }

  onEvent(listener: CallEventListener): () => void {
    return this.pipeline.subscribe(listener);
  }

  setChannelDirectory(directory: ChannelDirectory): void {
    this.directory = directory;
  }

  async originate(request: OriginateRequest): Promise<OriginatedChannel> {
    // An originate into an inactive app is accepted, dialed and answered, then dropped by Asterisk
    // ("Stasis app not active"); nothing would ever reach us, so refuse while the link is down.
    if (!this.isConnected()) throw new EngineError('CE_TELEPHONY_NOT_CONNECTED', 'ARI event socket is down; originate refused');
    this.inFlight.add(request.channelId);
    try {
      return await this.rest.originate(request);
    } finally {
      this.inFlight.delete(request.channelId);
    }
  }

  answer(channelId: string): Promise<void> {
    return this.rest.answer(channelId);
  }

  ring(channelId: string): Promise<void> {
    return this.rest.ring(channelId);
  }

  startMusicOnHold(channelId: string, mohClass?: string): Promise<void> {
    return this.rest.startMusicOnHold(channelId, mohClass);
  }

  stopMusicOnHold(channelId: string): Promise<void> {
    return this.rest.stopMusicOnHold(channelId);
  }

  play(channelId: string, request: PlayRequest): Promise<PlaybackHandle> {
    return this.rest.play(channelId, request);
  }

  stopPlayback(playbackId: string): Promise<void> {
    return this.rest.stopPlayback(playbackId);
  }

  record(channelId: string, request: RecordRequest): Promise<RecordingHandle> {
    return this.rest.record(channelId, request);
  }

  stopRecording(name: string): Promise<void> {
    return this.rest.stopRecording(name);
  }

  cancelRecording(name: string): Promise<void> {
    return this.rest.cancelRecording(name);
  }

  fetchRecording(name: string): Promise<RecordingFile> {
    return this.rest.fetchRecording(name);
  }

  deleteRecording(name: string): Promise<void> {
    return this.rest.deleteRecording(name);
  }

  createBridge(request?: BridgeRequest): Promise<BridgeHandle> {
    return this.rest.createBridge(request);
  }

  addToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    return this.rest.addToBridge(bridgeId, channelIds);
  }

  removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    return this.rest.removeFromBridge(bridgeId, channelIds);
  }

  destroyBridge(bridgeId: string): Promise<void> {
    return this.rest.destroyBridge(bridgeId);
  }

  hangup(channelId: string, reason?: HangupReason | { readonly causeCode: number }): Promise<boolean> {
    return this.rest.hangup(channelId, reason);
  }

  getVariable(channelId: string, name: string): Promise<string | undefined> {
    return this.rest.getVariable(channelId, name);
  }

  setVariable(channelId: string, name: string, value: string): Promise<void> {
    return this.rest.setVariable(channelId, name, value);
  }

  continueInDialplan(channelId: string, target?: DialplanTarget): Promise<void> {
    return this.rest.continueInDialplan(channelId, target);
  }

  listChannels(): Promise<TelephonyChannel[]> {
    return this.rest.listAppChannels();
  }

  private onUp(info: ConnectionUp): void {
    if (info.reconnect) {
      this.pipeline.emit({ type: 'connection.restored', at: this.clock.now(), downtimeMs: info.downtimeMs, attempts: info.attempts });
    }
    const waiters = this.upWaiters;
    this.upWaiters = [];
    for (const resolve of waiters) resolve();
    void this.reconcile();
  }

  private onAppReplaced(): void {
    this.metrics.appReplaced.inc();
    // Asterisk keeps our socket open but sends it nothing more. Let go, and take the name back after
    // the longest backoff: a second engine on the same app name shows up as repeated replacements.
    this.log.error({ app: this.settings.app }, 'another ARI client took over our Stasis application; reconnecting later');
    this.connection.release('application replaced', this.backoff.maxMs);
  }

  private async reconcile(): Promise<void> {
    const directory = this.directory;
    if (!directory) {
      this.log.debug('no channel directory set; reconcile skipped');
      return;
    }
    try {
      const summary = await runReconcile({
        listChannels: () => this.rest.listAppChannels(),
        ownedChannelIds: () => directory.ownedChannelIds(),
        inFlight: () => this.inFlight,
        // A reconcile still running at shutdown must not hang calls up any more.
        hangup: (channelId) => (this.stopped ? Promise.resolve(false) : this.rest.hangup(channelId, 'normal')),
        emit: (event: CallEvent) => this.pipeline.emit(event),
        now: () => this.clock.now(),
        settleDelay: () => new Promise((resolve) => setTimeout(resolve, this.tuning.settleDelayMs ?? 1000)),
      });
      this.metrics.reconcile.inc({ action: 'readopted' }, summary.readopted);
      this.metrics.reconcile.inc({ action: 'settled' }, summary.settled);
      this.metrics.reconcile.inc({ action: 'vanished' }, summary.vanished);
      this.log.info({ ...summary }, 'ARI reconcile done');
    } catch (err) {
      this.log.warn({ err }, 'ARI reconcile failed; it runs again after the next reconnect');
    }
  }
}
