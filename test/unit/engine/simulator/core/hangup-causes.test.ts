import assert from 'node:assert/strict';
import { causeText, dialStatusVariable, finalDialStatus, sipToCause } from '../../../../../engine/src/simulator/core/hangup-causes';

describe('simulator hangup causes', () => {
  it('maps SIP final responses like ast_sip_hangup_sip2cause (confirmed 486/480/404/603/503)', () => {
    const table: Array<[number, number]> = [[486, 17], [600, 17], [480, 19], [404, 1], [604, 1], [603, 21], [403, 21], [503, 34], [500, 38], [502, 27], [408, 18], [488, 58], [487, 127], [418, 127], [599, 34]];
    for (const [sip, cause] of table) assert.equal(sipToCause(sip), cause, `SIP ${sip}`);
  });

  it('names causes like ast_cause2str', () => {
    assert.equal(causeText(17), 'User busy');
    assert.equal(causeText(19), 'User alerting, no answer');
    assert.equal(causeText(1), 'Unallocated (unassigned) number');
    assert.equal(causeText(0), 'Unknown');
    assert.equal(causeText(999), 'Unknown');
  });

  it('gives the final Dial status seen on the wire: BUSY, CONGESTION, else NOANSWER', () => {
    assert.equal(finalDialStatus(17), 'BUSY');
    assert.equal(finalDialStatus(34), 'CONGESTION');
    for (const cause of [19, 1, 21, 20]) assert.equal(finalDialStatus(cause), 'NOANSWER');
  });

  it('derives DIALSTATUS like app_dial handle_cause (404 → CHANUNAVAIL)', () => {
    assert.equal(dialStatusVariable(17), 'BUSY');
    assert.equal(dialStatusVariable(34), 'CONGESTION');
    assert.equal(dialStatusVariable(19), 'NOANSWER');
    assert.equal(dialStatusVariable(1), 'CHANUNAVAIL');
    assert.equal(dialStatusVariable(21), 'CHANUNAVAIL');
  });
});
