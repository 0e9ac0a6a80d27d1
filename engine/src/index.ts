/**
 * The engine's public surface. Plugins import the engine ONLY from here (ESLint enforces it):
 * ports, tokens, definePlugin, the error catalogue and shared types.
 */
export * from './errors';
export { createToken, tokenName, type Token } from './di/token';
export * from './di/tokens';
export { definePlugin } from './plugin-host/define-plugin';
export type {
  PluginManifest,
  AnyPluginManifest,
  PluginRegisterContext,
  PluginRuntimeContext,
  PluginRegistrar,
  PluginStatus,
  PluginState,
  PluginStatusSource,
  PluginCommand,
  PluginCommandInput,
  CommandIo,
} from './plugin-host/plugin.types';
export type { EngineConfig, PluginSlice } from './config/config.schema';
export { timeZone, hhmm, digits, isValidTimeZone } from './config/config.schema';
export type { Logger, LogFn } from './ports/logger.port';
export { systemClock, type Clock } from './ports/clock.port';
export type { MetricsPort, CounterMetric, GaugeMetric, HistogramMetric, MetricLabels } from './ports/metrics.port';
export type { HealthIndicator, HealthReport, HealthRegistry } from './ports/health.port';
export { routeReply, type RouteDefinition, type RouteRequest, type RouteReply, type HttpMethod } from './ports/http-routes.port';
export type { SttPort, SttRequest, SttResult } from './ports/stt.port';
export type { IntentClassifierPort, IntentRequest, IntentResult, IntentTokens } from './ports/intent.port';
export type { EngineEvent, EngineEventType, EngineEventOf, EngineEventsPort } from './ports/engine-events.port';
export { KeywordIntentClassifier, normalizePersian } from './classify';
export type { OperatorAgent, OperatorRosterPort, LineCapacityPort, LineLease } from './ports/operator.port';
export { scenarioIntents, type ScenarioIntentSpec } from './flow/scenario-intents';
export type * from './ports/call-store.port';
export { NOT_DIALLED_RESULT } from './ports/call-ledger.types';
export type { CallService, OutboundCallRequest } from './call/call-service';
export type { CallReport } from './call/call-report';
export type { ScenarioCatalog } from './call/scenario-catalog';
export type { LineMonitorPort } from './ports/line-monitor.port';
export type { TelephonyPort } from './ports/telephony.port';
export type { SchedulerPort, ScheduledJob, ScheduledJobInfo, ScheduledRun } from './ports/scheduler.port';
