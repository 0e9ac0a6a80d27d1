/**
 * Kept-alive HTTP/1.1 connections to one Asterisk, one request at a time per connection, at most
 * MAX_SOCKETS connections (further requests wait in order), and a hard deadline per request: at the
 * deadline the request fails with `ExchangeTimeout` and its connection is destroyed.
 *
 * Why not node:http: on this path node:http's ClientRequest/IncomingMessage/Agent cost about 85 µs
 * CPU per request, this about 25 µs, and a call makes seven ARI requests (BENCHMARKS.md, "Call
 * flow"). The protocol needed is small: we write fixed, validated requests and read replies with
 * `HttpReplyReader`.
 */
import net, { type Socket } from 'node:net';
import tls from 'node:tls';
import { ExchangeTimeout, type AriEndpoint, type ExchangeReply, type ExchangeRequest } from './ari-http-exchange';
import { HttpReplyReader } from './ari-http-reply';

// Asterisk's own limit is http.conf `sessionlimit` (100 by default), shared with the event WebSocket.
const MAX_SOCKETS = 64;
// An idle connection is closed by us before Asterisk closes it (http.conf `session_keep_alive`,
// 15 s), so a request is never written onto a socket the server is just closing.
const IDLE_MS = 4000;
const SWEEP_MS = 1000;
// Request line and header values must not be able to smuggle a second request.
const UNSAFE = /[^\x21-\x7e]/;
const UNSAFE_VALUE = /[\r\n\0]/;

interface Pending {
  readonly req: ExchangeRequest;
  /** Request line, headers and body, ready to write. */
  readonly head: string;
  readonly settle: (err: Error | undefined, reply?: ExchangeReply) => void;
  conn?: Connection;
  done: boolean;
}

/** One socket and the request it carries now (permanent listeners: none are added per request). */
class Connection {
  current?: Pending;
  reader?: HttpReplyReader;
  idleSince = 0;
  private error?: Error;

  constructor(
    readonly socket: Socket,
    private readonly onIdleClose: (conn: Connection) => void,
    private readonly onDone: (conn: Connection, reusable: boolean) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', (err) => void (this.error = err));
    socket.on('close', () => this.onClose());
  }

  /** False once the peer has closed or is closing its side: no new request may go on it. */
  usable(): boolean {
    return !this.socket.destroyed && this.socket.writable && !this.socket.readableEnded;
  }

  start(p: Pending): void {
    this.current = p;
    this.reader = new HttpReplyReader();
    this.error = undefined;
    this.socket.ref();
    this.socket.write(p.head);
  }

  private onData(chunk: Buffer): void {
    const p = this.current;
    // Bytes on an idle connection are not an answer to anything: the connection is unusable.
    if (!p || !this.reader) return void this.socket.destroy();
    let reply: ExchangeReply | undefined;
    try {
      reply = this.reader.push(chunk);
    } catch (err) {
      this.finish(false);
      p.settle(err as Error);
      return;
    }
    if (!reply) return;
    this.finish(this.reader.reusable && !p.done);
    p.settle(undefined, reply);
  }

  private onClose(): void {
    const p = this.current;
    if (!p) return this.onIdleClose(this);
    const reply = this.reader?.end();
    this.finish(false);
    if (reply) p.settle(undefined, reply);
    else p.settle(this.error ?? Object.assign(new Error('connection closed before the answer was complete'), { code: 'ECONNRESET' }));
  }

  private finish(reusable: boolean): void {
    this.current = undefined;
    this.reader = undefined;
    if (!reusable) this.socket.destroy();
    this.onDone(this, reusable);
  }
}

export class AriHttpPool {
  private readonly idle: Connection[] = [];
  private readonly waiting: Pending[] = [];
  private busy = 0;
  private sweeper?: NodeJS.Timeout;
  private readonly hostHeader: string;

