/**
 * AriHttp against a local node:http server: connections are kept alive and reused (at most 64 at
 * once), the deadline destroys the socket, transport failures keep their typed codes, and answers
 * (JSON, text, bytes, any status, any body framing) come back as data.
 */
import assert from 'node:assert/strict';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { AriMetrics } from '../../../../../../engine/src/adapters/asterisk/ari/ari-metrics';
import { AriHttp } from '../../../../../../engine/src/adapters/asterisk/ari/ari-request';
import { EngineError } from '../../../../../../engine/src/errors';
import { systemClock } from '../../../../../../engine/src/ports/clock.port';
import type { MetricLabels } from '../../../../../../engine/src/ports/metrics.port';

type Handler = (req: IncomingMessage, body: string, res: ServerResponse) => void;

/** A loopback HTTP server that records its TCP connections and the requests it got. */
class LocalServer {
  readonly connections: Socket[] = [];
  readonly closed: Socket[] = [];
  /** Most connections open at the same time. */
  maxOpen = 0;
  readonly requests: Array<{ method: string; url: string; headers: IncomingMessage['headers']; body: string; socket: Socket }> = [];
  handler: Handler = (_req, _body, res) => res.end();

  private constructor(private readonly server: Server) {}

  static async start(): Promise<LocalServer> {
    const server = createServer();
    const local = new LocalServer(server);
    server.on('connection', (socket: Socket) => {
      local.connections.push(socket);
      local.maxOpen = Math.max(local.maxOpen, local.connections.length - local.closed.length);
      socket.on('close', () => local.closed.push(socket));
    });
    server.on('request', (req: IncomingMessage, res: ServerResponse) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        const body = Buffer.concat(chunks).toString();
        local.requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body, socket: req.socket });
        local.handler(req, body, res);
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return local;
  }

  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/ari`;
  }

  async waitClosed(socket: Socket): Promise<void> {
    while (!this.closed.includes(socket)) await new Promise((resolve) => setImmediate(resolve));
  }

  async close(): Promise<void> {
    for (const socket of this.connections) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }
}

function recordingMetrics(): { metrics: AriMetrics; outcomes: string[] } {
  const outcomes: string[] = [];
  const noop = { inc: () => undefined, set: () => undefined, dec: () => undefined, observe: () => undefined };
  const requestSeconds = { ...noop, observe: (labels: MetricLabels) => void outcomes.push(`${labels.operation} ${labels.outcome}`) };
  return { metrics: { reconnects: noop, connected: noop, requestSeconds, events: noop, reconcile: noop, appReplaced: noop }, outcomes };
}

const hasCode = (code: string) => (err: unknown) => err instanceof EngineError && err.code === code;

describe('AriHttp (kept-alive HTTP/1.1 transport)', () => {
  let server: LocalServer;
  let http: AriHttp;
  let outcomes: string[];

  const client = (baseUrl: string, timeoutMs = 2000): AriHttp => {
    const rec = recordingMetrics();
    outcomes = rec.outcomes;
    return new AriHttp({ baseUrl, username: 'engine', password: 'secret', timeoutMs }, rec.metrics, systemClock);
  };

  beforeEach(async () => {
    server = await LocalServer.start();
    http = client(server.baseUrl);
  });

  afterEach(async () => {
    http.close();
    await server.close();
  });

  it('reuses one kept-alive connection for requests in sequence', async () => {
    server.handler = (_req, _body, res) => res.writeHead(204).end();
    for (let i = 0; i < 5; i++) assert.equal((await http.send({ operation: 'asterisk.ping', method: 'GET', path: '/asterisk/ping' })).status, 204);
    assert.equal(server.requests.length, 5);
    assert.equal(server.connections.length, 1);
    assert.ok(server.requests.every((r) => r.socket === server.connections[0]));
    assert.equal(server.requests[0].headers.host, new URL(server.baseUrl).host);
  });

  it('opens at most 64 connections; further requests wait for a free one', async () => {
    const held: ServerResponse[] = [];
    server.handler = (_req, _body, res) => {
      if (server.requests.length > 64) return void res.writeHead(204).end();
      // Answer the first 64 only once all of them are held at the same time.
      held.push(res);
      if (held.length === 64) for (const r of held.splice(0)) r.writeHead(204).end();
    };
    const replies = await Promise.all(Array.from({ length: 70 }, () => http.send({ operation: 'asterisk.ping', method: 'GET', path: '/asterisk/ping' })));
    assert.deepEqual(new Set(replies.map((r) => r.status)), new Set([204]));
    assert.equal(server.requests.length, 70);
    assert.equal(server.connections.length, 64);
    assert.equal(server.maxOpen, 64);
  });

  it('does not reuse a connection the server closes (Connection: close)', async () => {
    server.handler = (_req, _body, res) => res.writeHead(200, { connection: 'close', 'content-type': 'application/json' }).end('{"a":1}');
    const first = await http.send({ operation: 'channels.get', method: 'GET', path: '/channels/a' });
    const second = await http.send({ operation: 'channels.get', method: 'GET', path: '/channels/b' });
    assert.deepEqual([first.body, second.body], [{ a: 1 }, { a: 1 }]);
    assert.equal(server.connections.length, 2);
  });

  it('refuses a path HTTP cannot carry before sending anything', async () => {
    await assert.rejects(http.send({ operation: 'channels.get', method: 'GET', path: '/channels/a b\r\nx: y' }), hasCode('CE_TELEPHONY_NOT_CONNECTED'));
    assert.equal(server.connections.length, 0);
  });

  it('close() ends the idle kept-alive connections', async () => {
    await http.send({ operation: 'asterisk.ping', method: 'GET', path: '/asterisk/ping' });
    const [socket] = server.connections;
    http.close();
    await server.waitClosed(socket);
    assert.equal(server.closed.length, 1);
  });

  it('sends the percent-encoded query, basic auth and a JSON body', async () => {
    server.handler = (_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"c-1"}');
    const res = await http.send({
      operation: 'channels.originate',
      method: 'POST',
      path: '/channels',
      query: { endpoint: 'Local/100@customer-sim', callerId: '"Acme" <4055550100>', timeout: 30, skip: undefined },
      body: { variables: { LEAD: 'ŝ 7' } },
    });
    assert.deepEqual(res, { status: 200, body: { id: 'c-1' }, contentType: 'application/json', message: '' });
    const [req] = server.requests;
    assert.equal(req.url, '/ari/channels?endpoint=Local%2F100%40customer-sim&callerId=%22Acme%22%20%3C4055550100%3E&timeout=30');
    assert.equal(req.headers.authorization, `Basic ${Buffer.from('engine:secret').toString('base64')}`);
    assert.equal(req.headers['content-type'], 'application/json');
    assert.deepEqual(JSON.parse(req.body), { variables: { LEAD: 'ŝ 7' } });
    assert.deepEqual(outcomes, ['channels.originate 200']);
  });

  it('returns error statuses as data with Asterisk\'s message (message, or error for 500), and HTML as text', async () => {
    const replies: Array<[number, string]> = [
      [404, '{"message":"Channel not found"}'],
      [500, '{"error":"Allocation failed"}'],
      [404, '<html><body>Not Found</body></html>'],
    ];
    server.handler = (_req, _body, res) => {
      const [status, body] = replies.shift() ?? [500, ''];
      res.writeHead(status).end(body);
    };
    const send = (): Promise<{ status: number; message: string; body: unknown }> => http.send({ operation: 'channels.get', method: 'GET', path: '/channels/x' });
    assert.deepEqual(await send().then((r) => [r.status, r.message]), [404, 'Channel not found']);
    assert.deepEqual(await send().then((r) => [r.status, r.message]), [500, 'Allocation failed']);
    assert.deepEqual(await send().then((r) => [r.status, r.message, r.body]), [404, '', '<html><body>Not Found</body></html>']);
    assert.deepEqual(outcomes, ['channels.get 404', 'channels.get 500', 'channels.get 404']);
  });

  it('reads a stored recording as bytes, split over several chunks', async () => {
    const wav = Buffer.alloc(200_000, 7);
    server.handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'audio/wav' });
      res.write(wav.subarray(0, 100_000));
      setImmediate(() => res.end(wav.subarray(100_000)));
    };
    const res = await http.send({ operation: 'recordings.getStoredFile', method: 'GET', path: '/recordings/stored/r/file', binary: true });
    assert.equal(res.contentType, 'audio/wav');
    assert.deepEqual(res.bytes, wav);
    assert.equal(res.body, undefined);
  });

  it('at the deadline rejects with CE_TELEPHONY_TIMEOUT and destroys the socket', async () => {
    http = client(server.baseUrl, 100);
    server.handler = () => undefined; // never answers
    await assert.rejects(http.send({ operation: 'channels.answer', method: 'POST', path: '/channels/c/answer' }), hasCode('CE_TELEPHONY_TIMEOUT'));
    await server.waitClosed(server.connections[0]);
    assert.deepEqual(outcomes, ['channels.answer timeout']);
  });

  it('a request still waiting for a connection times out too', async () => {
    http = client(server.baseUrl, 150);
    server.handler = () => undefined;
    const sends = Array.from({ length: 65 }, () => http.send({ operation: 'asterisk.ping', method: 'GET', path: '/asterisk/ping' }));
    const results = await Promise.allSettled(sends);
    assert.ok(results.every((r) => r.status === 'rejected' && hasCode('CE_TELEPHONY_TIMEOUT')(r.reason)));
    assert.ok(server.maxOpen <= 64, `${server.maxOpen} connections open at once`);
  });

  it('a body that stalls half-way also times out, and the next request gets a fresh connection', async () => {
    http = client(server.baseUrl, 100);
    server.handler = (_req, _body, res) => {
      res.writeHead(200, { 'content-type': 'audio/wav', 'content-length': '1000' });
      res.write(Buffer.alloc(10));
    };
    await assert.rejects(http.send({ operation: 'recordings.getStoredFile', method: 'GET', path: '/f', binary: true }), hasCode('CE_TELEPHONY_TIMEOUT'));
    await server.waitClosed(server.connections[0]);
    server.handler = (_req, _body, res) => res.writeHead(204).end();
    assert.equal((await http.send({ operation: 'asterisk.ping', method: 'GET', path: '/asterisk/ping' })).status, 204);
    assert.equal(server.connections.length, 2);
  });

  it('a refused connection rejects with CE_TELEPHONY_NOT_CONNECTED', async () => {
    const gone = server.baseUrl;
    await server.close();
    http = client(gone);
    await assert.rejects(http.send({ operation: 'asterisk.ping', method: 'GET', path: '/asterisk/ping' }), (err: unknown) => {
      assert.ok(hasCode('CE_TELEPHONY_NOT_CONNECTED')(err));
      assert.equal(((err as EngineError).cause as NodeJS.ErrnoException).code, 'ECONNREFUSED');
      return true;
    });
    assert.deepEqual(outcomes, ['asterisk.ping network']);
    server = await LocalServer.start();
  });

  it('a connection cut mid-answer rejects with CE_TELEPHONY_NOT_CONNECTED', async () => {
    server.handler = (req, _body, res) => {
      res.writeHead(200, { 'content-length': '1000' });
      res.write('{"id":');
      setImmediate(() => req.socket.destroy());
    };
    await assert.rejects(http.send({ operation: 'channels.get', method: 'GET', path: '/channels/c' }), hasCode('CE_TELEPHONY_NOT_CONNECTED'));
  });
});
