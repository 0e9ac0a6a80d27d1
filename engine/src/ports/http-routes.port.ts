import type { ZodType } from 'zod';
import type { Logger } from './logger.port';

/**
 * HTTP routes described without the web framework's types, so plugins contribute routes while
 * Fastify stays inside `adapters/http`. Schemas are zod, the project's one schema dialect; the
 * adapter validates every part it declares and answers 400 `CE_HTTP_VALIDATION` on a mismatch.
 */
export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface RouteRequest<B = unknown, Q = unknown, P = unknown> {
  readonly body: B;
  readonly query: Q;
  readonly params: P;
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** Request-scoped logger. */
  readonly log: Logger;
}

/** A reply that sets status, content type or headers; a plain object return means 200 JSON. */
export interface RouteReply {
  readonly kind: 'reply';
  readonly status: number;
  readonly body?: unknown;
  readonly contentType?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

export function routeReply(status: number, body?: unknown, extra: { contentType?: string; headers?: Record<string, string> } = {}): RouteReply {
  return { kind: 'reply', status, body, ...extra };
}

export interface RouteDefinition {
  readonly method: HttpMethod;
  /** Path below the prefix, e.g. `/campaigns/:id`. */
  readonly url: string;
  readonly summary?: string;
  readonly tags?: readonly string[];
  /** Defaults to true: bearer token required. Only /health turns it off. */
  readonly auth?: boolean;
  readonly schema?: {
    readonly body?: ZodType;
    readonly querystring?: ZodType;
    readonly params?: ZodType;
    readonly response?: Readonly<Record<number, ZodType>>;
  };
  // The request's parts are already validated by the declared schemas when the handler runs.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler(req: RouteRequest<any, any, any>): unknown;
}

export interface RouteGroup {
  readonly prefix: string;
  readonly owner: string;
  readonly routes: readonly RouteDefinition[];
}

/** Where plugins add routes (in register(): routes must exist before the server is built). */
export interface HttpRouteRegistry {
  register(routes: readonly RouteDefinition[], opts: { prefix: string; owner: string }): void;
  groups(): readonly RouteGroup[];
}