  constructor(private readonly endpoint: AriEndpoint) {
    const host = endpoint.hostname.includes(':') ? `[${endpoint.hostname}]` : endpoint.hostname;
    this.hostHeader = endpoint.port === (endpoint.secure ? 443 : 80) ? host : `${host}:${endpoint.port}`;
  }

  /** Sends the request and reads the whole answer; rejects with `ExchangeTimeout` or the socket error. */
  exchange(req: ExchangeRequest): Promise<ExchangeReply> {
    const head = this.head(req);
    return new Promise((resolve, reject) => {
      const p: Pending = {
        req,
        head,
        done: false,
        settle: (err, reply) => {
          if (p.done) return;
          p.done = true;
          clearTimeout(timer);
          if (err) reject(err);
          else resolve(reply as ExchangeReply);
        },
      };
      const timer = setTimeout(() => this.expire(p), req.timeoutMs);
      if (this.busy < MAX_SOCKETS) this.run(p);
      else this.waiting.push(p);
    });
  }

  /** Closes the idle connections (adapter stop); requests in flight keep theirs until they finish. */
  close(): void {
    for (const conn of this.idle.splice(0)) conn.socket.destroy();
    clearInterval(this.sweeper);
    this.sweeper = undefined;
  }

  private run(p: Pending): void {
    this.busy++;
    let conn = this.idle.pop();
    while (conn && !conn.usable()) {
      conn.socket.destroy();
      conn = this.idle.pop();
    }
    p.conn = conn ?? this.connect();
    p.conn.start(p);
  }

  private expire(p: Pending): void {
    const queued = this.waiting.indexOf(p);
    if (queued >= 0) this.waiting.splice(queued, 1);
    p.settle(new ExchangeTimeout(p.req.timeoutMs));
    // Destroying the socket ends the request: its 'close' finds it settled and frees the slot.
    p.conn?.socket.destroy();
  }

  private connect(): Connection {
    const { secure, hostname, port } = this.endpoint;
    const socket = secure
      ? tls.connect({ host: hostname, port, ALPNProtocols: ['http/1.1'], ...(net.isIP(hostname) ? {} : { servername: hostname }) })
      : net.connect({ host: hostname, port });
    return new Connection(
      socket,
      (conn) => this.dropIdle(conn),
      (conn, reusable) => this.done(conn, reusable),
    );
  }

  private done(conn: Connection, reusable: boolean): void {
    this.busy--;
    if (reusable) {
      conn.idleSince = Date.now();
      conn.socket.unref();
      this.idle.push(conn);
      this.sweeper ??= setInterval(() => this.sweep(), SWEEP_MS).unref();
    }
    const next = this.waiting.shift();
    if (next) this.run(next);
  }

  private dropIdle(conn: Connection): void {
    const i = this.idle.indexOf(conn);
    if (i >= 0) this.idle.splice(i, 1);
  }

  private sweep(): void {
    const cutoff = Date.now() - IDLE_MS;
    // The oldest idle connections are at the front (idle is used last in, first out).
    while (this.idle.length > 0 && this.idle[0].idleSince <= cutoff) this.idle.shift()?.socket.destroy();
    if (this.idle.length === 0) {
      clearInterval(this.sweeper);
      this.sweeper = undefined;
    }
  }

  private head(req: ExchangeRequest): string {
    if (UNSAFE.test(req.method) || UNSAFE.test(req.path)) throw new TypeError('request method or path with characters HTTP does not allow');
    let head = `${req.method} ${req.path} HTTP/1.1\r\nhost: ${this.hostHeader}\r\n`;
    for (const name in req.headers) {
      const value = req.headers[name];
      if (UNSAFE.test(name) || UNSAFE_VALUE.test(value)) throw new TypeError(`request header ${name} with characters HTTP does not allow`);
      head += `${name}: ${value}\r\n`;
    }
    if (req.body !== undefined) return `${head}content-length: ${Buffer.byteLength(req.body)}\r\n\r\n${req.body}`;
    return req.method === 'GET' ? `${head}\r\n` : `${head}content-length: 0\r\n\r\n`;
  }
}
