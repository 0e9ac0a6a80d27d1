import assert from 'node:assert/strict';
import sinon from 'sinon';
import { callScripts } from '../../../fakes/fake-telephony';
import { callHarness } from '../../../helpers/call-harness';

const CUSTOMER = 'salehi-att-9';

describe('call session: a conversation with an operator is not cut at the flow limit', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => (clock = sinon.useFakeTimers({ shouldClearNativeTimers: true, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date'] })));
  afterEach(() => clock.restore());

  async function tickUntil(cond: () => boolean, maxMs: number): Promise<void> {
    for (let t = 0; t < maxMs && !cond(); t += 50) await clock.tickAsync(50);
    assert.ok(cond(), 'condition not reached in fake time');
  }

  it('lasts past max_call_duration_sec (300 s) once bridged, and ends with its one result when the customer hangs up', async () => {
    const h = callHarness();
    h.stt.texts = ['بله'];
    const report = h.service.placeOutbound({ phone: '09121234567', endpoint: 'PJSIP/09121234567@trunk', attemptId: 'att-9' });
    await tickUntil(() => h.telephony.callsOf('addToBridge').length === 1, 60_000);
    await clock.tickAsync(20 * 60_000); // a 20-minute conversation
    assert.ok(!h.telephony.callsOf('hangup').some((c) => c.args[0] === CUSTOMER), 'the engine did not hang the customer up');
    await h.telephony.replay(callScripts.calleeHangup(CUSTOMER));
    await clock.tickAsync(5_000);
    assert.equal((await report).result, 'connected_to_operator');
  });

  it('still ends a bridged call at max_bridged_duration_sec (7200 s)', async () => {
    const h = callHarness();
    h.stt.texts = ['بله'];
    const report = h.service.placeOutbound({ phone: '09121234567', endpoint: 'PJSIP/09121234567@trunk', attemptId: 'att-9' });
    await tickUntil(() => h.telephony.callsOf('addToBridge').length === 1, 60_000);
    await clock.tickAsync(7200 * 1000 + 10_000);
    assert.ok(h.telephony.callsOf('hangup').some((c) => c.args[0] === CUSTOMER), 'hung up at the bridged ceiling');
    assert.equal((await report).result, 'connected_to_operator');
  });
});
