import assert from 'node:assert/strict';
import { LazyChildLogger } from '../../../../engine/src/flow/lazy-child-logger';
import type { Logger } from '../../../../engine/src/ports/logger.port';
import { CaptureLogger } from '../../../fakes/capture-logger';

/** A CaptureLogger that counts the children made from it. */
class CountingLogger extends CaptureLogger {
  children = 0;

  override child(bindings: Record<string, string | number | boolean | undefined>): Logger {
    this.children += 1;
    return super.child(bindings);
  }
}

describe('LazyChildLogger', () => {
  it('makes the child only on first use, once, and logs exactly what the child would', () => {
    const parent = new CountingLogger();
    const lazy = new LazyChildLogger(parent, { step: 'hello', stepType: 'play_prompt' });
    assert.equal(parent.children, 0);
    lazy.info({ prompt: 'hello' }, 'prompt played');
    lazy.warn('again');
    assert.equal(parent.children, 1);
    assert.deepEqual(parent.records, [
      { level: 'info', msg: 'prompt played', obj: { prompt: 'hello' }, bindings: { step: 'hello', stepType: 'play_prompt' } },
      { level: 'warn', msg: 'again', bindings: { step: 'hello', stepType: 'play_prompt' } },
    ]);
  });

  it('a grandchild carries both sets of bindings', () => {
    const parent = new CaptureLogger();
    new LazyChildLogger(parent, { step: 's' }).child({ operatorLeg: 'leg-1' }).error('failed');
    assert.deepEqual(parent.records, [{ level: 'error', msg: 'failed', bindings: { step: 's', operatorLeg: 'leg-1' } }]);
  });

  it('an unused step logger costs no child at all', () => {
    const parent = new CountingLogger();
    for (let i = 0; i < 5; i++) new LazyChildLogger(parent, { step: `s${i}` });
    assert.equal(parent.children, 0);
  });
});
