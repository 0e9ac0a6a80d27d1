import { z } from 'zod';
import { evaluateReadiness } from '../../../health/readiness';
import type { HealthRegistry } from '../../../ports/health.port';
import { routeReply, type RouteDefinition } from '../../../ports/http-routes.port';
import type { PluginStatusSource } from '../../../plugin-host/plugin.types';

export const healthBody = z.object({
  status: z.literal('ok'),
  uptimeSec: z.number().int().nonnegative(),
  version: z.string(),
});

export const readinessBody = z.object({
  ready: z.boolean(),
  components: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() })),
  plugins: z.array(z.object({ id: z.string(), state: z.string(), optional: z.boolean(), errorCode: z.string().optional() })),
  reasons: z.array(z.string()),
});

export interface HealthRoutesDeps {
  readonly health: HealthRegistry;
  readonly plugins: PluginStatusSource;
  readonly version: string;
  /** Per-indicator time budget of `/ready` (default 2000 ms). */
  readonly checkTimeoutMs?: number;
}

/**
 * `/health` is liveness: it answers while the event loop turns, with no auth, so a supervisor can
 * probe it without the token. `/ready` is readiness (components and plugins) and needs the token
 * like every other route, because its reasons name internal components.
 */
export function healthRoutes(deps: HealthRoutesDeps): RouteDefinition[] {
  return [
    {
      method: 'GET',
      url: '/health',
      auth: false,
      summary: 'Liveness: the process is up',
      tags: ['health'],
      schema: { response: { 200: healthBody } },
      handler: () => ({ status: 'ok', uptimeSec: Math.floor(process.uptime()), version: deps.version }),
    },
    {
      method: 'GET',
      url: '/ready',
      summary: 'Readiness: every component is ok and every non-optional plugin has started',
      tags: ['health'],
      schema: { response: { 200: readinessBody, 503: readinessBody } },
      handler: async (req) => {
        const report = await evaluateReadiness(deps.health.list(), deps.plugins.list(), {
          ...(deps.checkTimeoutMs === undefined ? {} : { timeoutMs: deps.checkTimeoutMs }),
          onCheckError: (name, err) => req.log.warn({ err, component: name }, 'health check failed'),
        });
        return routeReply(report.ready ? 200 : 503, report);
      },
    },
  ];
}
