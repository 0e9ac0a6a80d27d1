import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';

/**
 * One HTTP exchange with a byte body, for the offline TTS client. `node:http(s)` rather than
 * `fetch` because the gateway may need `verifySsl: false` (legacy VIRA_VERIFY_SSL), which fetch
 * cannot do without undici's Agent, and because downloads are binary and size-capped.
 */
export interface HttpExchange {
  readonly method: 'GET' | 'POST';
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: Buffer;
  /** For the whole exchange: connect, headers and body. */
  readonly timeoutMs: number;
  readonly verifyTls: boolean;
  /** Bodies longer than this are cut off and the exchange fails. */
  readonly maxBytes: number;
}

export interface HttpResult {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

/** The exchange took longer than `timeoutMs` (the server hung or trickled). */
export class HttpTimeoutError extends Error {
  constructor(url: string, ms: number) {
    super(`no complete answer from ${url} within ${ms} ms`);
    this.name = 'HttpTimeoutError';
  }
}

export type HttpSender = (x: HttpExchange) => Promise<HttpResult>;

export const sendHttp: HttpSender = (x) =>
  new Promise<HttpResult>((resolve, reject) => {
    const isHttps = x.url.startsWith('https:');
    const headers: Record<string, string> = { ...x.headers };
    if (x.body) headers['content-length'] = String(x.body.length);
    const options = { method: x.method, headers, ...(isHttps ? { rejectUnauthorized: x.verifyTls } : {}) };
    let settled = false;
    const settle = (err: Error | undefined, result?: HttpResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (err) {
        req.destroy();
        reject(err);
      } else resolve(result as HttpResult);
    };
    const req = (isHttps ? httpsRequest : httpRequest)(x.url, options, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > x.maxBytes) settle(new Error(`answer from ${x.url} is larger than ${x.maxBytes} bytes`));
        else chunks.push(c);
      });
      res.on('end', () => settle(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', (err) => settle(err));
    });
    const timer = setTimeout(() => settle(new HttpTimeoutError(x.url, x.timeoutMs)), x.timeoutMs);
    req.on('error', (err) => settle(err));
    req.end(x.body);
  });
