/**
 * A minimal ARI server for the adapter's tests, on real sockets: it serves the REAL Swagger docs of
 * Asterisk 20.20.1 (basePath rewritten from the Host header, as Asterisk does) so ari-client loads,
 * answers REST calls from scripted routes, and plays events over `/ari/events` (replayed from the
 * captures, or hand-made). It can drop sockets without a close frame (1006), refuse upgrades like a
 * booting Asterisk (503 / HTML 404), and leave a request unanswered (timeouts).
 *
 * Not the product's simulator (engine/src/simulator/ari); just enough ARI for these tests.
 */
import { readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { join } from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import { repoRoot } from '../../../helpers/repo-root';

export interface RecordedRequest {
  readonly method: string;
  /** Path below `/ari`, e.g. `/channels/abc/play`. */
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly body: unknown;
  readonly headers: IncomingMessage['headers'];
}

export interface RestReply {
  readonly status: number;
  /** An object is sent as compact JSON (`Content-type: application/json`, as Asterisk spells it). */
  readonly body?: unknown;
  readonly contentType?: string;
  readonly statusText?: string;
  readonly headers?: Readonly<Record<string, string>>;
}

/** `'hang'` never answers (the client must time out). */
export type RestHandler = (req: RecordedRequest) => RestReply | 'hang' | Promise<RestReply | 'hang'>;

interface Route {
  readonly method: string;
  readonly path: string | RegExp;
  readonly handler: RestHandler;
}

const HTML_404 =
  '<!DOCTYPE HTML PUBLIC "-//IETF//DTD HTML 2.0//EN">\n<html><head>\n<title>404 Not Found</title>\n</head><body>\n<h1>Not Found</h1>\n<p>The requested URL was not found on this server.</p>\n<hr />\n<address>Asterisk/20.20.1</address>\n</body></html>\n';

export class AriTestServer {
  readonly requests: RecordedRequest[] = [];
  /** Errors thrown by route handlers (the client got a 500). */
  readonly handlerErrors: unknown[] = [];
  /** Total upgrades accepted so far. */
  upgrades = 0;
  /** Upgrades refused because of `refuseUpgradesWith`. */
  refusedUpgrades = 0;
  /** When set, upgrades are refused with this status (503 JSON, or 404 as Asterisk's HTML page). */
  refuseUpgradesWith?: 503 | 404;
  private readonly routes: Route[] = [];
  private readonly sockets: WebSocket[] = [];
  private readonly tcp = new Set<Socket>();
  private readonly wss = new WebSocketServer({ noServer: true });
  private readonly waiters: Array<() => void> = [];

  private constructor(
    private readonly server: Server,
    readonly username: string,
    readonly password: string,
  ) {}

  static async start(opts: { username?: string; password?: string } = {}): Promise<AriTestServer> {
    const server = createServer();
    const ari = new AriTestServer(server, opts.username ?? 'engine', opts.password ?? 'engine-secret');
    server.on('request', (req, res) => {
      ari.onRequest(req, res).catch((err: unknown) => {
        ari.handlerErrors.push(err);
        if (!res.headersSent) send(res, { status: 500, body: { message: 'test route handler failed' } });
      });
    });
    server.on('upgrade', (req, socket, head) => ari.onUpgrade(req, socket as Socket, head));
    server.on('connection', (socket: Socket) => {
      ari.tcp.add(socket);
      socket.on('close', () => ari.tcp.delete(socket));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return ari;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${this.port}/ari`;
  }

  get wsUrl(): string {
    return `ws://127.0.0.1:${this.port}/ari/events`;
  }

  /** Adds a REST route; later routes win over earlier ones. */
  route(method: string, path: string | RegExp, reply: RestHandler | RestReply): void {
    const handler = typeof reply === 'function' ? reply : () => reply;
    this.routes.unshift({ method, path, handler });
  }

  openSockets(): number {
    return this.sockets.length;
  }

  /** Sends one event (object → JSON) or raw text to the newest socket. */
  send(event: unknown): void {
    const ws = this.sockets[this.sockets.length - 1];
    if (!ws) throw new Error('no event socket connected');
    ws.send(typeof event === 'string' ? event : JSON.stringify(event));
  }

  /** Ends every event socket at TCP level: the client sees 1006, as after `core restart now`. */
  dropSockets(): void {
    for (const ws of this.sockets.splice(0)) ws.terminate();
  }

  /** Resolves once `count` upgrades in total have been accepted. */
  async waitForUpgrades(count: number): Promise<void> {
    while (this.upgrades < count) await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    for (const ws of this.sockets.splice(0)) ws.terminate();
    for (const socket of this.tcp) socket.destroy();
    this.wss.close();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private authorized(req: IncomingMessage, query: URLSearchParams): boolean {
    const expected = `${this.username}:${this.password}`;
    const auth = req.headers.authorization ?? '';
    if (auth.startsWith('Basic ') && Buffer.from(auth.slice(6), 'base64').toString() === expected) return true;
    return query.get('api_key') === expected;
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const body = await readBody(req);
    if (!this.authorized(req, url.searchParams)) {
      send(res, { status: 401, body: { message: 'Authentication required' }, headers: { 'WWW-Authenticate': 'Basic realm="Asterisk REST Interface"' } });
      return;
    }
    if (url.pathname.startsWith('/ari/api-docs/')) {
      send(res, apiDoc(url.pathname.slice('/ari/api-docs/'.length), req.headers.host));
      return;
    }
    const recorded: RecordedRequest = {
      method: req.method ?? 'GET',
      path: url.pathname.replace(/^\/ari/, ''),
      query: Object.fromEntries(url.searchParams),
      body,
      headers: req.headers,
    };
    this.requests.push(recorded);
    const route = this.routes.find((r) => r.method === recorded.method && (typeof r.path === 'string' ? r.path === recorded.path : r.path.test(recorded.path)));
    const reply = route ? await route.handler(recorded) : { status: 404, body: { message: 'Resource not found' } };
    if (reply !== 'hang') send(res, reply);
  }

  private onUpgrade(req: IncomingMessage, socket: Socket, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://x');
    const refuse = (status: number, text: string, contentType: string, body: string): void => {
      socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-type: ${contentType}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
    };
    if (url.pathname !== '/ari/events') return refuse(404, 'Not Found', 'text/html', HTML_404);
    if (this.refuseUpgradesWith !== undefined) {
      this.refusedUpgrades += 1;
      if (this.refuseUpgradesWith === 404) return refuse(404, 'Not Found', 'text/html', HTML_404);
      return refuse(503, 'Service Unavailable', 'application/json', '{"message":"Asterisk not booted"}');
    }
    if (!this.authorized(req, url.searchParams)) return refuse(401, 'Unauthorized', 'application/json', '{"message":"Authentication required"}');
    if (!url.searchParams.get('app')) return refuse(400, 'Bad Request', 'text/html', '<p>HTTP request is missing param: [app]</p>');
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      this.sockets.push(ws);
      ws.on('close', () => {
        const i = this.sockets.indexOf(ws);
        if (i >= 0) this.sockets.splice(i, 1);
      });
      this.upgrades += 1;
      for (const wake of this.waiters.splice(0)) wake();
    });
  }
}

function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve(undefined);
      try {
        resolve(JSON.parse(text));
      } catch {
        resolve(text);
      }
    });
  });
}

