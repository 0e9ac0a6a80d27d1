import assert from 'node:assert/strict';
import { AUTH, buildTestApp, type TestApp } from './http-test-kit';

interface OpenApiDoc {
  openapi: string;
  info: { version: string };
  paths: Record<string, Record<string, {
    security?: unknown[];
    summary?: string;
    parameters?: Array<{ name: string; in: string }>;
    requestBody?: { content: Record<string, { schema: { properties: Record<string, unknown>; required?: string[] } }> };
    responses: Record<string, { content?: Record<string, { schema: { properties?: Record<string, unknown> } }> }>;
  }>>;
}

describe('GET /docs/json (OpenAPI)', () => {
  let t: TestApp;
  let doc: OpenApiDoc;
  before(async () => {
    t = buildTestApp();
    const res = await t.server.inject({ method: 'GET', url: '/docs/json', headers: AUTH });
    assert.equal(res.statusCode, 200, res.body);
    doc = res.json<OpenApiDoc>();
  });
  after(() => t.server.close());

  it('is an OpenAPI 3.1 document with the engine version', () => {
    assert.equal(doc.openapi, '3.1.0');
    assert.equal(doc.info.version, '9.9.9');
  });

  it('lists the core routes and every plugin route under its prefix', () => {
    for (const path of ['/health', '/ready', '/metrics', '/docs/json', '/api/plugins', '/api/demo/items', '/api/demo/items/{id}', '/api/demo/search']) {
      assert.ok(doc.paths[path], `missing ${path}; has ${Object.keys(doc.paths).join(', ')}`);
    }
  });

  it('carries the zod schemas of body, params, querystring and responses', () => {
    const create = doc.paths['/api/demo/items']?.post;
    const body = create?.requestBody?.content['application/json']?.schema;
    assert.ok(body?.properties.phone && body.properties.note);
    assert.deepEqual(body.required, ['phone']);
    assert.ok(create?.responses['201']?.content?.['application/json']?.schema.properties?.id);
    assert.equal(create?.summary, 'Create an item');
    assert.deepEqual(doc.paths['/api/demo/items/{id}']?.get?.parameters?.map((p) => [p.name, p.in]), [['id', 'path']]);
    assert.deepEqual(doc.paths['/api/demo/search']?.get?.parameters?.map((p) => [p.name, p.in]), [['limit', 'query']]);
    const ready = doc.paths['/ready']?.get?.responses;
    assert.ok(ready?.['200'] && ready['503']);
  });

  it('marks /health as needing no auth', () => {
    assert.deepEqual(doc.paths['/health']?.get?.security, []);
    assert.equal(doc.paths['/ready']?.get?.security, undefined);
  });
});
