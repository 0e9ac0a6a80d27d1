import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocketServer } from 'ws';
import { authenticate, type AriUser } from './ari-auth';
import type { AriEventHub } from './ari-event-hub';
import { boolParam, listParam, queryParams } from './ari-request';
import { REALM, type AriPhase } from './ari-rest-api';
import { SERVER_HEADER, htmlPage } from './ari-response';
import { httpDate } from './ari-timestamp';

function writeRaw(socket: Duplex, head: string, body: Buffer = Buffer.alloc(0)): void {
  socket.write(Buffer.concat([Buffer.from(head, 'latin1'), body]));
}

/** Status line and Asterisk's usual headers (Server, Date, Cache-Control), then `extra` lines. */
function head(statusLine: string, now: number, extra: string): string {
  return `HTTP/1.1 ${statusLine}\r\nServer: ${SERVER_HEADER}\r\nDate: ${httpDate(now)}\r\nCache-Control: no-cache, no-store\r\n${extra}\r\n`;
}

/** The HTTP server's own page (boot window: 404 Not Found). */
function serverPage(socket: Duplex, now: number): void {
  const body = htmlPage(404, 'Not Found', 'The requested URL was not found on this server.');
  writeRaw(socket, head('404 Not Found', now, `Content-type: text/html\r\nContent-Length: ${body.length}\r\n`), body);
  socket.end();
}

function jsonAnswer(socket: Duplex, statusLine: string, now: number, extra: string, text: string): void {
  const body = Buffer.from(JSON.stringify({ message: text }), 'utf8');
  writeRaw(socket, head(statusLine, now, `${extra}Content-type: application/json\r\nContent-Length: ${body.length}\r\n`), body);
  socket.end();
}

/** `app` missing: an HTML 400, then a second empty 400 naming the WebSocket versions (captures/ari-10). */
function missingApp(socket: Duplex, now: number): void {
  const body = htmlPage(400, 'Bad Request', 'HTTP request is missing param: [app]');
  writeRaw(socket, head('400 Bad Request', now, `Content-type: text/html\r\nContent-Length: ${body.length}\r\n`), body);
  writeRaw(socket, head('400 Bad Request', now, 'Sec-WebSocket-Version: 7, 8, 13\r\nContent-Length: 0\r\n'));
  socket.end();
}

export interface UpgradeDeps {
  readonly users: readonly AriUser[];
  readonly wss: WebSocketServer;
  readonly hub: AriEventHub;
  readonly now: () => number;
}

/**
 * `GET /ari/events?app=...` upgrades (`res/ari/ari_websockets.c`). Error answers are written raw
 * because one is unusual (two 400s for a missing app, the first an HTML page); the 101 itself
 * comes from `ws` and has exactly Asterisk's headers (no Server/Date).
 */
export function handleUpgrade(deps: UpgradeDeps, phase: AriPhase, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  socket.on('error', () => socket.destroy());
  const url = new URL(req.url ?? '/', 'http://localhost');
  if (phase === 'stopped') {
    socket.destroy();
    return;
  }
  if (phase === 'html404' || url.pathname !== '/ari/events') {
    serverPage(socket, deps.now());
    return;
  }
  if (phase === 'not-booted') {
    jsonAnswer(socket, '503 Service Unavailable', deps.now(), '', 'Asterisk not booted');
    return;
  }
  if (!authenticate(req, url.searchParams, deps.users)) {
    jsonAnswer(socket, '401 Unauthorized', deps.now(), `WWW-Authenticate: Basic realm="${REALM}"\r\n`, 'Authentication required');
    return;
  }
  const params = queryParams(url.search);
  const apps = listParam(params, 'app');
  if (apps.length === 0) {
    missingApp(socket, deps.now());
    return;
  }
  deps.wss.handleUpgrade(req, socket, head, (ws) => deps.hub.attach(ws, apps, boolParam(params, 'subscribeAll')));
}
