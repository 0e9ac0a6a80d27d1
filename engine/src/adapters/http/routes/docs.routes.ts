import { z } from 'zod';
import type { RouteDefinition } from '../../../ports/http-routes.port';

const openApiDocument = z.looseObject({ openapi: z.string(), info: z.looseObject({ title: z.string(), version: z.string() }) });

/** `GET /docs/json`: the OpenAPI document generated from every route's zod schemas. */
export function docsRoutes(document: () => unknown): RouteDefinition[] {
  return [
    {
      method: 'GET',
      url: '/docs/json',
      summary: 'OpenAPI 3.1 document of this API',
      tags: ['docs'],
      schema: { response: { 200: openApiDocument } },
      handler: () => document(),
    },
  ];
}
