import assert from 'node:assert/strict';
import { Semaphore } from '../../../../plugins/stt/semaphore';
import { CpuTurns } from '../../../../plugins/stt/cpu-turns';

function deferred<T = void>() {
  let resolve!: (v: T) => void;
  let reject!: (e: unknown) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}

const tick = (): Promise<void> => new Promise((r) => setImmediate(r));

describe('stt semaphore', () => {
  it('never runs more than its limit at once and admits waiters in arrival order', async () => {
    const sem = new Semaphore(2);
    const gates = [deferred(), deferred(), deferred(), deferred()];
    const started: number[] = [];
    const runs = gates.map((g, i) => sem.run(async () => {
      started.push(i);
      await g.promise;
      return i;
    }));
    await tick();
    assert.deepEqual(started, [0, 1]);
    assert.deepEqual([sem.inUse, sem.waiting], [2, 2]);
    gates[1]!.resolve();
    await tick();
    assert.deepEqual(started, [0, 1, 2]);
    gates[0]!.resolve();
    gates[2]!.resolve();
    gates[3]!.resolve();
    assert.deepEqual(await Promise.all(runs), [0, 1, 2, 3]);
    assert.deepEqual([sem.inUse, sem.waiting], [0, 0]);
  });

  it('gives the permit back when the work throws', async () => {
    const sem = new Semaphore(1);
    await assert.rejects(sem.run(() => Promise.reject(new Error('boom'))), /boom/);
    assert.equal(await sem.run(() => Promise.resolve('next')), 'next');
    assert.equal(sem.inUse, 0);
  });

  it('drops a waiter whose signal aborts, with the signal reason, and does not leak its place', async () => {
    const sem = new Semaphore(1);
    const hold = deferred();
    const first = sem.run(() => hold.promise);
    const ctl = new AbortController();
    let ran = false;
    const second = sem.run(async () => {
      ran = true;
    }, ctl.signal);
    ctl.abort(new Error('caller hung up'));
    await assert.rejects(second, /caller hung up/);
    assert.equal(sem.waiting, 0);
    hold.resolve();
    await first;
    assert.equal(ran, false);
    assert.equal(sem.inUse, 0);
  });

  it('rejects at once when the signal is already aborted', async () => {
    const sem = new Semaphore(3);
    const ctl = new AbortController();
    ctl.abort(new Error('gone'));
    await assert.rejects(sem.run(() => Promise.resolve(1), ctl.signal), /gone/);
    assert.equal(sem.inUse, 0);
  });

  it('refuses a limit that is not a positive integer', () => {
    assert.throws(() => new Semaphore(0), RangeError);
    assert.throws(() => new Semaphore(1.5), RangeError);
  });
});

describe('stt CPU turns', () => {
  it('runs jobs one at a time, each on a fresh turn of the event loop', async () => {
    const turns = new CpuTurns();
    const order: string[] = [];
    const a = turns.run(async () => {
      order.push('a start');
      await new Promise((r) => setImmediate(r));
      order.push('a end');
    });
    const b = turns.run(() => {
      order.push('b');
    });
    order.push('sync');
    setImmediate(() => order.push('io turn'));
    await Promise.all([a, b]);
    // The job waits for a turn (after the I/O queued before it) and b waits for a across a's own yield.
    assert.deepEqual(order, ['sync', 'io turn', 'a start', 'a end', 'b']);
  });

  it('returns the job value and gives the turn back when a job throws', async () => {
    const turns = new CpuTurns();
    await assert.rejects(turns.run(() => {
      throw new Error('bad wav');
    }), /bad wav/);
    assert.equal(await turns.run(() => 42), 42);
  });
});
