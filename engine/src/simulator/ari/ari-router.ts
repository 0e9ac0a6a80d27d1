import type { ApiDeclaration } from '../ari-docs';

/** One documented operation, addressed as `<resource>.<nickname>` (e.g. `channels.originate`). */
export interface RouteMatch {
  readonly operationId: string;
  readonly pathParams: Readonly<Record<string, string>>;
}

export type RouteResult =
  | { readonly kind: 'match'; readonly match: RouteMatch }
  | { readonly kind: 'not-found' }
  | { readonly kind: 'method-not-allowed'; readonly allow: string };

interface Route {
  readonly segments: readonly string[];
  readonly methods: ReadonlyMap<string, string>;
}

const METHOD_ORDER = ['GET', 'POST', 'PUT', 'DELETE'];

/**
 * Maps `/ari/...` paths to documented operations like Asterisk's path tree (`res_ari.c`):
 * literal segments win over `{param}` ones, an unknown path is 404 `Resource not found`, a known
 * path with another method is 405 with `Allow: OPTIONS,<methods>`.
 */
export class AriRouter {
  private readonly routes: Route[] = [];

  constructor(declarations: Readonly<Record<string, ApiDeclaration>>) {
    for (const [resource, declaration] of Object.entries(declarations)) {
      for (const api of declaration.apis) {
        const methods = new Map<string, string>();
        for (const op of api.operations) methods.set(op.httpMethod, `${resource}.${op.nickname}`);
        this.routes.push({ segments: api.path.split('/').filter((s) => s !== ''), methods });
      }
    }
  }

  /** Every operation id the documents declare. */
  operationIds(): string[] {
    return this.routes.flatMap((route) => [...route.methods.values()]);
  }

  resolve(method: string, segments: readonly string[]): RouteResult {
    const route = this.bestRoute(segments);
    if (!route) return { kind: 'not-found' };
    const operationId = route.methods.get(method.toUpperCase());
    if (!operationId) {
      const allowed = METHOD_ORDER.filter((m) => route.methods.has(m));
      return { kind: 'method-not-allowed', allow: ['OPTIONS', ...allowed].join(',') };
    }
    const pathParams: Record<string, string> = {};
    route.segments.forEach((segment, i) => {
      const name = /^\{(.+)\}$/.exec(segment)?.[1];
      if (name) pathParams[name] = segments[i] ?? '';
    });
    return { kind: 'match', match: { operationId, pathParams } };
  }

  private bestRoute(segments: readonly string[]): Route | undefined {
    let best: { route: Route; score: string } | undefined;
    for (const route of this.routes) {
      if (route.segments.length !== segments.length) continue;
      let score = '';
      let fits = true;
      route.segments.forEach((segment, i) => {
        const literal = !segment.startsWith('{');
        if (literal && segment !== segments[i]) fits = false;
        score += literal ? '1' : '0';
      });
      if (fits && (!best || score > best.score)) best = { route, score };
    }
    return best?.route;
  }
}
