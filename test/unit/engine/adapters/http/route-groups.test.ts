import assert from 'node:assert/strict';
import { AUTH, buildTestApp } from './http-test-kit';
import { isEngineError } from '../../../../../engine/src/errors';
import type { RouteDefinition } from '../../../../../engine/src/ports/http-routes.port';

const status = (owner: string): RouteDefinition => ({ method: 'GET', url: '/status', handler: () => ({ owner }) });

describe('plugin route groups', () => {
  it('mounts each group under its own prefix, so two plugins may both own /status', async () => {
    const t = buildTestApp({
      groups: [
        { prefix: '/api/dialer', owner: 'dialer', routes: [status('dialer')] },
        { prefix: '/api/panel', owner: 'panel', routes: [status('panel')] },
      ],
    });
    try {
      const dialer = await t.server.inject({ method: 'GET', url: '/api/dialer/status', headers: AUTH });
      const panel = await t.server.inject({ method: 'GET', url: '/api/panel/status', headers: AUTH });
      const bare = await t.server.inject({ method: 'GET', url: '/status', headers: AUTH });

      assert.deepEqual(dialer.json(), { owner: 'dialer' });
      assert.deepEqual(panel.json(), { owner: 'panel' });
      assert.equal(bare.statusCode, 404);
    } finally {
      await t.server.close();
    }
  });

  it('refuses to build when a plugin route collides with a core route, naming the plugin', () => {
    assert.throws(
      () => buildTestApp({ groups: [{ prefix: '/api', owner: 'rogue', routes: [{ method: 'GET', url: '/plugins', handler: () => ({}) }] }] }),
      (err) => isEngineError(err, 'CE_HTTP_ROUTE_INVALID') && /'rogue'.*'engine'/.test((err as Error).message),
    );
  });
});