function send(res: ServerResponse, reply: RestReply): void {
  const headers: Record<string, string> = { 'Cache-Control': 'no-cache, no-store', ...(reply.headers ?? {}) };
  let payload: string | Buffer = '';
  if (Buffer.isBuffer(reply.body)) payload = reply.body;
  else if (typeof reply.body === 'string') payload = reply.body;
  else if (reply.body !== undefined) payload = JSON.stringify(reply.body);
  if (reply.body !== undefined) headers['Content-type'] = reply.contentType ?? 'application/json';
  headers['Content-Length'] = String(Buffer.byteLength(payload));
  res.writeHead(reply.status, reply.statusText, headers);
  res.end(payload);
}

/** The real Swagger file, with `basePath` rewritten from the Host header like `ast_ari_get_docs`. */
function apiDoc(file: string, host: string | undefined): RestReply {
  if (!/^[A-Za-z]+\.json$/.test(file)) return { status: 404, body: { message: 'Resource not found' } };
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(readFileSync(join(repoRoot(), 'test', 'fixtures', 'ari-api-docs', file), 'utf8')) as Record<string, unknown>;
  } catch {
    return { status: 404, body: { message: 'Resource not found' } };
  }
  if ('basePath' in doc) {
    if (host) doc.basePath = `http://${host}/ari`;
    else delete doc.basePath;
  }
  return { status: 200, body: doc };
}
