import { createToken } from './token';
import type { EngineConfig } from '../config/config.schema';
import type { Logger } from '../ports/logger.port';
import type { Clock } from '../ports/clock.port';
import type { MetricsPort } from '../ports/metrics.port';
import type { HealthRegistry } from '../ports/health.port';
import type { HttpRouteRegistry } from '../ports/http-routes.port';
import type { PluginStatusSource } from '../plugin-host/plugin.types';

/** One typed token per port. Plugins import these from the engine's public entry. */
export const CONFIG = createToken<EngineConfig>('CONFIG');
export const LOGGER = createToken<Logger>('LOGGER');
export const CLOCK = createToken<Clock>('CLOCK');
export const METRICS = createToken<MetricsPort>('METRICS');
export const HEALTH_REGISTRY = createToken<HealthRegistry>('HEALTH_REGISTRY');
export const HTTP_ROUTES = createToken<HttpRouteRegistry>('HTTP_ROUTES');
export const PLUGIN_STATUS = createToken<PluginStatusSource>('PLUGIN_STATUS');
