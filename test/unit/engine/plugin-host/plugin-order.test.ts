import assert from 'node:assert/strict';
import { orderPlugins } from '../../../../engine/src/plugin-host/plugin-order';
import { EngineError } from '../../../../engine/src/errors';

function codeOf(fn: () => unknown): { code: string; details: unknown } {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof EngineError, 'expected an EngineError');
    return { code: err.code, details: err.details };
  }
  assert.fail('expected a throw');
}

describe('orderPlugins', () => {
  it('puts every plugin after its dependencies and keeps input order for ties', () => {
    const order = orderPlugins([
      { id: 'dialer', dependsOn: ['stt', 'llm'] },
      { id: 'panel' },
      { id: 'llm', dependsOn: ['stt'] },
      { id: 'stt' },
    ]).map((n) => n.id);
    assert.deepEqual(order, ['stt', 'llm', 'dialer', 'panel']);
  });

  it('names the missing dependency and the plugin that wants it', () => {
    const { code, details } = codeOf(() => orderPlugins([{ id: 'dialer', dependsOn: ['panel'] }]));
    assert.equal(code, 'CE_PLUGIN_DEP_MISSING');
    assert.deepEqual(details, { plugin: 'dialer', dependency: 'panel' });
  });

  it('rejects duplicate ids', () => {
    assert.equal(codeOf(() => orderPlugins([{ id: 'stt' }, { id: 'stt' }])).code, 'CE_PLUGIN_DUPLICATE');
  });

  it('names the whole cycle', () => {
    const { code, details } = codeOf(() =>
      orderPlugins([
        { id: 'a', dependsOn: ['b'] },
        { id: 'b', dependsOn: ['c'] },
        { id: 'c', dependsOn: ['a'] },
      ]),
    );
    assert.equal(code, 'CE_PLUGIN_CYCLE');
    assert.deepEqual(details, { cycle: ['a', 'b', 'c', 'a'] });
  });
});
