import assert from 'node:assert/strict';
import { Backoff, DEFAULT_BACKOFF } from '../../../../../../engine/src/adapters/asterisk/ari/ari-backoff';

describe('ari-backoff', () => {
  it('doubles from 100 ms and is capped at 5 s, without jitter at random() = 0', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 0);
    const delays = Array.from({ length: 9 }, () => backoff.next());
    assert.deepEqual(delays, [100, 200, 400, 800, 1600, 3200, 5000, 5000, 5000]);
  });

  it('never gives up and never exceeds the cap, whatever the jitter', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, Math.random);
    for (let i = 0; i < 10_000; i++) {
      const d = backoff.next();
      assert.ok(d >= 0 && d <= 5000, `attempt ${i}: ${d}`);
    }
    assert.equal(backoff.attempts(), 10_000);
  });

  it('jitter only shortens a delay, by at most the jitter fraction', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 1);
    assert.equal(backoff.next(), 80);
  });

  it('starts over after reset()', () => {
    const backoff = new Backoff(DEFAULT_BACKOFF, () => 0);
    backoff.next();
    backoff.next();
    backoff.reset();
    assert.equal(backoff.next(), 100);
  });
});
