import { createToken } from './token';
import type { EngineConfig } from '../config/config.schema';
import type { Logger } from '../ports/logger.port';
import type { Clock } from '../ports/clock.port';
import type { MetricsPort } from '../ports/metrics.port';
import type { HealthRegistry } from '../ports/health.port';
import type { HttpRouteRegistry } from '../ports/http-routes.port';
import type { InboundGatewayPort } from '../ports/inbound-gateway.port';
import type { TelephonyPort } from '../ports/telephony.port';
import type { SttPort } from '../ports/stt.port';
import type { IntentClassifierPort } from '../ports/intent.port';
import type { EngineEventsPort } from '../ports/engine-events.port';
import type { LineCapacityPort, OperatorRosterPort } from '../ports/operator.port';
import type { LineMonitorPort } from '../ports/line-monitor.port';
import type { CallService } from '../call/call-service';
import type { ScenarioCatalog } from '../call/scenario-catalog';
import type { SessionRegistry } from '../call/session-registry';
import type { StepRegistry } from '../flow/step-registry';
import type { PluginStatusSource } from '../plugin-host/plugin.types';
import type { CallStorePort } from '../ports/call-store.port';
import type { SchedulerPort } from '../ports/scheduler.port';

/** One typed token per port. Plugins import these from the engine's public entry. */
export const CONFIG = createToken<EngineConfig>('CONFIG');
export const LOGGER = createToken<Logger>('LOGGER');
export const CLOCK = createToken<Clock>('CLOCK');
export const METRICS = createToken<MetricsPort>('METRICS');
export const HEALTH_REGISTRY = createToken<HealthRegistry>('HEALTH_REGISTRY');
export const HTTP_ROUTES = createToken<HttpRouteRegistry>('HTTP_ROUTES');
export const PLUGIN_STATUS = createToken<PluginStatusSource>('PLUGIN_STATUS');
/** The inbound entry point (FastAGI server): route handlers vet inbound calls before Stasis. */
export const INBOUND_GATEWAY = createToken<InboundGatewayPort>('INBOUND_GATEWAY');
/** Call control and media on the PBX (ARI adapter), with the normalised CallEvent stream. */
export const TELEPHONY_PORT = createToken<TelephonyPort>('TELEPHONY_PORT');
/** The durable store: campaigns, contacts, the attempt ledger, results, report outbox, DNC, audit. */
export const CALL_STORE_PORT = createToken<CallStorePort>('CALL_STORE_PORT');
export const STT_PORT = createToken<SttPort>('STT_PORT');
/** The intent classifier the classify step uses (the llm plugin replaces the engine's local one). */
export const INTENT_CLASSIFIER_PORT = createToken<IntentClassifierPort>('INTENT_CLASSIFIER_PORT');
/** The engine's own Persian keyword classifier: always present (fast path and fallback). */
export const LOCAL_INTENT_CLASSIFIER = createToken<IntentClassifierPort>('LOCAL_INTENT_CLASSIFIER');
export const ENGINE_EVENTS = createToken<EngineEventsPort>('ENGINE_EVENTS');
/** Who answers transfers (config roster by default; the panel plugin can replace it). */
export const OPERATOR_ROSTER_PORT = createToken<OperatorRosterPort>('OPERATOR_ROSTER_PORT');
/** Room on the outbound lines for new legs (the dialer replaces the engine's simple one). */
export const LINE_CAPACITY_PORT = createToken<LineCapacityPort>('LINE_CAPACITY_PORT');
/** Named cron jobs in an IANA time zone (node-cron); every plugin may use it without `requires`. */
export const SCHEDULER_PORT = createToken<SchedulerPort>('SCHEDULER_PORT');
/** Trunk registrations, endpoint/contact state and live channels per line (AMI). */
export const LINE_MONITOR_PORT = createToken<LineMonitorPort>('LINE_MONITOR_PORT');
/** Places outbound calls and runs inbound ones (the dialer's way to the PBX). */
export const CALL_SERVICE = createToken<CallService>('CALL_SERVICE');
/** Loaded scenarios; the enabled outbound set can be replaced at run time. */
export const SCENARIO_CATALOG = createToken<ScenarioCatalog>('SCENARIO_CATALOG');
/** Live calls (emits `idle` when the last one ends). */
export const SESSION_REGISTRY = createToken<SessionRegistry>('SESSION_REGISTRY');
/** Step types; plugins add theirs in register(), before scenarios are loaded. */
export const STEP_REGISTRY = createToken<StepRegistry>('STEP_REGISTRY');
