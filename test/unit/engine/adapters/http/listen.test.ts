import assert from 'node:assert/strict';
import { buildTestApp, type TestApp } from './http-test-kit';
import { isEngineError } from '../../../../../engine/src/errors';

describe('HttpServer.listen', () => {
  const apps: TestApp[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((a) => a.server.close()));
  });

  it('listens on 127.0.0.1 with port 0 and answers real HTTP', async () => {
    const t = buildTestApp({ http: { host: '127.0.0.1', port: 0 } });
    apps.push(t);

    const { address, host, port } = await t.server.listen();
    const res = await fetch(`${address}/health`);

    assert.equal(host, '127.0.0.1');
    assert.ok(port > 0);
    assert.equal(address, `http://127.0.0.1:${port}`);
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { status: string }).status, 'ok');
    assert.ok(t.logger.find('info', /http api listening/));
  });

  it('fails with CE_HTTP_LISTEN_FAILED when the port is taken', async () => {
    const first = buildTestApp();
    apps.push(first);
    const { port } = await first.server.listen();
    const second = buildTestApp({ http: { port } });
    apps.push(second);

    await assert.rejects(second.server.listen(), (err) => isEngineError(err, 'CE_HTTP_LISTEN_FAILED'));
  });

  it('refuses to build a non-loopback server without a token', () => {
    assert.throws(() => buildTestApp({ http: { host: '0.0.0.0', token: undefined } }), (err) => isEngineError(err, 'CE_HTTP_INSECURE_BIND'));
  });

  it('closes twice without error', async () => {
    const t = buildTestApp();
    const { address } = await t.server.listen();
    assert.equal((await fetch(`${address}/health`)).status, 200);

    await t.server.close();
    await t.server.close();

    await assert.rejects(fetch(`${address}/health`));
  });
});
