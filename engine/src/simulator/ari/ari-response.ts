import type { IncomingMessage, ServerResponse } from 'node:http';
import { STATUS_CODES } from 'node:http';
import { httpDate } from './ari-timestamp';

/** What a handler answers; the writer adds Asterisk's headers. */
export interface AriResponse {
  readonly status: number;
  /** A non-standard reason phrase (`Variable Not Found`, `Not found`, `Invalid Reason`). */
  readonly reason?: string;
  /** JSON body; absent for 204. */
  readonly body?: unknown;
  /** A non-JSON body (recording file, HTML page). */
  readonly raw?: { readonly data: Buffer; readonly contentType: string; readonly headerName?: string };
  /** Extra headers in order, placed after Cache-Control (Location, Allow, WWW-Authenticate). */
  readonly headers?: ReadonlyArray<readonly [string, string]>;
}

export const SERVER_HEADER = 'Asterisk/20.20.1';

export function message(status: number, text: string, reason?: string): AriResponse {
  return { status, body: { message: text }, ...(reason ? { reason } : {}) };
}

export const NO_CONTENT: AriResponse = { status: 204 };

/** The Asterisk HTTP server's own error page (404 during boot, 400 for a WebSocket without app). */
export function htmlPage(status: number, title: string, text: string): Buffer {
  const body =
    '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\r\n' +
    `<html><head>\r\n<title>${status} ${title}</title>\r\n</head><body>\r\n<h1>${title}</h1>\r\n` +
    `<p>${text}</p>\r\n<hr />\r\n<address>${SERVER_HEADER}</address>\r\n</body></html>\r\n`;
  return Buffer.from(body, 'utf8');
}

export const NOT_FOUND_HTML: AriResponse = {
  status: 404,
  raw: { data: htmlPage(404, 'Not Found', 'The requested URL was not found on this server.'), contentType: 'text/html' },
};

/**
 * Writes a response with Asterisk's header order and spelling: Server, Date, [Connection: close],
 * Cache-Control, extras, `Content-type` (lower-case t) and Content-Length; compact JSON without a
 * trailing newline (captures/ari-07-api-docs.http.txt). Node's own Connection/Keep-Alive headers
 * are suppressed; keep-alive still works.
 */
export function writeResponse(req: IncomingMessage, res: ServerResponse, response: AriResponse, now: number): void {
  const data = response.raw?.data ?? (response.body === undefined ? Buffer.alloc(0) : Buffer.from(JSON.stringify(response.body), 'utf8'));
  res.sendDate = false;
  res.removeHeader('Connection');
  const headers: Array<[string, string]> = [
    ['Server', SERVER_HEADER],
    ['Date', httpDate(now)],
  ];
  if (/\bclose\b/i.test(req.headers.connection ?? '')) headers.push(['Connection', 'close']);
  headers.push(['Cache-Control', 'no-cache, no-store']);
  for (const [name, value] of response.headers ?? []) headers.push([name, value]);
  if (response.raw) headers.push([response.raw.headerName ?? 'Content-type', response.raw.contentType]);
  else if (response.body !== undefined) headers.push(['Content-type', 'application/json']);
  headers.push(['Content-Length', String(data.length)]);
  for (const [name, value] of headers) res.setHeader(name, value);
  res.writeHead(response.status, response.reason ?? STATUS_CODES[response.status] ?? '');
  res.end(data);
}
