import { z } from 'zod';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { buildHttp, type BuildHttpDeps } from '../../../../../engine/src/adapters/http/build-http';
import type { HttpServer } from '../../../../../engine/src/adapters/http/http-server';
import { PromMetricsAdapter } from '../../../../../engine/src/adapters/metrics/prom-metrics.adapter';
import { EngineHealthRegistry } from '../../../../../engine/src/health/health-registry';
import { EngineHttpRouteRegistry } from '../../../../../engine/src/http/http-route-registry';
import { EngineError } from '../../../../../engine/src/errors';
import { routeReply, type RouteDefinition } from '../../../../../engine/src/ports/http-routes.port';
import type { PluginStatus, PluginStatusSource } from '../../../../../engine/src/plugin-host/plugin.types';
import type { EngineConfig } from '../../../../../engine/src/config/config.schema';

export const TOKEN = 'test-token-0123456789';
export const AUTH = { authorization: `Bearer ${TOKEN}` };

/** A plugin status list the test can change between requests. */
export class FakePluginStatus implements PluginStatusSource {
  constructor(public statuses: PluginStatus[] = []) {}
  list(): readonly PluginStatus[] {
    return this.statuses;
  }
}

export interface TestApp {
  readonly server: HttpServer;
  readonly logger: CaptureLogger;
  readonly health: EngineHealthRegistry;
  readonly plugins: FakePluginStatus;
  readonly metrics: PromMetricsAdapter;
  readonly routes: EngineHttpRouteRegistry;
}

export interface TestAppOptions {
  readonly http?: Partial<EngineConfig['http']>;
  readonly defaultMetrics?: boolean;
  readonly groups?: ReadonlyArray<{ prefix: string; owner: string; routes: RouteDefinition[] }>;
  readonly overrides?: Partial<BuildHttpDeps>;
}

/** Builds the HTTP API with real registries and a capturing logger; nothing listens. */
export function buildTestApp(opts: TestAppOptions = {}): TestApp {
  const logger = new CaptureLogger();
  const health = new EngineHealthRegistry();
  const plugins = new FakePluginStatus();
  const metrics = new PromMetricsAdapter(logger, { defaultMetrics: opts.defaultMetrics ?? false });
  const routes = new EngineHttpRouteRegistry();
  for (const g of opts.groups ?? [{ prefix: '/api/demo', owner: 'demo', routes: demoRoutes() }]) routes.register(g.routes, g);
  const config: EngineConfig['http'] = { host: '127.0.0.1', port: 0, bodyLimitBytes: 1024 * 1024, token: TOKEN, ...opts.http };
  const server = buildHttp({ config, logger, routes, health, plugins, metrics, version: '9.9.9', ...opts.overrides });
  return { server, logger, health, plugins, metrics, routes };
}

export const itemBody = z.object({ phone: z.string().regex(/^\d+$/), note: z.string().max(20).optional() });

/** Routes of a pretend plugin that cover each reply kind and each failure kind. */
export function demoRoutes(): RouteDefinition[] {
  return [
    {
      method: 'POST',
      url: '/items',
      summary: 'Create an item',
      schema: { body: itemBody, response: { 201: z.object({ id: z.number(), phone: z.string() }) } },
      handler: (req) => routeReply(201, { id: 7, phone: (req.body as z.infer<typeof itemBody>).phone }),
    },
    {
      method: 'GET',
      url: '/items/:id',
      schema: { params: z.object({ id: z.coerce.number().int().positive() }), response: { 200: z.object({ id: z.number() }) } },
      handler: (req) => ({ id: (req.params as { id: number }).id }),
    },
    {
      method: 'GET',
      url: '/search',
      schema: { querystring: z.object({ limit: z.coerce.number().int().max(100) }), response: { 200: z.object({ limit: z.number() }) } },
      handler: (req) => ({ limit: (req.query as { limit: number }).limit }),
    },
    { method: 'GET', url: '/export.csv', handler: () => routeReply(200, 'id,phone\n1,0912\n', { contentType: 'text/csv', headers: { 'content-disposition': 'attachment; filename="x.csv"' } }) },
    { method: 'DELETE', url: '/items/:id', handler: () => undefined },
    { method: 'GET', url: '/missing', handler: () => { throw new EngineError('CE_CALL_NOT_FOUND', 'no call 42'); } },
    { method: 'GET', url: '/outage', handler: () => { throw new EngineError('CE_TELEPHONY_NOT_CONNECTED'); } },
    { method: 'GET', url: '/boom', handler: () => { throw new Error('db password=hunter2 at 10.0.0.5'); } },
    {
      method: 'GET',
      url: '/bad-shape',
      schema: { response: { 200: z.object({ id: z.number() }) } },
      handler: () => ({ id: 'not-a-number' }),
    },
    { method: 'GET', url: '/open', auth: false, handler: () => ({ open: true }) },
  ];
}
