import assert from 'node:assert/strict';
import { AUTH, buildTestApp, type TestApp } from './http-test-kit';

interface ErrBody {
  code: string;
  message: string;
  issues?: Array<{ path: string; message: string }>;
}

describe('http replies and errors', () => {
  let t: TestApp;
  beforeEach(() => {
    t = buildTestApp({ http: { bodyLimitBytes: 256 } });
  });
  afterEach(() => t.server.close());

  describe('replies', () => {
    it('sends routeReply(201, body) as 201 JSON', async () => {
      const res = await t.server.inject({ method: 'POST', url: '/api/demo/items', headers: AUTH, payload: { phone: '0912' } });
      assert.equal(res.statusCode, 201);
      assert.match(String(res.headers['content-type']), /^application\/json/);
      assert.deepEqual(res.json(), { id: 7, phone: '0912' });
    });

    it('sends a plain object as 200 JSON with coerced params', async () => {
      const res = await t.server.inject({ method: 'GET', url: '/api/demo/items/12', headers: AUTH });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(res.json(), { id: 12 });
    });

    it('sends text with its content type and headers untouched', async () => {
      const res = await t.server.inject({ method: 'GET', url: '/api/demo/export.csv', headers: AUTH });
      assert.equal(res.statusCode, 200);
      assert.match(String(res.headers['content-type']), /^text\/csv/);
      assert.equal(res.headers['content-disposition'], 'attachment; filename="x.csv"');
      assert.equal(res.body, 'id,phone\n1,0912\n');
    });

    it('answers 204 when the handler returns nothing', async () => {
      const res = await t.server.inject({ method: 'DELETE', url: '/api/demo/items/3', headers: AUTH });
      assert.equal(res.statusCode, 204);
      assert.equal(res.body, '');
    });
  });

  describe('validation', () => {
    it('answers 400 CE_HTTP_VALIDATION naming the body field', async () => {
      const res = await t.server.inject({ method: 'POST', url: '/api/demo/items', headers: AUTH, payload: { phone: 'abc' } });
      const body = res.json<ErrBody>();
      assert.equal(res.statusCode, 400);
      assert.equal(body.code, 'CE_HTTP_VALIDATION');
      assert.deepEqual(body.issues?.map((i) => i.path), ['body.phone']);
      assert.match(body.message, /body\.phone/);
    });

    it('names a missing field, a bad param and a bad query value', async () => {
      const missing = await t.server.inject({ method: 'POST', url: '/api/demo/items', headers: AUTH, payload: { note: 'x' } });
      const param = await t.server.inject({ method: 'GET', url: '/api/demo/items/-4', headers: AUTH });
      const query = await t.server.inject({ method: 'GET', url: '/api/demo/search?limit=500', headers: AUTH });

      assert.deepEqual(missing.json<ErrBody>().issues?.map((i) => i.path), ['body.phone']);
      assert.deepEqual(param.json<ErrBody>().issues?.map((i) => i.path), ['params.id']);
      assert.deepEqual(query.json<ErrBody>().issues?.map((i) => i.path), ['querystring.limit']);
      for (const r of [missing, param, query]) assert.equal(r.statusCode, 400);
    });
  });

  describe('error mapping', () => {
    it('maps an EngineError to its status and {code, message}', async () => {
      const res = await t.server.inject({ method: 'GET', url: '/api/demo/missing', headers: AUTH });
      assert.equal(res.statusCode, 404);
      assert.deepEqual(res.json(), { code: 'CE_CALL_NOT_FOUND', message: 'no call 42' });
    });

    it('logs a 5xx EngineError at error level and still answers its code', async () => {
      const res = await t.server.inject({ method: 'GET', url: '/api/demo/outage', headers: AUTH });
      assert.equal(res.statusCode, 503);
      assert.equal(res.json<ErrBody>().code, 'CE_TELEPHONY_NOT_CONNECTED');
      assert.ok(t.logger.find('error', /request failed/));
    });

    it('answers 500 CE_ENGINE_INTERNAL for an unknown error without leaking its text, and logs it with the request id', async () => {
      const res = await t.server.inject({ method: 'GET', url: '/api/demo/boom', headers: AUTH });

      assert.equal(res.statusCode, 500);
      assert.deepEqual(res.json(), { code: 'CE_ENGINE_INTERNAL', message: 'Internal error' });
      assert.doesNotMatch(res.body, /hunter2|10\.0\.0\.5/);
      const logged = t.logger.find('error', /request failed/);
      assert.match(((logged?.obj as { err: Error }).err).message, /hunter2/);
      assert.equal(logged?.bindings.reqId, res.headers['x-request-id']);
    });

    it('answers 500 when a handler returns a body that breaks its response schema', async () => {
      const res = await t.server.inject({ method: 'GET', url: '/api/demo/bad-shape', headers: AUTH });
      assert.equal(res.statusCode, 500);
      assert.equal(res.json<ErrBody>().code, 'CE_ENGINE_INTERNAL');
    });

    it('maps malformed JSON to 400 CE_HTTP_BAD_REQUEST', async () => {
      const res = await t.server.inject({
        method: 'POST', url: '/api/demo/items', headers: { ...AUTH, 'content-type': 'application/json' }, payload: '{"phone": ',
      });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json<ErrBody>().code, 'CE_HTTP_BAD_REQUEST');
    });

    it('maps a body over http.bodyLimitBytes to 413 CE_HTTP_BODY_TOO_LARGE', async () => {
      const res = await t.server.inject({ method: 'POST', url: '/api/demo/items', headers: AUTH, payload: { phone: '1', note: 'x'.repeat(1000) } });
      assert.equal(res.statusCode, 413);
      assert.equal(res.json<ErrBody>().code, 'CE_HTTP_BODY_TOO_LARGE');
    });

    it('maps an unsupported content type to 415 CE_HTTP_UNSUPPORTED_MEDIA_TYPE', async () => {
      const res = await t.server.inject({
        method: 'POST', url: '/api/demo/items', headers: { ...AUTH, 'content-type': 'application/xml' }, payload: '<phone>1</phone>',
      });
      assert.equal(res.statusCode, 415);
      assert.equal(res.json<ErrBody>().code, 'CE_HTTP_UNSUPPORTED_MEDIA_TYPE');
    });

    it('maps a malformed URL to 400 CE_HTTP_BAD_REQUEST', async () => {
      const res = await t.server.inject({ method: 'GET', url: '/api/demo/items/%E0%A4%A', headers: AUTH });
      assert.equal(res.statusCode, 400);
      assert.equal(res.json<ErrBody>().code, 'CE_HTTP_BAD_REQUEST');
    });
  });

  it('lists plugin status on /api/plugins', async () => {
    t.plugins.statuses = [{ id: 'dialer', version: '1.2.0', optional: false, state: 'started' }];
    const res = await t.server.inject({ method: 'GET', url: '/api/plugins', headers: AUTH });
    assert.deepEqual(res.json(), { plugins: [{ id: 'dialer', version: '1.2.0', optional: false, state: 'started' }] });
  });
});
