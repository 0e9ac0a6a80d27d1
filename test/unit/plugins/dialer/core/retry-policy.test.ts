import assert from 'node:assert/strict';
import type { CallResult } from '../../../../../engine/src/index';
import {
  defaultRetryPolicy, nextAttempt, retryClass, retryPolicySchema, type RetryDecision, type RetryPolicy,
} from '../../../../../plugins/dialer/core/retry-policy';
import { propertySeed, seededRandom } from './seeded-random';

const NOW = Date.parse('2025-03-22T06:00:00Z');

describe('dialer core: retry-policy', () => {
  const policy: RetryPolicy = {
    maxAttempts: 4,
    rules: {
      busy: { delaySec: 120, maxAttempts: 3 },
      missed: { delaySec: 600, maxAttempts: 4, backoff: 2, maxDelaySec: 1500 },
      power_off: { delaySec: 3600, maxAttempts: 2 },
      failed: { delaySec: 60, maxAttempts: 10 },
      'failed:recording': { delaySec: 5, maxAttempts: 2 },
      unknown: { delaySec: 300, maxAttempts: 2 },
    },
  };

  const cases: readonly [string, CallResult | null | undefined, number, RetryDecision, { verified?: boolean }?][] = [
    ['busy: retry after its delay', 'busy', 1, { kind: 'retry', retryAt: NOW + 120_000, attempt: 2 }],
    ['busy: the rule cap (3) stops it', 'busy', 3, { kind: 'done', done: 'max_attempts' }],
    ['missed: first retry', 'missed', 1, { kind: 'retry', retryAt: NOW + 600_000, attempt: 2 }],
    ['missed: backoff doubles', 'missed', 2, { kind: 'retry', retryAt: NOW + 1_200_000, attempt: 3 }],
    ['missed: backoff capped by maxDelaySec', 'missed', 3, { kind: 'retry', retryAt: NOW + 1_500_000, attempt: 4 }],
    ['missed: the policy cap (4) stops it', 'missed', 4, { kind: 'done', done: 'max_attempts' }],
    ['power_off', 'power_off', 1, { kind: 'retry', retryAt: NOW + 3_600_000, attempt: 2 }],
    ['power_off: its cap', 'power_off', 2, { kind: 'done', done: 'max_attempts' }],
    ['failed:* uses the failed rule', 'failed:operator_failed', 1, { kind: 'retry', retryAt: NOW + 60_000, attempt: 2 }],
    ['failed:* is capped by the policy, not only the rule', 'failed:operator_failed', 4, { kind: 'done', done: 'max_attempts' }],
    ['an exact failed: word beats the class', 'failed:recording', 1, { kind: 'retry', retryAt: NOW + 5_000, attempt: 2 }],
    ['an exact failed: word has its own cap', 'failed:recording', 2, { kind: 'done', done: 'max_attempts' }],
    ['unknown is never retried blind', 'unknown', 1, { kind: 'verify', verify: 'unknown_outcome' }],
    ['unknown after Asterisk confirmed it', 'unknown', 1, { kind: 'retry', retryAt: NOW + 300_000, attempt: 2 }, { verified: true }],
    ['no result at all → verify', null, 1, { kind: 'verify', verify: 'no_result' }],
    ['undefined result → verify', undefined, 1, { kind: 'verify', verify: 'no_result' }],
    ['banned is never retried', 'banned', 1, { kind: 'done', done: 'banned' }],
    ['connected_to_operator is final', 'connected_to_operator', 1, { kind: 'done', done: 'final_result' }],
    ['not_interested is final', 'not_interested', 1, { kind: 'done', done: 'final_result' }],
    ['inbound_call is final', 'inbound_call', 1, { kind: 'done', done: 'final_result' }],
    ['hangup has no rule → not retried', 'hangup', 1, { kind: 'done', done: 'not_retried' }],
    ['garbage attempt count never dials', 'busy', Number.NaN, { kind: 'done', done: 'max_attempts' }],
    ['negative attempt count never dials', 'busy', -1, { kind: 'done', done: 'max_attempts' }],
  ];
  for (const [name, outcome, attempts, expected, options] of cases) {
    it(name, () => assert.deepEqual(nextAttempt(outcome, attempts, policy, NOW, options), expected));
  }

  it('banned stays final even if a policy names it', () => {
    const p: RetryPolicy = { maxAttempts: 5, rules: { banned: { delaySec: 1, maxAttempts: 5 } } };
    assert.deepEqual(nextAttempt('banned', 1, p, NOW), { kind: 'done', done: 'banned' });
  });

  describe('defaultRetryPolicy (legacy DIALER_DEFAULT_RETRY)', () => {
    it('retries busy, missed, power_off and failed after 60 s, at most 3 attempts', () => {
      const p = defaultRetryPolicy();
      for (const outcome of ['busy', 'missed', 'power_off', 'failed:x'] as const) {
        assert.deepEqual(nextAttempt(outcome, 1, p, NOW), { kind: 'retry', retryAt: NOW + 60_000, attempt: 2 });
        assert.deepEqual(nextAttempt(outcome, 3, p, NOW), { kind: 'done', done: 'max_attempts' });
      }
      assert.deepEqual(nextAttempt('disconnected', 1, p, NOW), { kind: 'done', done: 'not_retried' });
    });
    it('takes the configured delay', () => {
      assert.deepEqual(nextAttempt('busy', 1, defaultRetryPolicy(90), NOW), { kind: 'retry', retryAt: NOW + 90_000, attempt: 2 });
    });
    it('passes its own schema', () => assert.equal(retryPolicySchema.safeParse(defaultRetryPolicy()).success, true));
  });

  describe('retryPolicySchema', () => {
    const bad: readonly [string, unknown][] = [
      ['unknown outcome key', { maxAttempts: 3, rules: { voicemail: { delaySec: 1, maxAttempts: 2 } } }],
      ['bad failed word', { maxAttempts: 3, rules: { 'failed:Bad Word': { delaySec: 1, maxAttempts: 2 } } }],
      ['negative delay', { maxAttempts: 3, rules: { busy: { delaySec: -1, maxAttempts: 2 } } }],
      ['zero attempts', { maxAttempts: 0, rules: {} }],
      ['extra field', { maxAttempts: 3, rules: {}, jitter: true }],
    ];
    for (const [name, value] of bad) it(`refuses: ${name}`, () => assert.equal(retryPolicySchema.safeParse(value).success, false));
  });

  it('retryClass', () => {
    assert.equal(retryClass('failed:llm_quota'), 'failed');
    assert.equal(retryClass('busy'), 'busy');
    assert.equal(retryClass('connected_to_operator'), null);
  });

  it('property: attempts per contact never exceed the policy or the rule cap', () => {
    const seed = propertySeed();
    const rnd = seededRandom(seed);
    const outcomes: readonly CallResult[] = ['busy', 'missed', 'power_off', 'failed:a', 'failed:recording', 'unknown', 'hangup', 'disconnected', 'banned', 'not_interested'];
    for (let c = 0; c < 20_000; c++) {
      const rules: Record<string, { delaySec: number; maxAttempts: number; backoff?: number }> = {};
      for (const key of ['busy', 'missed', 'power_off', 'failed', 'failed:recording', 'unknown', 'hangup']) {
        if (rnd.chance(0.8)) rules[key] = { delaySec: rnd.int(0, 3600), maxAttempts: rnd.int(1, 8), backoff: rnd.pick([1, 1.5, 2]) };
      }
      const p: RetryPolicy = { maxAttempts: rnd.int(1, 6), rules };
      let attempts = 1;
      let now = NOW;
      for (;;) {
        const outcome = rnd.pick(outcomes);
        const d = nextAttempt(outcome, attempts, p, now, { verified: rnd.chance(0.5) });
        if (d.kind !== 'retry') break;
        assert.ok(d.retryAt >= now, `seed ${seed}: retry in the past`);
        const rule = p.rules[outcome] ?? p.rules[retryClass(outcome)!]!;
        assert.ok(attempts < rule.maxAttempts, `seed ${seed}: rule cap exceeded`);
        attempts = d.attempt;
        now = d.retryAt;
        assert.ok(attempts <= p.maxAttempts, `seed ${seed}: ${attempts} attempts > policy cap ${p.maxAttempts}`);
      }
    }
  });
});
