import assert from 'node:assert/strict';
import { ConcurrencyLimiter } from '../../../../plugins/llm/concurrency-limiter';

function deferred(): { promise: Promise<void>; resolve(): void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyLimiter', () => {
  it('runs at most `limit` tasks at once, in FIFO order', async () => {
    const limiter = new ConcurrencyLimiter(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) => limiter.run(async () => {
      started.push(i);
      await g.promise;
      return i;
    }));
    await Promise.resolve();
    assert.deepEqual([started, limiter.active, limiter.queued], [[0, 1], 2, 2]);
    gates[1]!.resolve();
    await runs[1];
    await Promise.resolve();
    assert.deepEqual(started, [0, 1, 2]);
    gates.forEach((g) => g.resolve());
    assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
    assert.deepEqual([limiter.active, limiter.queued], [0, 0]);
  });

  it('releases the slot when a task throws', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await assert.rejects(limiter.run(() => Promise.reject(new Error('x'))), /x/);
    assert.equal(await limiter.run(() => Promise.resolve(7)), 7);
  });

  it('a waiter whose signal aborts leaves the queue with the abort reason and never runs', async () => {
    const limiter = new ConcurrencyLimiter(1);
    const gate = deferred();
    const holder = limiter.run(() => gate.promise);
    const controller = new AbortController();
    let ran = false;
    const waiter = limiter.run(async () => {
      ran = true;
    }, controller.signal);
    controller.abort(new Error('gave up'));
    await assert.rejects(waiter, /gave up/);
    assert.equal(limiter.queued, 0);
    gate.resolve();
    await holder;
    assert.equal(ran, false);
    assert.equal(limiter.active, 0);
  });

  it('rejects at once for an already aborted signal', async () => {
    const limiter = new ConcurrencyLimiter(1);
    await assert.rejects(limiter.run(() => Promise.resolve(1), AbortSignal.abort(new Error('late'))), /late/);
    assert.equal(limiter.active, 0);
  });
});
