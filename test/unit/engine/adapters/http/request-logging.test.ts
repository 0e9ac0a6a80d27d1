import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { AUTH, TOKEN, buildTestApp, demoRoutes } from './http-test-kit';
import { createPinoLogger } from '../../../../../engine/src/adapters/logging/pino-logger';

/** Collects the JSON lines pino writes. */
class LineSink extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(JSON.parse(line) as Record<string, unknown>);
    done();
  }
}

describe('http request logging through the engine pino logger', () => {
  it('gives each request a child logger with reqId, never logs the token, and keeps probes quiet', async () => {
    const sink = new LineSink();
    const logger = createPinoLogger({ level: 'debug', redactPaths: [], destination: sink });
    // A careless plugin handler that logs every header: redaction must still hide the token.
    const careless = { method: 'GET' as const, url: '/careless', handler: (req: { log: { info(o: object, m: string): void }; headers: unknown }) => { req.log.info({ headers: req.headers }, 'headers seen'); return { ok: true }; } };
    const t = buildTestApp({ overrides: { logger }, groups: [{ prefix: '/api/demo', owner: 'demo', routes: [...demoRoutes(), careless] }] });
    try {
      const boom = await t.server.inject({ method: 'GET', url: '/api/demo/boom', headers: AUTH });
      await t.server.inject({ method: 'GET', url: '/api/demo/careless', headers: AUTH });
      await t.server.inject({ method: 'GET', url: '/health', headers: AUTH });
      await t.server.inject({ method: 'GET', url: '/metrics', headers: AUTH });

      const all = JSON.stringify(sink.lines);
      assert.ok(!all.includes(TOKEN), 'the bearer token reached the log');
      const failed = sink.lines.find((l) => l.msg === 'request failed');
      assert.equal(failed?.reqId, boom.headers['x-request-id']);
      assert.match(String((failed?.err as { message?: string }).message), /hunter2/);
      const incoming = sink.lines.filter((l) => l.msg === 'incoming request').map((l) => (l.req as { url: string }).url);
      assert.deepEqual(incoming, ['/api/demo/boom', '/api/demo/careless']);
      const seen = sink.lines.find((l) => l.msg === 'headers seen');
      assert.equal((seen?.headers as Record<string, string>).authorization, '***');
      assert.ok((seen?.headers as Record<string, string>).host, 'the other headers were logged');
    } finally {
      await t.server.close();
    }
  });
});
