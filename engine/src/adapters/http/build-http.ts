import { randomUUID } from 'node:crypto';
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyRequest } from 'fastify';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { EngineConfig } from '../../config/config.schema';
import type { HealthRegistry } from '../../ports/health.port';
import type { HttpRouteRegistry, RouteGroup } from '../../ports/http-routes.port';
import type { Logger } from '../../ports/logger.port';
import type { MetricsPort } from '../../ports/metrics.port';
import type { PluginStatusSource } from '../../plugin-host/plugin.types';
import { createBearerAuthHook } from './bearer-auth.hook';
import { installErrorHandlers, sendError } from './error-handler';
import { installHttpMetrics } from './http-metrics.hook';
import { FastifyHttpServer, type HttpServer } from './http-server';
import { registerOpenApi } from './openapi';
import { registerRouteGroup } from './route-adapter';
import { docsRoutes } from './routes/docs.routes';
import { healthRoutes } from './routes/health.routes';
import { metricsRoutes } from './routes/metrics.routes';
import { pluginsRoutes } from './routes/plugins.routes';
import { assertSafeBind } from './safe-bind';
import { EngineHttpRouteRegistry } from '../../http/http-route-registry';

export interface BuildHttpDeps {
  readonly config: EngineConfig['http'];
  readonly logger: Logger;
  readonly routes: HttpRouteRegistry;
  readonly health: HealthRegistry;
  readonly plugins: PluginStatusSource;
  readonly metrics: MetricsPort;
  readonly version: string;
  /** Per-indicator time budget of `/ready` (default 2000 ms). */
  readonly readyCheckTimeoutMs?: number;
}

/** Probes hit every few seconds; logging each one would drown the call logs. */
const QUIET_PATHS = new Set(['/health', '/ready', '/metrics']);

function isProbe(request: FastifyRequest): boolean {
  return QUIET_PATHS.has(request.url.split('?')[0] ?? '');
}

/**
 * Builds the HTTP API and returns it without listening (`main.ts` listens; tests use `inject`).
 * Order matters: compilers, error handlers and root hooks first, so every encapsulated route group
 * registered afterwards inherits them; the OpenAPI generator before any route, so it sees them all.
 */
export function buildHttp(deps: BuildHttpDeps): HttpServer {
  assertSafeBind(deps.config);
  // Creating the instance opens no socket, so dropping it on a route conflict leaks nothing.
  const app = createFastify(deps);
  const groups = [...coreGroups(deps, () => app.swagger()), ...deps.routes.groups()];
  assertNoConflicts(groups);
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installErrorHandlers(app);
  app.addHook('onRequest', async (request, reply) => {
    void reply.header('x-request-id', request.id);
  });
  const auth = createBearerAuthHook(deps.config.token);
  if (auth) app.addHook('onRequest', auth);
  installHttpMetrics(app, deps.metrics);
  registerOpenApi(app, deps.version);
  for (const group of groups) registerRouteGroup(app, group);
  return new FastifyHttpServer(app, deps.config);
}

function createFastify(deps: BuildHttpDeps): FastifyInstance {
  return Fastify({
    // Fastify calls child({reqId}) on it per request, so handlers log with the request id bound.
    loggerInstance: deps.logger as unknown as FastifyBaseLogger,
    logController: new LogController({ disableRequestLogging: (req: FastifyRequest) => isProbe(req) }),
    bodyLimit: deps.config.bodyLimitBytes,
    // Our own ids, never the client's: the id is bound into every log line of the request.
    genReqId: () => randomUUID(),
    // Errors raised before routing (malformed percent-encoding) bypass setErrorHandler; same body shape.
    frameworkErrors: (err, request, reply) => {
      void sendError(err, request, reply);
    },
  });
}

/** A plugin route that shadows a core route (`/api/plugins`) fails the build, naming the plugin. */
function assertNoConflicts(groups: readonly RouteGroup[]): void {
  const all = new EngineHttpRouteRegistry();
  for (const g of groups) all.register(g.routes, { prefix: g.prefix, owner: g.owner });
}

function coreGroups(deps: BuildHttpDeps, openApi: () => unknown): RouteGroup[] {
  const health = healthRoutes({
    health: deps.health,
    plugins: deps.plugins,
    version: deps.version,
    ...(deps.readyCheckTimeoutMs === undefined ? {} : { checkTimeoutMs: deps.readyCheckTimeoutMs }),
  });
  return [
    { prefix: '', owner: 'engine', routes: [...health, ...metricsRoutes(deps.metrics), ...docsRoutes(openApi)] },
    { prefix: '/api', owner: 'engine', routes: pluginsRoutes(deps.plugins) },
  ];
}
