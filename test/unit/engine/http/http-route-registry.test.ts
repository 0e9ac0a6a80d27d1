import assert from 'node:assert/strict';
import { EngineHttpRouteRegistry, normalisePath } from '../../../../engine/src/http/http-route-registry';
import { isEngineError } from '../../../../engine/src/errors';
import type { RouteDefinition } from '../../../../engine/src/ports/http-routes.port';

const route = (method: RouteDefinition['method'], url: string): RouteDefinition => ({ method, url, handler: () => ({}) });
const invalid = (err: unknown): boolean => isEngineError(err, 'CE_HTTP_ROUTE_INVALID');

describe('EngineHttpRouteRegistry', () => {
  let registry: EngineHttpRouteRegistry;
  beforeEach(() => {
    registry = new EngineHttpRouteRegistry();
  });

  it('keeps groups in registration order with prefix and owner', () => {
    registry.register([route('GET', '/campaigns'), route('POST', '/campaigns')], { prefix: '/api/dialer', owner: 'dialer' });
    registry.register([route('GET', '/agents')], { prefix: '/api/panel', owner: 'panel' });

    const groups = registry.groups();

    assert.deepEqual(groups.map((g) => [g.prefix, g.owner, g.routes.length]), [['/api/dialer', 'dialer', 2], ['/api/panel', 'panel', 1]]);
    assert.ok(Object.isFrozen(groups[0]));
  });

  it('allows one path under two methods and one inner path under two prefixes', () => {
    registry.register([route('GET', '/status'), route('PUT', '/status')], { prefix: '/api/a', owner: 'a' });
    assert.doesNotThrow(() => registry.register([route('GET', '/status')], { prefix: '/api/b', owner: 'b' }));
  });

  it('rejects a method + path already declared, naming both owners', () => {
    registry.register([route('GET', '/api/x/items/:id')], { prefix: '', owner: 'first' });

    assert.throws(
      () => registry.register([route('GET', '/items/:itemId/')], { prefix: '/api/x', owner: 'second' }),
      (err) => invalid(err) && /'second'.*'first'/.test((err as Error).message),
    );
  });

  it('rejects a duplicate inside one group and leaves no trace of the rejected group', () => {
    assert.throws(() => registry.register([route('GET', '/a'), route('POST', '/b'), route('GET', '/a')], { prefix: '/api/p', owner: 'p' }), invalid);

    assert.equal(registry.groups().length, 0);
    assert.doesNotThrow(() => registry.register([route('POST', '/b')], { prefix: '/api/p', owner: 'p' }));
  });

  it('rejects bad prefixes, bad paths and missing handlers', () => {
    for (const prefix of ['api', '/api/', '/api x', '/api?x=1']) {
      assert.throws(() => registry.register([route('GET', '/a')], { prefix, owner: 'p' }), invalid, prefix);
    }
    for (const url of ['a', '/a?b=1', '/a b', '']) {
      assert.throws(() => registry.register([route('GET', url)], { prefix: '/api/p', owner: 'p' }), invalid, url);
    }
    const noHandler = { method: 'GET', url: '/h' } as unknown as RouteDefinition;
    assert.throws(() => registry.register([noHandler], { prefix: '/api/p', owner: 'p' }), invalid);
  });

  it('refuses routes added after seal(), when the server is already built', () => {
    registry.seal();
    assert.throws(() => registry.register([route('GET', '/late')], { prefix: '/api/late', owner: 'late' }), (err) => invalid(err) && /'late'.*register\(\)/.test((err as Error).message));
  });

  it('normalises trailing slashes and parameter names', () => {
    assert.equal(normalisePath('/a/:id/'), '/a/:');
    assert.equal(normalisePath('/'), '/');
    assert.equal(normalisePath('/a/:x/b/:y'), '/a/:/b/:');
  });
});
