import assert from 'node:assert/strict';
import type { CallResult } from '../../../../../engine/src/index';
import {
  INITIAL_STREAK, recordResult, resetOnResume, streakEffect, type FailureStreakState, type PauseRequest,
} from '../../../../../plugins/dialer/core/failure-streak';

/** Feeds results one by one; returns the pauses asked for (index = position of the result). */
function run(results: readonly CallResult[], threshold = 3): { pauses: [number, PauseRequest][]; state: FailureStreakState } {
  let state = INITIAL_STREAK;
  const pauses: [number, PauseRequest][] = [];
  results.forEach((r, i) => {
    const u = recordResult(state, r, threshold);
    state = u.state;
    if (u.pause) pauses.push([i, u.pause]);
  });
  return { pauses, state };
}

describe('dialer core: failure-streak', () => {
  describe('streakEffect', () => {
    const cases: readonly [CallResult, string][] = [
      ['failed:operator_failed', 'failure'], ['failed:recording', 'failure'], ['failed:vira_quota', 'quota'], ['failed:llm_quota', 'quota'],
      ['connected_to_operator', 'success'], ['not_interested', 'success'], ['unknown', 'success'], ['disconnected', 'success'],
      ['busy', 'neutral'], ['missed', 'neutral'], ['power_off', 'neutral'], ['banned', 'neutral'], ['hangup', 'neutral'], ['inbound_call', 'neutral'],
    ];
    for (const [result, effect] of cases) it(`${result} → ${effect}`, () => assert.equal(streakEffect(result), effect));
  });

  const F: CallResult = 'failed:operator_failed';
  const cases: readonly [string, readonly CallResult[], number, readonly [number, PauseRequest['reason']][]][] = [
    ['three failures in a row pause once, at the third', [F, F, F], 3, [[2, 'fail-streak']]],
    ['more failures do not pause again in the same streak', [F, F, F, F, F, F], 3, [[2, 'fail-streak']]],
    ['busy, missed and power_off neither count nor reset', [F, 'busy', F, 'missed', 'power_off', F], 3, [[5, 'fail-streak']]],
    ['hangup and banned neither count nor reset', [F, 'hangup', F, 'banned', F], 3, [[4, 'fail-streak']]],
    ['a successful call resets the streak', [F, F, 'not_interested', F, F], 3, []],
    ['after a reset a new streak can pause again', [F, F, F, 'connected_to_operator', F, F, F], 3, [[2, 'fail-streak'], [6, 'fail-streak']]],
    ['unknown counts as a successful call', [F, F, 'unknown', F], 3, []],
    ['a quota error pauses at once', ['failed:vira_quota'], 3, [[0, 'quota']]],
    ['every quota error asks for a pause', ['failed:llm_quota', 'failed:llm_quota'], 3, [[0, 'quota'], [1, 'quota']]],
    ['a quota pause also stands for the streak (no second alert)', [F, F, 'failed:vira_quota', F], 3, [[2, 'quota']]],
    ['legacy threshold 5', [F, F, F, F, F], 5, [[4, 'fail-streak']]],
    ['threshold 1', [F], 1, [[0, 'fail-streak']]],
    ['threshold 0 turns the streak off (quota stays)', [F, F, F, F, 'failed:vira_quota'], 0, [[4, 'quota']]],
  ];
  for (const [name, results, threshold, expected] of cases) {
    it(name, () => assert.deepEqual(run(results, threshold).pauses.map(([i, p]) => [i, p.reason]), expected));
  }

  it('the pause carries the count and the last result (for the SMS text)', () => {
    const { pauses } = run([F, 'busy', F, 'failed:recording']);
    assert.deepEqual(pauses, [[3, { reason: 'fail-streak', count: 3, lastResult: 'failed:recording' }]]);
  });

  it('a resume starts a new streak', () => {
    let { state } = run([F, F, F]);
    state = resetOnResume();
    const u1 = recordResult(state, F, 3);
    const u2 = recordResult(u1.state, F, 3);
    const u3 = recordResult(u2.state, F, 3);
    assert.equal(u1.pause, undefined);
    assert.equal(u2.pause, undefined);
    assert.deepEqual(u3.pause, { reason: 'fail-streak', count: 3, lastResult: F });
  });

  it('neutral results leave the state object unchanged', () => {
    const { state } = run([F]);
    assert.equal(recordResult(state, 'busy', 3).state, state);
  });
});
