/**
 * One ARI REST round trip with a hard timeout. ari-client cannot do this (no timeout option, and a
 * refused connection leaves its promise pending forever; see docs/adr/ari-client.md), so requests go
 * over kept-alive connections (`ari-http-pool.ts`). Transport failures become typed errors here;
 * HTTP statuses are returned as data and mapped per operation by `ari-error-map.ts`.
 */
import { EngineError } from '../../../errors';
import type { Clock } from '../../../ports/clock.port';
import { ExchangeTimeout, parseEndpoint, type ExchangeReply } from './ari-http-exchange';
import { AriHttpPool } from './ari-http-pool';
import type { AriMetrics } from './ari-metrics';
import { asRecord, str } from './ari-models';

export interface AriHttpSettings {
  /** REST base, e.g. `http://127.0.0.1:8088/ari`. */
  readonly baseUrl: string;
  readonly username: string;
  readonly password: string;
  readonly timeoutMs: number;
}

export type QueryValue = string | number | boolean | undefined;

export interface AriRequest {
  /** Metrics/log label, e.g. `channels.play`. */
  readonly operation: string;
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** Path below the base, segments already encoded, e.g. `/channels/abc/play`. */
  readonly path: string;
  readonly query?: Readonly<Record<string, QueryValue>>;
  /** JSON body (ARI takes `variables` only in the body). */
  readonly body?: unknown;
  /** Read the body as bytes (stored recording files). */
  readonly binary?: boolean;
}

export interface AriResponse {
  readonly status: number;
  /** Parsed JSON body; the raw text when it is not JSON (Asterisk's HTML pages); undefined when empty. */
  readonly body: unknown;
  readonly bytes?: Buffer;
  readonly contentType: string;
  /** Asterisk's error text: `message`, or `error` for 500 Allocation failed. */
  readonly message: string;
}

/** Query values are percent-encoded (a space is `%20`, never `+`, as in the captured requests). */
export function buildUrl(baseUrl: string, path: string, query?: Readonly<Record<string, QueryValue>>): string {
  const base = baseUrl.endsWith('/') ? baseUrl.slice(0, -1) : baseUrl;
  return withQuery(`${base}${path}`, query);
}

function withQuery(path: string, query: Readonly<Record<string, QueryValue>> | undefined): string {
  let qs = '';
  for (const key in query) {
    const value = query[key];
    if (value === undefined) continue;
    qs += `${qs ? '&' : '?'}${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`;
  }
  return path + qs;
}

function errorText(body: unknown): string {
  const rec = asRecord(body);
  return rec ? str(rec.message) || str(rec.error) : '';
}

function readBody(reply: ExchangeReply, binary: boolean): { body: unknown; bytes?: Buffer } {
  if (binary && reply.status >= 200 && reply.status < 300) return { body: undefined, bytes: reply.body };
  if (reply.body.length === 0) return { body: undefined };
  const text = reply.body.toString('utf8');
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { body: text };
  }
}

export class AriHttp {
  private readonly basePath: string;
  private readonly plainHeaders: Readonly<Record<string, string>>;
  private readonly jsonHeaders: Readonly<Record<string, string>>;
  private readonly pool: AriHttpPool;

  constructor(
    private readonly settings: AriHttpSettings,
    private readonly metrics: AriMetrics,
    private readonly clock: Clock,
  ) {
    const authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
    this.plainHeaders = { authorization };
    this.jsonHeaders = { authorization, 'content-type': 'application/json' };
    const endpoint = parseEndpoint(settings.baseUrl);
    this.basePath = endpoint.basePath;
    this.pool = new AriHttpPool(endpoint);
  }

  /**
   * Sends the request. Resolves with any HTTP status; rejects only with `CE_TELEPHONY_TIMEOUT`
   * (no complete answer in time: the request and its socket are destroyed) or
   * `CE_TELEPHONY_NOT_CONNECTED` (no connection, or it broke).
   */
  async send(req: AriRequest): Promise<AriResponse> {
    const started = this.clock.now();
    let outcome = 'network';
    try {
      const path = withQuery(this.basePath + req.path, req.query);
      const { timeoutMs } = this.settings;
      const reply = await this.pool.exchange(
        req.body === undefined
          ? { method: req.method, path, headers: this.plainHeaders, timeoutMs }
          : { method: req.method, path, headers: this.jsonHeaders, body: JSON.stringify(req.body), timeoutMs },
      );
      const { body, bytes } = readBody(reply, req.binary === true);
      outcome = String(reply.status);
      return { status: reply.status, body, ...(bytes ? { bytes } : {}), contentType: reply.contentType, message: errorText(body) };
    } catch (err) {
      if (err instanceof ExchangeTimeout) outcome = 'timeout';
      throw this.transportError(req, err, err instanceof ExchangeTimeout);
    } finally {
      this.metrics.requestSeconds.observe({ operation: req.operation, outcome }, (this.clock.now() - started) / 1000);
    }
  }

  /** Closes the idle keep-alive connections (adapter stop); requests in flight finish on their own. */
  close(): void {
    this.pool.close();
  }

  private transportError(req: AriRequest, err: unknown, timedOut: boolean): EngineError {
    const details = { operation: req.operation, method: req.method, path: req.path };
    if (timedOut) {
      return new EngineError('CE_TELEPHONY_TIMEOUT', `ARI ${req.operation} got no answer within ${this.settings.timeoutMs} ms`, {
        cause: err,
        details,
      });
    }
    return new EngineError('CE_TELEPHONY_NOT_CONNECTED', `ARI ${req.operation} could not reach Asterisk`, { cause: err, details });
  }
}
