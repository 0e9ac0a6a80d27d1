import { z } from 'zod';
import { routeReply, type RouteDefinition } from '../../engine/src/index';
import type { CampaignService } from './campaign-service';
import { textSource } from './campaign-service';
import type { DialerRuntime } from './dialer-runtime';
import type { LinePacer } from './core/line-pacer';

/** What the routes use; read on every request (the dialer is built at start, the routes before). */
export interface DialerRouteDeps {
  readonly campaigns: CampaignService;
  readonly runtime: DialerRuntime;
  readonly pacer: LinePacer;
}

const id = z.object({ id: z.string().min(1).max(100) }).strict();
const reason = z.object({ reason: z.string().max(500).optional() }).strict();
const line = z.string().regex(/^\+?\d{2,20}$/);
/**
 * The settings a campaign has besides its scenario. Windows, retry policy and caps are judged by the
 * campaign service (the same rules for the API and the CLI), whose 400 names the field to fix
 * (`windows.days.mon[0]`, `retryPolicy.rules.busy.delaySec`, `caps.perDay`).
 */
const settingsFields = {
  timeZone: z.string().max(64).optional(),
  windows: z.unknown().optional(),
  retryPolicy: z.unknown().optional(),
  caps: z.unknown().optional(),
};

/** `/api/dialer/...`: campaigns (create, change, import, start, pause, resume, stats), dialer pause/resume, lines. */
export function dialerRoutes(d: DialerRouteDeps): RouteDefinition[] {
  return [
    {
      method: 'POST',
      url: '/campaigns',
      summary: 'Create a campaign (draft): scenario, timeZone, lines, windows, retryPolicy, caps {concurrent, perHour, perDay}',
      schema: {
        body: z.object({ name: z.string().min(1).max(200), scenario: z.string().min(1), lines: z.array(line).optional(), ...settingsFields }).strict(),
      },
      handler: async (req) => routeReply(201, await d.campaigns.create(req.body)),
    },
    {
      method: 'PATCH',
      url: '/campaigns/:id',
      summary: 'Change a campaign: given fields replace the stored ones, null removes lines/windows/retryPolicy/caps',
      schema: {
        params: id,
        body: z
          .object({ name: z.string().min(1).max(200).optional(), scenario: z.string().min(1).optional(), lines: z.array(line).nullable().optional(), ...settingsFields })
          .strict(),
      },
      handler: (req) => d.campaigns.update(req.params.id, req.body),
    },
    {
      method: 'POST',
      url: '/campaigns/:id/contacts',
      summary: 'Import contacts from CSV text (bad rows reported with line numbers)',
      schema: { params: id, body: z.object({ csv: z.string().min(1).max(50 * 1024 * 1024) }).strict() },
      handler: async (req) => d.campaigns.importCsv(req.params.id, textSource(req.body.csv)),
    },
    { method: 'GET', url: '/campaigns/:id', summary: 'Campaign with contact and result counts', schema: { params: id }, handler: (req) => d.campaigns.stats(req.params.id) },
    ...(['start', 'pause', 'resume', 'stop'] as const).map(
      (action): RouteDefinition => ({
        method: 'POST',
        url: `/campaigns/:id/${action}`,
        summary: `${action} a campaign`,
        schema: { params: id, body: reason.optional() },
        handler: (req) => d.campaigns.setState(req.params.id, action === 'start' || action === 'resume' ? 'running' : action === 'pause' ? 'paused' : 'stopped', 'api', req.body?.reason),
      }),
    ),
    { method: 'GET', url: '/status', summary: 'Dialer state and per-line usage against the limits', handler: () => ({ ...d.runtime.status(), lines: d.pacer.snapshot() }) },
    {
      method: 'POST',
      url: '/pause',
      summary: 'Pause all dialling',
      schema: { body: reason.optional() },
      handler: async (req) => {
        await d.runtime.pause(req.body?.reason ?? 'paused by API', 'api');
        return d.runtime.status();
      },
    },
    {
      method: 'POST',
      url: '/resume',
      summary: 'Resume dialling',
      schema: { body: reason.optional() },
      handler: async (req) => {
        await d.runtime.resume(req.body?.reason ?? 'resumed by API', 'api');
        return d.runtime.status();
      },
    },
  ];
}
