import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import type { EngineConfig } from './config/config.schema';
import { resolveToken, type Token } from './di/token';
import { CLOCK, CONFIG, ENGINE_EVENTS, HEALTH_REGISTRY, HTTP_ROUTES, INTENT_CLASSIFIER_PORT, LOCAL_INTENT_CLASSIFIER, LOGGER, METRICS, PLUGIN_STATUS, SCHEDULER_PORT } from './di/tokens';
import { KeywordIntentClassifier } from './classify';
import { EngineEventBus } from './events/engine-event-bus';
import { systemClock, type Clock } from './ports/clock.port';
import type { Logger } from './ports/logger.port';
import type { MetricsPort } from './ports/metrics.port';
import { PluginHost } from './plugin-host/plugin-host';
import type { AnyPluginManifest, PluginStatusSource } from './plugin-host/plugin.types';
import { EngineHttpRouteRegistry } from './http/http-route-registry';
import { EngineHealthRegistry } from './health/health-registry';
import { buildHttp, type HttpServer } from './adapters/http';
import { PromMetricsAdapter } from './adapters/metrics/prom-metrics.adapter';
import { NodeCronScheduler } from './adapters/scheduler/node-cron.scheduler';
import { createEngineLogger } from './adapters/logging/engine-logger';
import { ENGINE_VERSION } from './version';
import { EngineError } from './errors';
import { CALL_STORE_PORT, TELEPHONY_PORT } from './di/tokens';
import { createPostgresCallStore, createSqliteCallStore } from './adapters/store';
import type { CallStorePort } from './ports/call-store.port';
import { wireTelephony, type TelephonyRuntime } from './wiring/telephony.wiring';
import { registerCallDefaults, wireCalls, type CallRuntime } from './wiring/calls.wiring';
import { instanceCachingFactory } from 'tsyringe';

export interface BuildEngineOptions {
  /** Plugin manifests available to this build; config decides which are enabled. */
  readonly plugins?: readonly AnyPluginManifest[];
  readonly logger?: Logger;
  readonly clock?: Clock;
  readonly metrics?: MetricsPort;
  /** Replaces the Asterisk adapters (tests run the call runtime on a fake telephony port). */
  readonly telephony?: TelephonyRuntime;
  /** Extra registrations after the core ones (tests put fakes here). */
  readonly overrides?: (container: DependencyContainer) => void;
}

export interface Engine {
  readonly config: EngineConfig;
  readonly logger: Logger;
  readonly container: DependencyContainer;
  readonly http: HttpServer;
  readonly plugins: PluginStatusSource;
  /** Opens resources and starts plugins in dependency order. */
  start(): Promise<void>;
  /** Plugins stop in reverse order, then resources close, then HTTP. Safe to call twice. */
  stop(): Promise<void>;
}

/** The tokens every plugin may resolve without declaring them in `requires`. */
const CORE_TOKENS: readonly Token<unknown>[] = [CONFIG, LOGGER, CLOCK, METRICS, HEALTH_REGISTRY, HTTP_ROUTES, PLUGIN_STATUS, ENGINE_EVENTS, LOCAL_INTENT_CLASSIFIER, SCHEDULER_PORT];

/**
 * The composition root: the only place that picks adapters for ports. Builds everything and opens
 * nothing: no socket, no file, no timer until `start()` (HTTP listens only when main.ts says so).
 * Throws an EngineError naming the plugin and the id/token on any plugin boot problem.
 */
