import { EngineError } from '../errors';
import type { HttpRouteRegistry, RouteDefinition, RouteGroup } from '../ports/http-routes.port';

const PREFIX = /^(\/[A-Za-z0-9._~:@!$&'()*+,;=-]+)*$/;
const URL_PATH = /^\/[A-Za-z0-9._~:@!$&'()*+,;=/*-]*$/;

/**
 * Route groups collected while plugins register, read once by the HTTP adapter when it builds the
 * server. Problems are caught here, at boot, with the owning plugin named, instead of surfacing as
 * a Fastify duplicate-route error at listen time.
 */
export class EngineHttpRouteRegistry implements HttpRouteRegistry {
  private readonly list: RouteGroup[] = [];
  /** `METHOD /normalised/path` → owner, to name both plugins in a conflict. */
  private readonly taken = new Map<string, string>();
  private sealed = false;

  register(routes: readonly RouteDefinition[], opts: { prefix: string; owner: string }): void {
    const { prefix, owner } = opts;
    if (this.sealed) {
      throw new EngineError('CE_HTTP_ROUTE_INVALID', `Plugin '${owner}' added routes after the HTTP server was built; add them in register()`);
    }
    if (!PREFIX.test(prefix)) {
      throw new EngineError('CE_HTTP_ROUTE_INVALID', `Route prefix '${prefix}' of '${owner}' must be empty or start with '/' and not end with '/'`);
    }
    const keys = new Map<string, string>();
    for (const route of routes) keys.set(this.checkRoute(route, prefix, owner, keys), owner);
    // Only record once every route of the group is valid, so a rejected group leaves no trace.
    keys.forEach((o, k) => this.taken.set(k, o));
    if (routes.length > 0) this.list.push(Object.freeze({ prefix, owner, routes: Object.freeze([...routes]) }));
  }

  groups(): readonly RouteGroup[] {
    return [...this.list];
  }

  /** Called by the composition root once the server is built; later `register` calls throw. */
  seal(): void {
    this.sealed = true;
  }

  private checkRoute(route: RouteDefinition, prefix: string, owner: string, pending: ReadonlyMap<string, string>): string {
    if (!URL_PATH.test(route.url)) {
      throw new EngineError('CE_HTTP_ROUTE_INVALID', `Route '${route.url}' of '${owner}' must start with '/' and hold no query or spaces`);
    }
    if (typeof route.handler !== 'function') {
      throw new EngineError('CE_HTTP_ROUTE_INVALID', `Route ${route.method} ${prefix}${route.url} of '${owner}' has no handler`);
    }
    const key = `${route.method} ${normalisePath(prefix + route.url)}`;
    const holder = this.taken.get(key) ?? pending.get(key);
    if (holder !== undefined) {
      throw new EngineError('CE_HTTP_ROUTE_INVALID', `Route ${route.method} ${prefix}${route.url} of '${owner}' is already declared by '${holder}'`);
    }
    return key;
  }
}

/** `/a/:id/` and `/a/:name` are one route to the router: drop trailing slashes and parameter names. */
export function normalisePath(path: string): string {
  const trimmed = path.length > 1 ? path.replace(/\/+$/, '') : path;
  return (trimmed || '/').replace(/:[^/]+/g, ':');
}
