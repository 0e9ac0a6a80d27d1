import type { FastifyInstance } from 'fastify';
import type { MetricsPort } from '../../ports/metrics.port';

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

/**
 * Counts every answered request by route *pattern* (`/api/dialer/campaigns/:id`), never the raw URL,
 * so probes with random paths cannot blow up the number of series.
 */
export function installHttpMetrics(app: FastifyInstance, metrics: MetricsPort): void {
  const requests = metrics.counter('salehi_http_requests_total', 'HTTP requests answered, by method, route pattern and status', ['method', 'route', 'status']);
  const duration = metrics.histogram('salehi_http_request_duration_seconds', 'Time to answer an HTTP request', ['method', 'route'], BUCKETS);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.is404 ? 'unmatched' : (request.routeOptions.url ?? 'unmatched');
    requests.inc({ method: request.method, route, status: reply.statusCode });
    duration.observe({ method: request.method, route }, reply.elapsedTime / 1000);
  });
}
