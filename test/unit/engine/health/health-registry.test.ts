import assert from 'node:assert/strict';
import { EngineHealthRegistry } from '../../../../engine/src/health/health-registry';
import { isEngineError } from '../../../../engine/src/errors';

describe('EngineHealthRegistry', () => {
  it('lists indicators in the order they were added', () => {
    const registry = new EngineHealthRegistry();
    registry.add({ name: 'store', check: () => ({ ok: true }) });
    registry.add({ name: 'ami', check: () => ({ ok: true }) });

    assert.deepEqual(registry.list().map((i) => i.name), ['store', 'ami']);
  });

  it('rejects an empty or duplicate name with CE_HEALTH_INDICATOR_INVALID', () => {
    const registry = new EngineHealthRegistry();
    registry.add({ name: 'ami', check: () => ({ ok: true }) });

    assert.throws(() => registry.add({ name: 'ami', check: () => ({ ok: false }) }), (err) => isEngineError(err, 'CE_HEALTH_INDICATOR_INVALID'));
    assert.throws(() => registry.add({ name: ' ', check: () => ({ ok: true }) }), (err) => isEngineError(err, 'CE_HEALTH_INDICATOR_INVALID'));
    assert.equal(registry.list().length, 1);
  });
});
