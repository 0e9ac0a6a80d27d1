import {
  CALL_SERVICE, CALL_STORE_PORT, CLOCK, CONFIG, createToken, definePlugin, ENGINE_EVENTS, EngineError, LINE_CAPACITY_PORT,
  SCENARIO_CATALOG, SCHEDULER_PORT, type LineCapacityPort, type Logger, type RouteDefinition, type Token,
} from '../../engine/src/index';
import { dialerConfigSchema, type DialerConfig } from './dialer.config';
import { LinePacer } from './core/line-pacer';
import { DialerRuntime } from './dialer-runtime';
import { LineSlotGuard } from './line-slot-guard';
import { PriorityLegRecorder } from './priority-leg-recorder';
import { restoreLineCounts } from './line-count-restore';
import { CampaignService } from './campaign-service';
import { dialerRoutes } from './dialer.routes';
import { reconcileInFlight } from './crash-reconcile';
import { importCommand } from './import.command';
import { dialerControlCommand } from './control.command';
import { ensureStaticCampaign } from './static-campaign';

export { dialerConfigSchema, type DialerConfig } from './dialer.config';

type Resolve = <U>(t: Token<U>) => U;

/** The objects of one dialer, built on first use once every token is registered. */
export class DialerParts {
  readonly pacer: LinePacer;
  readonly runtime: DialerRuntime;
  readonly campaigns: CampaignService;
  /** The cross-instance line cap, when the store offers line slots. */
  readonly guard?: LineSlotGuard;
  /** Writes inbound and operator legs to the store's line slots too, when it offers them. */
  readonly priorityLegs?: PriorityLegRecorder;
  /** The engine's `LINE_CAPACITY_PORT`: the pacer, wrapped by `priorityLegs` when present. */
  readonly lineCapacity: LineCapacityPort;

  constructor(config: DialerConfig, resolve: Resolve, logger: Logger) {
    const engine = resolve(CONFIG);
    const clock = resolve(CLOCK);
    const store = resolve(CALL_STORE_PORT);
    const catalog = resolve(SCENARIO_CATALOG);
    this.pacer = new LinePacer({ lines: engine.lines.numbers.length ? engine.lines.numbers : ['default'], limits: engine.lines.limits, timeZone: engine.timezone, clock });
    if (store.lineSlots) {
      this.guard = new LineSlotGuard({
        slots: store.lineSlots, limits: engine.lines.limits, timeZone: engine.timezone, instanceId: config.instanceId, holdMs: config.lineSlotHoldSec * 1000, logger,
      });
      this.priorityLegs = new PriorityLegRecorder({
        local: this.pacer, slots: store.lineSlots, limits: engine.lines.limits, instanceId: config.instanceId, holdMs: config.lineSlotHoldSec * 1000, clock, logger,
      });
    }
    this.lineCapacity = this.priorityLegs ?? this.pacer;
    const guard = this.guard ? { guard: this.guard } : {};
    this.runtime = new DialerRuntime({ store, calls: resolve(CALL_SERVICE), pacer: this.pacer, config, engine, events: resolve(ENGINE_EVENTS), logger, clock, scheduler: resolve(SCHEDULER_PORT), ...guard });
    this.campaigns = new CampaignService(store, engine, (n) => catalog.list().some((s) => s.name === n));
  }
}

export const DIALER_PARTS = createToken<DialerParts>('DIALER_PARTS');

/**
 * Outbound campaigns: per-line limits (its LinePacer replaces the engine's line capacity, so operator
 * legs and inbound callers count against the same limits, across instances when the store shares line
 * slots), calling windows, retries, DNC, pause/resume, a crash-safe ledger. Routes under /api/dialer;
 * CLI `salehi-engine import`.
 */
export const dialerPlugin = definePlugin<DialerConfig>({
  id: 'dialer',
  version: '1.0.0',
  provides: [LINE_CAPACITY_PORT, DIALER_PARTS],
  requires: [CALL_SERVICE, CALL_STORE_PORT, SCENARIO_CATALOG],
  configSchema: dialerConfigSchema,
  commands: [importCommand, dialerControlCommand],
  register(ctx) {
    let parts: DialerParts | undefined;
    ctx.container.registerFactory(DIALER_PARTS, (resolve) => (parts ??= new DialerParts(ctx.config, resolve, ctx.logger)));
    ctx.container.registerFactory(LINE_CAPACITY_PORT, (resolve) => resolve(DIALER_PARTS).lineCapacity);
    // Routes exist before the server is built; they reach the dialer once it has started.
    const started = (): DialerParts => {
      if (!parts) throw new EngineError('CE_ENGINE_NOT_STARTED', 'the dialer has not started');
      return parts;
    };
    const routes = dialerRoutes({
      get campaigns() {
        return started().campaigns;
      },
      get runtime() {
        return started().runtime;
      },
      get pacer() {
        return started().pacer;
      },
    });
    ctx.http.register(routes as RouteDefinition[]);
  },
  async start(ctx) {
    const parts = ctx.resolve(DIALER_PARTS);
    const store = ctx.resolve(CALL_STORE_PORT);
    const clock = ctx.resolve(CLOCK);
    await reconcileInFlight(store, ctx.config.instanceId, ctx.logger, clock);
    // After the reconcile: this instance's calls of a previous run are gone, so are their line slots.
    const freed = (await parts.guard?.releaseOwn()) ?? 0;
    if (freed > 0) ctx.logger.warn({ freed, instanceId: ctx.config.instanceId }, 'freed line slots left by the previous run');
    parts.priorityLegs?.startRecording();
    // The day's and minute's originates of the previous run still count against the line limits.
    await restoreLineCounts({ pacer: parts.pacer, store, clock, timeZone: ctx.resolve(CONFIG).timezone, logger: ctx.logger });
    await ensureStaticCampaign(store, ctx.config, ctx.resolve(SCENARIO_CATALOG), ctx.resolve(CONFIG), ctx.logger);
    parts.runtime.start();
  },
  async stop(ctx) {
    await ctx.resolve(DIALER_PARTS).runtime.stop();
  },
});
