import assert from 'node:assert/strict';
import { attemptOutcome, causeText, dialStatusToOutcome, hangupCauseToOutcome, outcomeToResult, type CallOutcome } from '../../../../engine/src/call/hangup-cause';

describe('hangup-cause', () => {
  describe('hangupCauseToOutcome(cause, answered)', () => {
    const table: Array<[number, boolean, CallOutcome]> = [
      // answered wins, whatever the cause (answered calls end with 16, 0, 31...)
      [16, true, 'completed'], [0, true, 'completed'], [17, true, 'completed'], [38, true, 'completed'],
      [17, false, 'busy'],
      [18, false, 'missed'], [19, false, 'missed'],
      [20, false, 'power_off'], [38, false, 'power_off'],
      [21, false, 'banned'],
      [34, false, 'congestion'], [41, false, 'congestion'], [42, false, 'congestion'], [27, false, 'congestion'],
      [1, false, 'invalid_number'], [3, false, 'invalid_number'], [22, false, 'invalid_number'], [28, false, 'invalid_number'],
      [16, false, 'failed'], [0, false, 'failed'], [31, false, 'failed'], [58, false, 'failed'], [102, false, 'failed'], [127, false, 'failed'],
      [26, false, 'failed'], [999, false, 'failed'],
    ];
    for (const [cause, answered, expected] of table) {
      it(`${cause} ${answered ? 'answered' : 'unanswered'} → ${expected}`, () => {
        assert.equal(hangupCauseToOutcome(cause, answered), expected);
      });
    }
  });

  describe('outcomeToResult', () => {
    it('maps outcomes to the PRODUCT §5 result words, congestion reported as banned (legacy panel 34/41/42→BANNED)', () => {
      assert.equal(outcomeToResult('completed'), undefined);
      assert.equal(outcomeToResult('busy'), 'busy');
      assert.equal(outcomeToResult('missed'), 'missed');
      assert.equal(outcomeToResult('power_off'), 'power_off');
      assert.equal(outcomeToResult('banned'), 'banned');
      assert.equal(outcomeToResult('congestion'), 'banned');
      assert.equal(outcomeToResult('invalid_number'), 'failed:invalid_number');
      assert.equal(outcomeToResult('failed', 102), 'failed:cause_102');
      assert.equal(outcomeToResult('unknown'), 'failed:outcome_unknown');
    });
  });

  describe('attemptOutcome (cause + dial status)', () => {
    it('a Local ;1 that ends with cause 0 after DialEnd BUSY is busy (captures/ami-04-originate-busy-dialplan)', () => {
      assert.equal(attemptOutcome({ cause: 0, answered: false, dialStatus: 'busy' }), 'busy');
    });
    it('a real cause beats the dial status (PJSIP 486: DialEnd BUSY, cause 17)', () => {
      assert.equal(attemptOutcome({ cause: 17, answered: false, dialStatus: 'busy' }), 'busy');
      assert.equal(attemptOutcome({ cause: 38, answered: false, dialStatus: 'unavailable' }), 'power_off');
    });
    it('DialEnd ANSWER means answered even if the state change was missed', () => {
      assert.equal(attemptOutcome({ cause: 16, answered: false, dialStatus: 'answered' }), 'completed');
    });
    it('cause 0 with no dial status is failed, and with no-answer is missed', () => {
      assert.equal(attemptOutcome({ cause: 0, answered: false }), 'failed');
      assert.equal(attemptOutcome({ cause: 0, answered: false, dialStatus: 'no-answer' }), 'missed');
      assert.equal(dialStatusToOutcome('ringing'), undefined);
    });
  });

  it('causeText matches the Cause-txt strings Asterisk 20.20.1 sent in the captures', () => {
    assert.equal(causeText(0), 'Unknown');
    assert.equal(causeText(16), 'Normal Clearing');
    assert.equal(causeText(17), 'User busy');
    assert.equal(causeText(19), 'User alerting, no answer');
    assert.equal(causeText(34), 'Circuit/channel congestion');
    assert.equal(causeText(21), 'Call Rejected');
    assert.equal(causeText(1), 'Unallocated (unassigned) number');
    assert.equal(causeText(12345), 'Unknown');
  });
});
