import type { DependencyContainer } from 'tsyringe';
import type { EngineConfig } from '../config/config.schema';
import { resolveToken } from '../di/token';
import { CALL_SERVICE, CALL_STORE_PORT, ENGINE_EVENTS, LINE_CAPACITY_PORT, OPERATOR_ROSTER_PORT, SCENARIO_CATALOG, SESSION_REGISTRY, STEP_REGISTRY } from '../di/tokens';
import type { Logger } from '../ports/logger.port';
import type { MetricsPort } from '../ports/metrics.port';
import { StepRegistry } from '../flow/step-registry';
import { loadScenarios } from '../flow/load-scenarios';
import { resolveScenarioDir } from '../flow/scenario-dir';
import { SessionRegistry } from '../call/session-registry';
import { ScenarioCatalog } from '../call/scenario-catalog';
import { straightToOperatorScenario } from '../call/straight-to-operator.scenario';
import { ConfigOperatorRoster } from '../call/config-operator-roster';
import { SharedLineCapacity } from '../call/shared-line-capacity';
import { createSessionFactory } from '../call/call-scope';
import { CallService } from '../call/call-service';
import { InboundReservations } from '../call/inbound-reservations';
import { createInboundRoute } from '../call/inbound-route';
import type { CallReport } from '../call/call-report';
import type { TelephonyRuntime } from './telephony.wiring';
import { EngineError } from '../errors';
import { recordInboundReport } from './inbound-report';

/** Filled by wireCalls once the call runtime exists. */
export interface CallRuntimeSlot {
  runtime?: CallRuntime;
}

/**
 * Defaults plugins may replace in register(): step types, operator roster, line capacity. Also the
 * call-runtime tokens, resolvable once wireCalls has run (after the plugins registered, so their step
 * types exist before the scenarios load) — declared here so plugins can list them in `requires`.
 */
export function registerCallDefaults(container: DependencyContainer, config: EngineConfig): CallRuntimeSlot {
  container.register(STEP_REGISTRY, { useValue: new StepRegistry() });
  container.register(OPERATOR_ROSTER_PORT, { useValue: new ConfigOperatorRoster(config) });
  container.register(LINE_CAPACITY_PORT, { useValue: new SharedLineCapacity(config) });
  const slot: CallRuntimeSlot = {};
  const runtime = (): CallRuntime => {
    if (!slot.runtime) throw new EngineError('CE_TELEPHONY_NOT_CONNECTED', 'no call runtime: asterisk.enabled is false');
    return slot.runtime;
  };
  container.register(CALL_SERVICE, { useFactory: () => runtime().service });
  container.register(SCENARIO_CATALOG, { useFactory: () => runtime().catalog });
  container.register(SESSION_REGISTRY, { useFactory: () => runtime().registry });
  return slot;
}

export interface CallRuntime {
  readonly service: CallService;
  readonly registry: SessionRegistry;
  readonly catalog: ScenarioCatalog;
  /** Stops taking inbound calls and waits (bounded) for live calls to end. Resolves false when some did not. */
  drain(timeoutMs: number): Promise<boolean>;
}

/**
 * The call runtime, after plugins registered (their step types must exist before scenarios load).
 * A bad scenario file throws CE_SCENARIO_INVALID here, so boot stops naming file, step and field.
 */
export function wireCalls(container: DependencyContainer, config: EngineConfig, deps: { logger: Logger; metrics: MetricsPort; telephony: TelephonyRuntime }): CallRuntime {
  const steps = resolveToken(container, STEP_REGISTRY);
  const catalog = new ScenarioCatalog(loadScenarios(resolveScenarioDir(config), steps), straightToOperatorScenario(steps), config.scenarios.enabled);
  const registry = new SessionRegistry();
  const reservations = new InboundReservations();
  const stage = deps.metrics.histogram('salehi_call_stage_duration_seconds', 'Latency of call stages: prompt (played to the end), record (one take), fetch (recording file), stt, classify', ['stage']);
  const results = deps.metrics.counter('salehi_calls_total', 'Finished calls by direction and result', ['direction', 'result']);
  const live = deps.metrics.gauge('salehi_live_calls', 'Calls in progress');
  const store = () => resolveToken(container, CALL_STORE_PORT);
  const events = resolveToken(container, ENGINE_EVENTS);
  const onReport = (r: CallReport): void => {
    results.inc({ direction: r.direction, result: r.result.startsWith('failed:') ? 'failed' : r.result });
    live.set({}, registry.size());
    events.emit({ type: 'call.result.recorded', callId: r.callId, ...(r.attemptId ? { attemptId: r.attemptId } : {}), result: r.result, phone: r.phone });
    if (r.direction === 'inbound') void recordInboundReport(store(), r, config).catch((err: unknown) => deps.logger.error({ err, callId: r.callId }, 'inbound result not stored'));
  };
  const createSession = createSessionFactory({
    root: container,
    registry,
    steps,
    catalog,
    addToDnc: async (phone, reason) => void (await store().addDnc({ phone, reason, source: 'scenario:add_to_dnc' })),
    observeStage: (s, seconds) => stage.observe({ stage: s }, seconds),
  });
  const service = new CallService({ telephony: deps.telephony.telephony, registry, catalog, createSession, logger: deps.logger, onReport, reservations });
  deps.telephony.gateway?.route(
    'inbound',
    createInboundRoute({
      config,
      clock: { now: () => Date.now() },
      logger: deps.logger,
      // Resolved per call: the dialer's line pacer (if enabled) is built only once everything is wired.
      lines: { acquire: (kind, line) => resolveToken(container, LINE_CAPACITY_PORT).acquire(kind, line) },
      catalog,
      reservations,
      isBlocked: async (phone) => (await store().checkDnc(phone)) !== null,
    }),
  );
  return {
    service,
    registry,
    catalog,
    async drain(timeoutMs) {
      service.stopAccepting();
      reservations.releaseAll();
      return registry.whenIdle(timeoutMs);
    },
  };
}
