import type { IncomingMessage } from 'node:http';
import type { Logger } from '../../ports/logger.port';
import type { SimWorld } from '../core/sim-world';
import type { ApiDeclaration, ResourceListing } from '../ari-docs';
import { authenticate, type AriUser } from './ari-auth';
import { serveDoc } from './ari-docs-handler';
import { ariSegments, parseBody, queryParams, readBody } from './ari-request';
import { NOT_FOUND_HTML, message, type AriResponse } from './ari-response';
import type { AriRouter } from './ari-router';
import type { HandlerTable } from './handlers';

/** Where the PBX is in its boot: the HTTP server's own 404 page, then 503, then ARI proper. */
export type AriPhase = 'stopped' | 'html404' | 'not-booted' | 'ready';

export const REALM = 'Asterisk REST Interface';

export const UNAUTHORIZED: AriResponse = {
  status: 401,
  body: { message: 'Authentication required' },
  headers: [['WWW-Authenticate', `Basic realm="${REALM}"`]],
};

export interface AriRestDeps {
  readonly world: SimWorld;
  readonly router: AriRouter;
  readonly handlers: HandlerTable;
  readonly users: readonly AriUser[];
  readonly listing: ResourceListing;
  readonly declarations: Readonly<Record<string, ApiDeclaration>>;
  readonly log: Logger;
}

/**
 * One REST request through `ast_ari_callback`'s steps: boot state (404 HTML, 503), auth (401),
 * trailing slash (404), api-docs, routing (404/405), body (400), then the operation's handler.
 */
export class AriRestApi {
  constructor(private readonly deps: AriRestDeps) {}

  async answer(req: IncomingMessage, phase: AriPhase): Promise<AriResponse> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const segments = ariSegments(url.pathname);
    if (phase === 'html404' || !segments) return NOT_FOUND_HTML;
    if (phase !== 'ready') return message(503, 'Asterisk not booted');
    const user = authenticate(req, url.searchParams, this.deps.users);
    if (!user) return UNAUTHORIZED;
    if (user.readOnly && req.method !== 'GET') return message(403, 'Write access denied');
    if (url.pathname.endsWith('/')) return message(404, `ARI URLs do not end with a slash. Try /ari/${segments.filter((s) => s !== '').join('/')}`);
    if (segments[0] === 'api-docs' && segments.length === 2) {
      return serveDoc(segments[1] ?? '', req.headers.host, this.deps.listing, this.deps.declarations);
    }
    return this.invoke(req, url, segments);
  }

  private async invoke(req: IncomingMessage, url: URL, segments: string[]): Promise<AriResponse> {
    const route = this.deps.router.resolve(req.method ?? 'GET', segments);
    if (route.kind === 'not-found') return message(404, 'Resource not found');
    if (route.kind === 'method-not-allowed') return { ...message(405, 'Invalid method'), headers: [['Allow', route.allow]] };
    const handler = this.deps.handlers[route.match.operationId];
    if (!handler) return message(501, 'Not implemented');
    const body = parseBody(req.headers['content-type'], await readBody(req));
    if (!body.ok) return message(400, 'Error parsing request body');
    const params = queryParams(url.search);
    for (const [name, value] of body.params) params.set(name, value);
    const request = {
      method: req.method ?? 'GET',
      segments,
      params,
      variables: body.variables,
      pathParams: route.match.pathParams,
      ...(req.headers.host ? { host: req.headers.host } : {}),
    };
    try {
      return await handler({ world: this.deps.world, req: request });
    } catch (err) {
      this.deps.log.error({ err, operation: route.match.operationId }, 'ARI handler failed');
      return message(500, 'Internal Server Error');
    }
  }
}
