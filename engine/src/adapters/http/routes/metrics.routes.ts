import { z } from 'zod';
import type { MetricsPort } from '../../../ports/metrics.port';
import { routeReply, type RouteDefinition } from '../../../ports/http-routes.port';

/** Prometheus scrape endpoint; the text is sent as is (a string with a non-JSON type skips the JSON serializer). */
export function metricsRoutes(metrics: MetricsPort): RouteDefinition[] {
  return [
    {
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus metrics (text exposition format)',
      tags: ['health'],
      schema: { response: { 200: z.string() } },
      handler: async () => {
        const { contentType, body } = await metrics.render();
        return routeReply(200, body, { contentType });
      },
    },
  ];
}
