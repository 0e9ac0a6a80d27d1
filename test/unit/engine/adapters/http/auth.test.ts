import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { AUTH, TOKEN, buildTestApp, type TestApp } from './http-test-kit';
import { bearerMatches } from '../../../../../engine/src/adapters/http/bearer-auth.hook';

const PROTECTED = ['/ready', '/metrics', '/docs/json', '/api/plugins', '/api/demo/items/3'];

describe('http auth (bearer token)', () => {
  let t: TestApp;
  beforeEach(() => {
    t = buildTestApp();
  });
  afterEach(() => t.server.close());

  it('serves /health without a token', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/health' });

    assert.equal(res.statusCode, 200);
    const body = res.json<{ status: string; uptimeSec: number; version: string }>();
    assert.equal(body.status, 'ok');
    assert.equal(body.version, '9.9.9');
    assert.ok(Number.isInteger(body.uptimeSec) && body.uptimeSec >= 0);
  });

  for (const url of PROTECTED) {
    it(`answers 401 on ${url} without a token and with a wrong one, 200 with the right one`, async () => {
      const none = await t.server.inject({ method: 'GET', url });
      const wrong = await t.server.inject({ method: 'GET', url, headers: { authorization: 'Bearer not-the-token' } });
      const right = await t.server.inject({ method: 'GET', url, headers: AUTH });

      for (const res of [none, wrong]) {
        assert.equal(res.statusCode, 401);
        assert.equal(res.json<{ code: string }>().code, 'CE_HTTP_UNAUTHORIZED');
        assert.equal(res.headers['www-authenticate'], 'Bearer');
      }
      assert.equal(right.statusCode, 200, right.body);
    });
  }

  it('rejects other schemes, a token prefix and a token with extra characters', async () => {
    const headers = [`Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}`, `Bearer ${TOKEN.slice(0, -1)}`, `Bearer ${TOKEN}x`, TOKEN, 'Bearer'];
    for (const authorization of headers) {
      const res = await t.server.inject({ method: 'GET', url: '/ready', headers: { authorization } });
      assert.equal(res.statusCode, 401, authorization);
    }
  });

  it('accepts the scheme name in any case', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/plugins', headers: { authorization: `bearer ${TOKEN}` } });
    assert.equal(res.statusCode, 200);
  });

  it('answers 401 before 404 on unknown routes, so probes cannot map the API', async () => {
    const anonymous = await t.server.inject({ method: 'GET', url: '/admin/secret' });
    const authed = await t.server.inject({ method: 'GET', url: '/admin/secret?x=1', headers: AUTH });

    assert.equal(anonymous.statusCode, 401);
    assert.equal(authed.statusCode, 404);
    assert.deepEqual(authed.json(), { code: 'CE_HTTP_NOT_FOUND', message: 'No route GET /admin/secret' });
  });

  it('leaves a plugin route open when it declares auth: false', async () => {
    const res = await t.server.inject({ method: 'GET', url: '/api/demo/open' });
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json(), { open: true });
  });

  it('opens every route when no token is configured (loopback dev use)', async () => {
    const open = buildTestApp({ http: { token: undefined } });
    try {
      const ready = await open.server.inject({ method: 'GET', url: '/api/plugins' });
      const unknown = await open.server.inject({ method: 'GET', url: '/nope' });
      assert.equal(ready.statusCode, 200);
      assert.equal(unknown.statusCode, 404);
    } finally {
      await open.server.close();
    }
  });

  it('sets an x-request-id on every answer, 401s included', async () => {
    const a = await t.server.inject({ method: 'GET', url: '/ready' });
    const b = await t.server.inject({ method: 'GET', url: '/health' });
    assert.match(String(a.headers['x-request-id']), /^[0-9a-f-]{36}$/);
    assert.notEqual(a.headers['x-request-id'], b.headers['x-request-id']);
  });
});

describe('bearerMatches', () => {
  const expected = createHash('sha256').update('s3cret-token').digest();

  it('matches only the exact token', () => {
    assert.equal(bearerMatches('Bearer s3cret-token', expected), true);
    assert.equal(bearerMatches('Bearer  s3cret-token ', expected), true);
    assert.equal(bearerMatches(undefined, expected), false);
    assert.equal(bearerMatches('', expected), false);
    assert.equal(bearerMatches('Bearer s3cret-tokeN', expected), false);
    assert.equal(bearerMatches('Bearer s3cret-token extra', expected), false);
  });
});
