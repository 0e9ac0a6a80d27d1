/**
 * One ARI REST round trip with a hard timeout. ari-client cannot do this (no timeout option, and a
 * refused connection leaves its promise pending forever; see docs/adr/ari-client.md), so requests go
 * through Node's fetch with an AbortController. Transport failures become typed errors here; HTTP
 * statuses are returned as data and mapped per operation by `ari-error-map.ts`.
 */
import { EngineError } from '../../../errors';
import type { Clock } from '../../../ports/clock.port';
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
  const qs = Object.entries(query ?? {})
    .filter((entry): entry is [string, string | number | boolean] => entry[1] !== undefined)
    .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
    .join('&');
  return qs ? `${base}${path}?${qs}` : `${base}${path}`;
}

function errorText(body: unknown): string {
  const rec = asRecord(body);
  return rec ? str(rec.message) || str(rec.error) : '';
}

async function readBody(res: Response, binary: boolean): Promise<{ body: unknown; bytes?: Buffer }> {
  if (binary && res.ok) return { body: undefined, bytes: Buffer.from(await res.arrayBuffer()) };
  const text = await res.text();
  if (!text) return { body: undefined };
  try {
    return { body: JSON.parse(text) as unknown };
  } catch {
    return { body: text };
  }
}

export class AriHttp {
  private readonly authorization: string;

  constructor(
    private readonly settings: AriHttpSettings,
    private readonly metrics: AriMetrics,
    private readonly clock: Clock,
  ) {
    this.authorization = `Basic ${Buffer.from(`${settings.username}:${settings.password}`).toString('base64')}`;
  }

  /**
   * Sends the request. Resolves with any HTTP status; rejects only with `CE_TELEPHONY_TIMEOUT`
   * (no complete answer in time: the request is aborted) or `CE_TELEPHONY_NOT_CONNECTED` (no connection).
   */
  async send(req: AriRequest): Promise<AriResponse> {
    const started = this.clock.now();
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), this.settings.timeoutMs);
    let outcome = 'network';
    try {
      const res = await fetch(buildUrl(this.settings.baseUrl, req.path, req.query), this.init(req, controller.signal));
      const { body, bytes } = await readBody(res, req.binary === true);
      outcome = String(res.status);
      const contentType = res.headers.get('content-type') ?? '';
      return { status: res.status, body, ...(bytes ? { bytes } : {}), contentType, message: errorText(body) };
    } catch (err) {
      if (controller.signal.aborted) outcome = 'timeout';
      throw this.transportError(req, err, controller.signal.aborted);
    } finally {
      clearTimeout(timer);
      this.metrics.requestSeconds.observe({ operation: req.operation, outcome }, (this.clock.now() - started) / 1000);
    }
  }

  private init(req: AriRequest, signal: AbortSignal): RequestInit {
    const headers: Record<string, string> = { authorization: this.authorization };
    if (req.body === undefined) return { method: req.method, headers, signal };
    headers['content-type'] = 'application/json';
    return { method: req.method, headers, body: JSON.stringify(req.body), signal };
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
