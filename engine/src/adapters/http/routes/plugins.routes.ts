import { z } from 'zod';
import type { RouteDefinition } from '../../../ports/http-routes.port';
import type { PluginStatusSource } from '../../../plugin-host/plugin.types';

export const pluginListBody = z.object({
  plugins: z.array(
    z.object({
      id: z.string(),
      version: z.string(),
      optional: z.boolean(),
      state: z.enum(['registered', 'starting', 'started', 'failed', 'stopping', 'stopped']),
      errorCode: z.string().optional(),
      error: z.string().optional(),
    }),
  ),
});

/** `GET /api/plugins`: what the plugin host knows about every enabled plugin (state and last error). */
export function pluginsRoutes(plugins: PluginStatusSource): RouteDefinition[] {
  return [
    {
      method: 'GET',
      url: '/plugins',
      summary: 'Status of every enabled plugin',
      tags: ['plugins'],
      schema: { response: { 200: pluginListBody } },
      handler: () => ({ plugins: plugins.list() }),
    },
  ];
}