export function buildEngine(config: EngineConfig, opts: BuildEngineOptions = {}): Engine {
  const container = rootContainer.createChildContainer();
  const logger = opts.logger ?? createEngineLogger(config);
  const metrics = opts.metrics ?? new PromMetricsAdapter(logger);
  const routes = new EngineHttpRouteRegistry();
  const health = new EngineHealthRegistry();

  container.register(CONFIG, { useValue: config });
  container.register(LOGGER, { useValue: logger });
  container.register(CLOCK, { useValue: opts.clock ?? systemClock });
  container.register(METRICS, { useValue: metrics });
  container.register(HEALTH_REGISTRY, { useValue: health });
  container.register(HTTP_ROUTES, { useValue: routes });
  container.register(ENGINE_EVENTS, { useValue: new EngineEventBus(logger) });
  // Creates no timer until a job is scheduled; tests replace it through `overrides`.
  container.register(SCHEDULER_PORT, { useValue: new NodeCronScheduler({ logger, clock: opts.clock ?? systemClock }) });
  // The local classifier is always there; the llm plugin registers its own classifier later, which wins.
  const local = new KeywordIntentClassifier(opts.clock ?? systemClock);
  container.register(LOCAL_INTENT_CLASSIFIER, { useValue: local });
  container.register(INTENT_CLASSIFIER_PORT, { useValue: local });
  // SQLite opens synchronously on first use; PostgreSQL is opened (async) by start() before anything uses it.
  let store: CallStorePort | undefined;
  container.register(CALL_STORE_PORT, {
    useFactory: instanceCachingFactory(() => {
      if (config.store.driver === 'postgres') {
        if (!store) throw new EngineError('CE_STORE_CLOSED', 'the PostgreSQL store opens when the engine starts');
        return store;
      }
      return (store = createSqliteCallStore({ path: config.store.sqlite.path, logger, clock: opts.clock ?? systemClock }));
    }),
  });
  const callSlot = registerCallDefaults(container, config);
  opts.overrides?.(container);

  const host = new PluginHost({ container, logger, routes, health, coreTokens: CORE_TOKENS });
  container.register(PLUGIN_STATUS, { useValue: host });
  host.load(opts.plugins ?? [], config.plugins);
  const telephony = opts.telephony ?? (config.asterisk.enabled ? wireTelephony(container, config, { logger, metrics, clock: opts.clock ?? systemClock, health }) : undefined);
  if (opts.telephony) container.register(TELEPHONY_PORT, { useValue: opts.telephony.telephony });
  const calls = telephony ? wireCalls(container, config, { logger, metrics, telephony }) : undefined;
  callSlot.runtime = calls;

  const http = buildHttp({ config: config.http, logger, routes, health, plugins: host, metrics, version: ENGINE_VERSION });
  // Routes exist only once the server is built: a later register() must fail loudly, not vanish.
  routes.seal();
  const resources: EngineResources = {
    ...(telephony ? { telephony } : {}),
    ...(calls ? { calls } : {}),
    openStore: async () => {
      if (config.store.driver === 'postgres' && !store) {
        const pg = config.store.postgres;
        store = await createPostgresCallStore({ url: pg.url ?? '', schema: pg.schema, poolSize: pg.poolSize, logger, clock: opts.clock ?? systemClock });
      }
      return resolveToken(container, CALL_STORE_PORT);
    },
    closeStore: async () => store?.close(),
  };
  return new EngineLifecycle(config, logger, container, http, host, resources);
}

interface EngineResources {
  readonly telephony?: TelephonyRuntime;
  readonly calls?: CallRuntime;
  readonly openStore: () => Promise<CallStorePort>;
  readonly closeStore: () => Promise<void>;
}

class EngineLifecycle implements Engine {
  private state: 'built' | 'starting' | 'started' | 'stopping' | 'stopped' = 'built';
  private stopping?: Promise<void>;

  constructor(
    readonly config: EngineConfig,
    readonly logger: Logger,
    readonly container: DependencyContainer,
    readonly http: HttpServer,
    private readonly host: PluginHost,
    private readonly res: EngineResources,
  ) {}

  get plugins(): PluginStatusSource {
    return this.host;
  }

  async start(): Promise<void> {
    if (this.state !== 'built') throw new EngineError('CE_ENGINE_NOT_STARTED', `Engine cannot start from state '${this.state}'`);
    this.state = 'starting';
    await this.http.ready();
    await this.res.openStore();
    // Subscribe to call events before the PBX links come up, so nothing is missed.
    this.res.calls?.service.start();
    await this.res.telephony?.start();
    await this.host.start();
    this.state = 'started';
    this.logger.info({ version: ENGINE_VERSION, plugins: this.host.list().map((p) => p.id).join(',') }, 'engine started');
  }

  stop(): Promise<void> {
    this.stopping ??= this.doStop();
    return this.stopping;
  }

  private async doStop(): Promise<void> {
    this.state = 'stopping';
    // Plugins first (the dialer stops originating), then no new inbound calls, then live calls drain.
    await this.host.stop();
    // Plugins have cancelled their own jobs; no job may fire while calls drain and adapters close.
    await resolveToken(this.container, SCHEDULER_PORT).stop();
    await this.res.telephony?.closeGateway();
    const drained = (await this.res.calls?.drain(this.config.shutdown.drainTimeoutSec * 1000)) ?? true;
    if (!drained) this.logger.warn({ live: this.res.calls?.registry.size() }, 'calls still live at shutdown; leaving them to Asterisk');
    this.res.calls?.service.stop();
    await this.res.telephony?.close();
    await this.res.closeStore();
    await this.http.close();
    await this.container.dispose();
    this.state = 'stopped';
    this.logger.info('engine stopped');
  }
}
