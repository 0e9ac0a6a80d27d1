import { loadConfig } from '../../engine/src/config/load-config';
import type { Token } from '../../engine/src/di/token';
import { CALL_SERVICE, CALL_STORE_PORT, CLOCK, CONFIG, ENGINE_EVENTS, SCENARIO_CATALOG, SCHEDULER_PORT } from '../../engine/src/di/tokens';
import type {
  CallReport, CallService, CallStorePort, Clock, EngineEventsPort, HealthRegistry, Logger, OutboundCallRequest, PluginRegistrar,
  PluginRuntimeContext, RouteDefinition, ScenarioCatalog,
} from '../../engine/src/index';
import { DIALER_PARTS, dialerPlugin, type DialerConfig, type DialerParts } from '../../plugins/dialer';
import { dialerConfigSchema } from '../../plugins/dialer/dialer.config';
import { FakeScheduler } from '../fakes/fake-scheduler';

/**
 * The dialer plugin on its own, wired exactly as the engine wires it (`register`, then `start`), over a
 * real store and a manual clock, with a scripted `CallService` instead of the call engine. A "restart"
 * is a second harness over the same database. The dial loop does not run by itself (`tickMs` is a
 * minute): a test drives it with `pass()`.
 */

/** Placed calls end at once with the result the test picks. */
export class ScriptedCalls {
  readonly placed: OutboundCallRequest[] = [];
  result: (req: OutboundCallRequest) => string = () => 'not_interested';

  constructor(private readonly clock: Clock) {}

  isReady(): boolean {
    return true;
  }

  async placeOutbound(req: OutboundCallRequest): Promise<CallReport> {
    this.placed.push(req);
    const at = this.clock.now();
    return { callId: req.attemptId ?? 'call', direction: 'outbound', phone: req.phone, scenario: 'academy', result: this.result(req), answered: false, startedAt: at, endedAt: at, durationSec: 0 } as unknown as CallReport;
  }
}

export interface DialerHarnessOptions {
  readonly store: CallStorePort;
  readonly clock: Clock;
  readonly logger: Logger;
  /** Engine env (legacy names: OUTBOUND_NUMBERS, MAX_CALLS_PER_DAY, ...). */
  readonly env: Record<string, string>;
  /** `plugins.dialer` config. */
  readonly dialer?: Record<string, unknown>;
}

export class DialerHarness {
  readonly calls: ScriptedCalls;
  private readonly factories = new Map<symbol, () => unknown>();
  private readonly ctx: PluginRuntimeContext<DialerConfig>;

  constructor(o: DialerHarnessOptions) {
    this.calls = new ScriptedCalls(o.clock);
    const engine = loadConfig({ env: o.env, envFile: null });
    const config = dialerConfigSchema.parse({ tickMs: 60_000, ...o.dialer });
    const events = { on: () => () => undefined, emit: () => undefined } as unknown as EngineEventsPort;
    const catalog = { list: () => [{ name: 'academy' }], nextOutbound: () => ({ name: 'academy' }) } as unknown as ScenarioCatalog;
    this.value(CONFIG, engine);
    this.value(CLOCK, o.clock);
    this.value(CALL_STORE_PORT, o.store);
    this.value(CALL_SERVICE, this.calls as unknown as CallService);
    this.value(ENGINE_EVENTS, events);
    this.value(SCENARIO_CATALOG, catalog);
    // Never fires by itself: a window keeps the state it had when first seen (and is checked again at each tick).
    this.value(SCHEDULER_PORT, new FakeScheduler());
    const registrar: PluginRegistrar = {
      registerValue: (token, value) => this.value(token, value),
      registerFactory: (token, factory) => {
        let built: { v: unknown } | undefined;
        this.factories.set(token, () => (built ??= { v: factory((t) => this.resolve(t)) }).v);
      },
      registerSingleton: () => {
        throw new Error('not used by the dialer');
      },
    };
    const http = { register: (_routes: readonly RouteDefinition[]) => undefined };
    dialerPlugin.register({ id: 'dialer', config, logger: o.logger, container: registrar, http, health: {} as HealthRegistry });
    this.ctx = { id: 'dialer', config, logger: o.logger, resolve: <T>(t: Token<T>): T => this.resolve(t) };
  }

  resolve<T>(token: Token<T>): T {
    const f = this.factories.get(token);
    if (!f) throw new Error(`nothing registered for ${String(token.description)}`);
    return f() as T;
  }

  get parts(): DialerParts {
    return this.resolve(DIALER_PARTS);
  }

  async start(): Promise<void> {
    await dialerPlugin.start?.(this.ctx);
  }

  async stop(): Promise<void> {
    await dialerPlugin.stop?.(this.ctx);
  }

  /** One pass of the dial loop; resolves once the attempts it started have written their results. */
  async pass(): Promise<void> {
    const runtime = this.parts.runtime;
    await runtime.tick();
    // The scripted calls end at once; what is left is store I/O (a bound, not a timed assertion).
    const deadline = Date.now() + 10_000;
    while (runtime.status().inFlight > 0) {
      if (Date.now() > deadline) throw new Error('attempts still in flight after 10 s');
      await new Promise((r) => setImmediate(r));
    }
  }

  private value<T>(token: Token<T>, value: T): void {
    this.factories.set(token, () => value);
  }
}
