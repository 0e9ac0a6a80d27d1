import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { EngineError, type ErrorCode } from '../../errors';

/** One field-level problem of a rejected request, e.g. `{ path: 'body.phone', message: 'Invalid string' }`. */
export interface ValidationIssue {
  readonly path: string;
  readonly message: string;
}

export interface ErrorBody {
  readonly code: string;
  readonly message: string;
  readonly issues?: readonly ValidationIssue[];
  readonly details?: unknown;
}

export interface ErrorReply {
  readonly statusCode: number;
  readonly body: ErrorBody;
  readonly headers?: Readonly<Record<string, string>>;
  /** Level to log the error at; 5xx are `error` because they are our bugs or outages. */
  readonly logLevel: 'error' | 'debug';
}

interface FastifyValidationError {
  readonly validation: ReadonlyArray<{ readonly instancePath?: string; readonly message?: string }>;
  readonly validationContext?: string;
}

/** Fastify's own 4xx codes that mean something specific to a client; other FST_ 4xx become CE_HTTP_BAD_REQUEST. */
const FASTIFY_CODES: Readonly<Record<string, ErrorCode>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'CE_HTTP_BODY_TOO_LARGE',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'CE_HTTP_UNSUPPORTED_MEDIA_TYPE',
};

/**
 * Maps anything thrown while handling a request to the one error body shape `{code, message}`.
 * Only our own EngineErrors and Fastify's client-error messages reach the client; any other error
 * text may hold internals (SQL, hosts, stack details) and is replaced by 'Internal error'.
 */
export function toErrorReply(err: unknown): ErrorReply {
  if (isValidationError(err)) return validationReply(err);
  if (err instanceof EngineError) {
    const body: ErrorBody = err.statusCode < 500 && err.details !== undefined
      ? { code: err.code, message: err.message, details: err.details }
      : { code: err.code, message: err.message };
    const headers = err.code === 'CE_HTTP_UNAUTHORIZED' ? { 'www-authenticate': 'Bearer' } : undefined;
    return { statusCode: err.statusCode, body, ...(headers ? { headers } : {}), logLevel: err.statusCode >= 500 ? 'error' : 'debug' };
  }
  const fst = fastifyClientError(err);
  if (fst) return { statusCode: fst.statusCode, body: { code: FASTIFY_CODES[fst.code] ?? 'CE_HTTP_BAD_REQUEST', message: fst.message }, logLevel: 'debug' };
  return { statusCode: 500, body: { code: 'CE_ENGINE_INTERNAL', message: 'Internal error' }, logLevel: 'error' };
}

function isValidationError(err: unknown): err is FastifyValidationError {
  return typeof err === 'object' && err !== null && Array.isArray((err as { validation?: unknown }).validation);
}

function validationReply(err: FastifyValidationError): ErrorReply {
  const part = err.validationContext ?? 'request';
  const issues = err.validation.map((v) => ({ path: toDottedPath(part, v.instancePath), message: v.message ?? 'invalid' }));
  const message = `Invalid ${part}: ${issues.map((i) => `${i.path}: ${i.message}`).join('; ')}`;
  return { statusCode: 400, body: { code: 'CE_HTTP_VALIDATION', message, issues }, logLevel: 'debug' };
}

/** `body` + `/lead/phone` → `body.lead.phone`, so the client sees which field to fix. */
function toDottedPath(part: string, instancePath = ''): string {
  const segments = instancePath.split('/').filter((s) => s.length > 0);
  return [part, ...segments].join('.');
}

function fastifyClientError(err: unknown): { code: string; statusCode: number; message: string } | undefined {
  if (!(err instanceof Error)) return undefined;
  const { code, statusCode } = err as Error & { code?: unknown; statusCode?: unknown };
  if (typeof code !== 'string' || !code.startsWith('FST_')) return undefined;
  if (typeof statusCode !== 'number' || statusCode < 400 || statusCode >= 500) return undefined;
  return { code, statusCode, message: err.message };
}

/** Sends the mapped error; the body is pre-serialised so a route's response schema never applies to it. */
export function sendError(err: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const out = toErrorReply(err);
  if (out.logLevel === 'error') request.log.error({ err }, 'request failed');
  else request.log.debug({ err, code: out.body.code }, 'request rejected');
  return reply.headers(out.headers ?? {}).code(out.statusCode).type('application/json; charset=utf-8').send(JSON.stringify(out.body));
}

/**
 * The one error handler and the 404 handler, set on the root so every encapsulated plugin scope
 * inherits them. Unknown routes answer after the root `onRequest` hooks ran, so without a valid
 * token a probe gets 401 and cannot map which routes exist.
 */
export function installErrorHandlers(app: FastifyInstance): void {
  app.setErrorHandler((err, request, reply) => sendError(err, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]?.slice(0, 200) ?? '';
    return sendError(new EngineError('CE_HTTP_NOT_FOUND', `No route ${request.method} ${path}`), request, reply);
  });
}
