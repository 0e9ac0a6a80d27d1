import assert from 'node:assert/strict';
import { AMI_DEFAULT_BACKOFF, backoffDelay } from '../../../../../../engine/src/adapters/asterisk/ami/ami-backoff';

describe('backoffDelay', () => {
  const policy = { initialMs: 100, maxMs: 1000, factor: 2, jitter: 0 };

  it('grows exponentially from the first step and stops at the cap', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5].map((a) => backoffDelay(a, policy)), [100, 200, 400, 800, 1000, 1000]);
  });

  it('never gives up: any attempt number still yields a finite delay within the cap', () => {
    for (const attempt of [50, 1_000, 1e9, Number.MAX_SAFE_INTEGER]) {
      const d = backoffDelay(attempt, AMI_DEFAULT_BACKOFF);
      assert.ok(Number.isFinite(d) && d >= 0 && d <= AMI_DEFAULT_BACKOFF.maxMs, `attempt ${attempt}: ${d}`);
    }
  });

  it('spreads delays by the jitter fraction but never beyond the cap', () => {
    const jittery = { ...policy, jitter: 0.2 };
    assert.equal(backoffDelay(1, jittery, () => 0), 160);
    assert.equal(backoffDelay(1, jittery, () => 1), 240);
    assert.equal(backoffDelay(10, jittery, () => 1), 1000);
  });
});
