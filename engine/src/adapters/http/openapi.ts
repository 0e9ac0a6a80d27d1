import fastifySwagger from '@fastify/swagger';
import type { FastifyInstance } from 'fastify';
import { jsonSchemaTransform } from 'fastify-type-provider-zod';

/**
 * Registers the OpenAPI generator. It must be registered before any route so its onRoute hook sees
 * them all; `jsonSchemaTransform` turns each route's zod schemas into JSON Schema for the document.
 */
export function registerOpenApi(app: FastifyInstance, version: string): void {
  void app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'Salehi call engine API', version, description: 'Every route but /health needs `Authorization: Bearer <http.token>` when a token is configured.' },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    transform: jsonSchemaTransform,
  });
}
