import assert from 'node:assert/strict';
import sinon from 'sinon';
import { SimClock } from '../../../../../engine/src/simulator/core/sim-clock';
import { CaptureLogger } from '../../../../fakes/capture-logger';

describe('SimClock', () => {
  let clock: sinon.SinonFakeTimers;

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000, toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });

  afterEach(() => clock.restore());

  it('scales simulated durations by the speed factor (30 s of ringing at 0.01 take 300 ms)', () => {
    const sim = new SimClock(0.01);
    const fired: number[] = [];
    sim.after(30_000, () => fired.push(Date.now()));
    clock.tick(299);
    assert.deepEqual(fired, []);
    clock.tick(1);
    assert.deepEqual(fired, [1_000_300]);
  });

  it('reports simulated time since it was created', () => {
    const sim = new SimClock(0.5);
    clock.tick(1000);
    assert.equal(sim.simNow(), 2000);
    assert.equal(sim.toRealMs(4000), 2000);
  });

  it('cancels one timer, or all of them, and counts what is pending', () => {
    const sim = new SimClock(1);
    let runs = 0;
    const first = sim.after(10, () => runs++);
    sim.after(20, () => runs++);
    assert.equal(sim.pending, 2);
    first.cancel();
    first.cancel();
    sim.cancelAll();
    clock.tick(100);
    assert.equal(runs, 0);
    assert.equal(sim.pending, 0);
  });

  it('logs a throwing callback instead of crashing the process', () => {
    const log = new CaptureLogger();
    const sim = new SimClock(1, { now: () => Date.now() }, log);
    sim.defer(() => {
      throw new Error('boom');
    });
    clock.tick(1);
    assert.ok(log.find('error', /timer callback failed/));
  });

  it('refuses a speed that is not positive', () => {
    assert.throws(() => new SimClock(0), RangeError);
  });
});
