import type { EventSourceKind } from '../../core/stasis-apps';
import { applicationJson, endpointJson } from '../ari-models';
import { listParam } from '../ari-request';
import { message, type AriResponse } from '../ari-response';
import { ariTimestamp } from '../ari-timestamp';
import { pathParam, type HandlerContext, type HandlerTable } from './handler-types';

const ASTERISK_VERSION = '20.20.1';

function info(ctx: HandlerContext): AriResponse {
  const { world } = ctx;
  const started = ariTimestamp(world.startupTime);
  const all: Record<string, unknown> = {
    build: { os: 'Linux', kernel: '6.1.0-simulated', options: '', machine: 'x86_64', date: '2026-11-22 04:00:00 UTC', user: 'simulator' },
    system: { version: ASTERISK_VERSION, entity_id: world.asteriskId },
    config: { name: 'salehi-simulator', default_language: 'en', setid: { user: 'asterisk', group: 'asterisk' } },
    status: { startup_time: started, last_reload_time: started },
  };
  const only = listParam(ctx.req.params, 'only');
  const body = only.length === 0 ? all : Object.fromEntries(Object.entries(all).filter(([key]) => only.includes(key)));
  return { status: 200, body };
}

type SourceParse = { readonly kind: EventSourceKind; readonly id: string } | 'invalid' | 'missing';

/** `channel:<id>`, `bridge:<id>`, `endpoint:<tech>/<resource>`; checks that the source exists. */
function parseSource(ctx: HandlerContext, uri: string): SourceParse {
  const colon = uri.indexOf(':');
  const scheme = colon < 0 ? '' : uri.slice(0, colon);
  const id = uri.slice(colon + 1);
  if (scheme === 'channel') return ctx.world.channels.get(id) ? { kind: 'channel', id } : 'missing';
  if (scheme === 'bridge') return ctx.world.bridges.get(id) ? { kind: 'bridge', id } : 'missing';
  if (scheme === 'endpoint') {
    const resource = id.split('/')[1] ?? '';
    return ctx.world.endpoints.snapshot(resource) ? { kind: 'endpoint', id } : 'missing';
  }
  return 'invalid';
}

/** POST/DELETE /applications/{app}/subscription. */
function subscription(ctx: HandlerContext, subscribe: boolean): AriResponse {
  const name = pathParam(ctx, 'applicationName');
  const sources = listParam(ctx.req.params, 'eventSource');
  if (sources.length === 0) return message(400, 'Missing parameter eventSource');
  if (!ctx.world.apps.exists(name)) return message(404, 'Application not found');
  const parsed = sources.map((uri) => parseSource(ctx, uri));
  if (parsed.includes('invalid')) return message(400, 'Invalid event source URI scheme');
  if (parsed.includes('missing')) return message(422, 'Unable to find event source');
  for (const source of parsed) {
    if (typeof source === 'string') continue;
    if (subscribe) ctx.world.apps.subscribe(name, source.kind, source.id);
    else if (!ctx.world.apps.unsubscribe(name, source.kind, source.id)) return message(409, 'Application not subscribed to event source');
  }
  const app = ctx.world.apps.get(name);
  return app ? { status: 200, body: applicationJson(app) } : message(404, 'Application not found');
}

export const SYSTEM_HANDLERS: HandlerTable = {
  'asterisk.ping': (ctx) => ({ status: 200, body: { ping: 'pong', timestamp: ariTimestamp(ctx.world.clock.wallNow()), asterisk_id: ctx.world.asteriskId } }),
  'asterisk.getInfo': info,
  'endpoints.list': (ctx) => ({ status: 200, body: ctx.world.endpoints.list().map(endpointJson) }),
  'endpoints.listByTech': (ctx) => {
    const tech = pathParam(ctx, 'tech');
    if (tech.toUpperCase() !== 'PJSIP') return message(404, `No Endpoints found - invalid tech ${tech}`);
    return { status: 200, body: ctx.world.endpoints.list().map(endpointJson) };
  },
  'endpoints.get': (ctx) => {
    const endpoint = pathParam(ctx, 'tech').toUpperCase() === 'PJSIP' ? ctx.world.endpoints.snapshot(pathParam(ctx, 'resource')) : undefined;
    return endpoint ? { status: 200, body: endpointJson(endpoint) } : message(404, 'Endpoint not found');
  },
  'applications.list': (ctx) => ({ status: 200, body: ctx.world.apps.list().map(applicationJson) }),
  'applications.get': (ctx) => {
    const app = ctx.world.apps.get(pathParam(ctx, 'applicationName'));
    return app ? { status: 200, body: applicationJson(app) } : message(404, 'Application not found');
  },
  'applications.subscribe': (ctx) => subscription(ctx, true),
  'applications.unsubscribe': (ctx) => subscription(ctx, false),
  /** A plain GET of the WebSocket resource (no Upgrade header). */
  'events.eventWebsocket': () => message(400, 'Expected a WebSocket upgrade request'),
};
