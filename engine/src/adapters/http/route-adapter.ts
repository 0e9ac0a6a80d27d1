import type { FastifyInstance, FastifyReply, FastifyRequest, FastifySchema, RouteOptions } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Logger } from '../../ports/logger.port';
import type { RouteDefinition, RouteGroup, RouteReply, RouteRequest } from '../../ports/http-routes.port';

export function isRouteReply(value: unknown): value is RouteReply {
  return typeof value === 'object' && value !== null
    && (value as { kind?: unknown }).kind === 'reply' && typeof (value as { status?: unknown }).status === 'number';
}

/** The framework-free request a route handler sees; `log` is Fastify's per-request child logger. */
export function toRouteRequest(request: FastifyRequest): RouteRequest {
  return {
    body: request.body,
    query: request.query,
    params: request.params,
    headers: request.headers,
    log: request.log as unknown as Logger,
  };
}

/**
 * Turns a handler result into a reply: a RouteReply sets status, headers and content type; `undefined`
 * is 204 (an async Fastify handler resolving undefined would otherwise never answer); anything else
 * is 200 JSON, checked against the route's response schema.
 */
export function sendResult(reply: FastifyReply, result: unknown): FastifyReply | unknown {
  if (!isRouteReply(result)) return result === undefined ? reply.code(204).send() : result;
  void reply.code(result.status);
  if (result.headers) void reply.headers(result.headers);
  if (result.contentType) void reply.type(result.contentType);
  return result.body === undefined ? reply.send() : reply.send(result.body);
}

function toSchema(def: RouteDefinition): FastifySchema {
  const s = def.schema ?? {};
  const schema: FastifySchema & Record<string, unknown> = {};
  if (s.body) schema.body = s.body;
  if (s.querystring) schema.querystring = s.querystring;
  if (s.params) schema.params = s.params;
  if (s.response) schema.response = { ...s.response };
  // OpenAPI-only keys, read by @fastify/swagger; `security: []` marks the open routes.
  if (def.summary) schema.summary = def.summary;
  if (def.tags) schema.tags = [...def.tags];
  if (def.auth === false) schema.security = [];
  return schema;
}

export function toFastifyRoute(def: RouteDefinition): RouteOptions {
  return {
    method: def.method,
    url: def.url,
    schema: toSchema(def),
    config: { auth: def.auth !== false },
    handler: async (request, reply) => sendResult(reply, await def.handler(toRouteRequest(request))),
  };
}

/**
 * Each group gets its own encapsulated Fastify plugin under its prefix, so any hook or decorator a
 * group adds stays inside that prefix (Fastify's encapsulation context), while the root error
 * handler, auth hook and schema compilers are inherited.
 */
export function registerRouteGroup(app: FastifyInstance, group: RouteGroup): void {
  void app.register(
    async (scope) => {
      const typed = scope.withTypeProvider<ZodTypeProvider>();
      for (const def of group.routes) typed.route(toFastifyRoute(def));
    },
    { prefix: group.prefix },
  );
}
