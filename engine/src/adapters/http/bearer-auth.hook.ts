import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyRequest, onRequestAsyncHookHandler } from 'fastify';
import { EngineError } from '../../errors';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** false only on liveness (`/health`); everything else needs the bearer token when one is configured. */
    auth?: boolean;
  }
}

const BEARER = /^Bearer[ \t]+(\S+)[ \t]*$/i;

function digest(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

/**
 * True when `authorization` is `Bearer <token>`. Both sides are hashed first so the comparison is
 * constant-time and equal-length whatever the client sends; the length of the secret does not leak.
 */
export function bearerMatches(authorization: string | undefined, expectedDigest: Buffer): boolean {
  const m = authorization === undefined ? null : BEARER.exec(authorization);
  const presented = digest(m?.[1] ?? '');
  // Always compare (even when the header is missing) so every 401 costs the same time.
  return timingSafeEqual(presented, expectedDigest) && m !== null;
}

/**
 * Root `onRequest` hook: it runs before routing results are used, for matched and unknown routes
 * alike. Returns undefined when no token is configured (loopback-only dev use; `assertSafeBind`
 * refuses any other bind without a token).
 */
export function createBearerAuthHook(token: string | undefined): onRequestAsyncHookHandler | undefined {
  if (!token) return undefined;
  const expected = digest(token);
  return async (request: FastifyRequest) => {
    if (request.routeOptions.config?.auth === false) return;
    if (!bearerMatches(request.headers.authorization, expected)) {
      throw new EngineError('CE_HTTP_UNAUTHORIZED');
    }
  };
}
