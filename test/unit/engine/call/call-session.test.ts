import assert from 'node:assert/strict';
import { CallGoneError, EngineError } from '../../../../engine/src/errors';
import { callScripts } from '../../../fakes/fake-telephony';
import { callHarness, playedTo, until, type CallHarness } from '../../../helpers/call-harness';

const P = (name: string) => `sound:custom/academy/${name}`;
const CUSTOMER = 'salehi-att-1';

function place(h: CallHarness, attemptId = 'att-1') {
  return h.service.placeOutbound({ phone: '09121234567', endpoint: 'PJSIP/09121234567@trunk', attemptId, line: '02191302954' });
}

/** Waits until the customer's flow has asked the operator roster (an operator originate exists). */
async function operatorLegs(h: CallHarness, n: number): Promise<string[]> {
  await until(() => h.telephony.callsOf('originate').length > n);
  return h.telephony.callsOf('originate').slice(1).map((c) => (c.args[0] as { channelId: string }).channelId);
}

describe('call session: outbound academy scenario', () => {
  it('yes → plays yes, bridges an operator with hold music, result connected_to_operator', async () => {
    const h = callHarness();
    h.stt.texts = ['بله بفرمایید'];
    const report = place(h);
    const [leg] = await operatorLegs(h, 1);
    await until(() => h.telephony.callsOf('addToBridge').length === 1);
    assert.deepEqual(h.telephony.callsOf('addToBridge')[0]?.args[1], [CUSTOMER, leg]);
    await h.telephony.replay(callScripts.calleeHangup(CUSTOMER));
    const r = await report;
    assert.equal(r.result, 'connected_to_operator');
    assert.equal(r.intent, 'yes');
    const played = playedTo(h.telephony, CUSTOMER);
    assert.deepEqual(played.slice(0, 2), [P('hello'), P('yes')]);
    assert.ok(played.slice(2).every((m) => m === P('onhold')), 'only hold music after yes');
    // No operator leg survives its customer.
    assert.ok(h.telephony.callsOf('hangup').some((c) => c.args[0] === leg));
    assert.equal(h.registry.size(), 0);
  });

  it('no → goodby, not_interested, hang up', async () => {
    const h = callHarness();
    h.stt.texts = ['نه ممنون'];
    const r = await place(h);
    assert.equal(r.result, 'not_interested');
    assert.deepEqual(playedTo(h.telephony, CUSTOMER), [P('hello'), P('goodby')]);
    assert.ok(h.telephony.callsOf('hangup').some((c) => c.args[0] === CUSTOMER));
  });

  it('number_question → number prompt, a NEW recording, and the flow continues (legacy stalled here)', async () => {
    const h = callHarness();
    h.stt.texts = ['شماره منو از کجا آوردید', 'نه'];
    const r = await place(h);
    assert.equal(r.result, 'not_interested');
    assert.deepEqual(playedTo(h.telephony, CUSTOMER), [P('hello'), P('number'), P('goodby')]);
    const names = h.telephony.callsOf('record').map((c) => (c.args[1] as { name: string }).name);
    assert.equal(names.length, 2);
    assert.notEqual(names[0], names[1]);
  });

  it('silence → "alo" and one more recording, then hangup result', async () => {
    const h = callHarness();
    h.stt.texts = ['', ''];
    const r = await place(h);
    assert.equal(r.result, 'hangup');
    assert.deepEqual(playedTo(h.telephony, CUSTOMER), [P('hello'), P('alo')]);
    assert.equal(h.telephony.callsOf('record').length, 2);
  });

  it('silence then an answer: the second recording is used', async () => {
    const h = callHarness();
    h.stt.texts = ['', 'بله'];
    const report = place(h);
    await operatorLegs(h, 1);
    await h.telephony.replay(callScripts.calleeHangup(CUSTOMER));
    assert.equal((await report).result, 'connected_to_operator');
  });

  it('maps failures before answer to results: busy, missed, power_off (38), banned (21)', async () => {
    const outcomes: Record<string, string> = {};
    for (const [name, script] of [
      ['busy', (id: string) => callScripts.busy(id)],
      ['noanswer', (id: string) => callScripts.noAnswer(id)],
      ['rejected', (id: string) => callScripts.rejected(id)],
      ['power38', (id: string) => [{ type: 'call.ended' as const, at: 0, channelId: id, cause: 38, causeText: 'Network out of order', vanished: false, techCause: 500 }]],
    ] as const) {
      const h = callHarness();
      h.telephony.onOriginate((req) => script(req.channelId));
      outcomes[name] = (await place(h)).result;
      assert.equal(h.telephony.callsOf('play').length, 0, `${name}: nothing played`);
    }
    assert.deepEqual(outcomes, { busy: 'busy', noanswer: 'missed', rejected: 'banned', power38: 'power_off' });
  });

  it('an operator who does not answer → the next agent', async () => {
    const h = callHarness();
    h.stt.texts = ['بله'];
    let legs = 0;
    h.telephony.onOriginate((req) => {
      if (req.appArgs?.[0] !== 'operator') return callScripts.answered(req.channelId, req.appArgs);
      return ++legs === 1 ? callScripts.noAnswer(req.channelId) : callScripts.answered(req.channelId, req.appArgs);
    });
    const report = place(h);
    const ops = await operatorLegs(h, 2);
    await until(() => h.telephony.callsOf('addToBridge').length === 1);
    const endpoints = h.telephony.callsOf('originate').slice(1).map((c) => (c.args[0] as { endpoint: string }).endpoint);
    assert.notEqual(endpoints[0], endpoints[1], 'a different agent');
    assert.deepEqual(h.telephony.callsOf('addToBridge')[0]?.args[1], [CUSTOMER, ops[1]]);
    await h.telephony.replay(callScripts.calleeHangup(CUSTOMER));
    assert.equal((await report).result, 'connected_to_operator');
  });

  it('joining the bridge fails → hold music plays again while the next agent rings, then that agent is bridged', async () => {
    const h = callHarness();
    h.stt.texts = ['بله'];
    h.telephony.failNext('addToBridge', new Error('Channel not in Stasis application'));
    const report = place(h);
    const ops = await operatorLegs(h, 2);
    await until(() => h.telephony.callsOf('addToBridge').length === 2);
    const order = h.telephony.calls.filter((c) => c.method === 'addToBridge' || c.method === 'originate' || (c.method === 'play' && c.args[0] === CUSTOMER));
    const step = order.map((c) => (c.method === 'play' ? `play ${String((c.args[1] as { media: string }).media)}` : c.method === 'originate' ? `originate ${(c.args[0] as { channelId: string }).channelId}` : 'addToBridge'));
    const firstBridge = step.indexOf('addToBridge');
    const secondLeg = step.indexOf(`originate ${ops[1]}`);
    assert.ok(firstBridge !== -1 && secondLeg > firstBridge, step.join(' | '));
    assert.ok(step.slice(firstBridge + 1, secondLeg + 1).includes(`play ${P('onhold')}`), `hold music restarted before the next agent rang: ${step.join(' | ')}`);
    assert.deepEqual(h.telephony.callsOf('addToBridge')[1]?.args[1], [CUSTOMER, ops[1]]);
    assert.ok(h.telephony.callsOf('hangup').some((c) => c.args[0] === ops[0]), 'the first leg was hung up');
    await h.telephony.replay(callScripts.calleeHangup(CUSTOMER));
    assert.equal((await report).result, 'connected_to_operator');
  });

  it('the customer hangs up while the operator rings → the ringing leg is hung up, result disconnected', async () => {
    const h = callHarness();
    h.stt.texts = ['بله'];
    h.telephony.onOriginate((req) =>
      req.appArgs?.[0] === 'operator' ? [{ type: 'call.ringing', at: 0, channelId: req.channelId }] : callScripts.answered(req.channelId, req.appArgs),
    );
    const report = place(h);
    const [leg] = await operatorLegs(h, 1);
    await h.telephony.replay(callScripts.calleeHangup(CUSTOMER));
    const r = await report;
    assert.equal(r.result, 'disconnected');
    assert.ok(h.telephony.callsOf('hangup').some((c) => c.args[0] === leg), 'ringing operator leg hung up');
  });

  it('the operator hangs up after the bridge → the customer is hung up too', async () => {
    const h = callHarness();
    h.stt.texts = ['بله'];
    const report = place(h);
    const [leg] = await operatorLegs(h, 1);
    await until(() => h.telephony.callsOf('addToBridge').length === 1);
    await h.telephony.replay(callScripts.calleeHangup(leg as string));
    const r = await report;
    assert.equal(r.result, 'connected_to_operator');
    assert.ok(h.telephony.callsOf('hangup').some((c) => c.args[0] === CUSTOMER));
  });

  it('ignores a duplicate RecordingFinished and works when the channel is already Up at StasisStart', async () => {
    const h = callHarness();
    h.stt.texts = ['نه'];
    h.telephony.onOriginate((req) => {
      const [, , , entered] = callScripts.answered(req.channelId, req.appArgs);
      return [entered!]; // no call.answered first: Up already at StasisStart
    });
    h.telephony.autoRecordingSec = undefined;
    const report = place(h);
    await until(() => h.telephony.callsOf('record').length === 1);
    const name = (h.telephony.callsOf('record')[0]?.args[1] as { name: string }).name;
    const finished = { type: 'recording.finished' as const, at: 0, name, format: 'wav', channelId: CUSTOMER, canceled: false, durationSec: 2 };
    await h.telephony.replay([finished, finished]);
    assert.equal((await report).result, 'not_interested');
    assert.equal(h.stt.requests.length, 1, 'the duplicate did not cause a second transcription');
  });

  it('an ARI 404 (CallGone) after the hangup is quiet: no crash, one result', async () => {
    const h = callHarness();
    h.telephony.failNext('play', new CallGoneError('Channel not found'));
    h.telephony.onOriginate((req) => [...callScripts.answered(req.channelId, req.appArgs), ...callScripts.calleeHangup(req.channelId)]);
    const r = await place(h);
    assert.equal(r.result, 'hangup');
    assert.equal(h.reports.length, 1);
    assert.equal(h.logger.records.filter((x) => x.level === 'error').length, 0, 'nothing logged as an error');
  });
});

describe('call session: provider and media failures', () => {
  it('an STT failure takes the classify step\'s on_failure (academy: failed:recording), not a crash', async () => {
    const h = callHarness();
    h.stt.transcribe = async () => {
      throw new EngineError('CE_STT_FAILED', 'upstream 502');
    };
    const r = await place(h);
    assert.equal(r.result, 'failed:recording');
    assert.ok(h.telephony.callsOf('hangup').some((c) => c.args[0] === CUSTOMER));
  });

  it('an unreadable recording counts as no speech: "alo" and one more try', async () => {
    const h = callHarness();
    let n = 0;
    h.stt.transcribe = async () => {
      if (n++ === 0) throw new EngineError('CE_AUDIO_INVALID', 'not a WAV');
      return { text: 'نه', status: 'ok', provider: 'scripted', timings: { precheckMs: 0, enhanceMs: 0, requestMs: 0 } };
    };
    const r = await place(h);
    assert.equal(r.result, 'not_interested');
    assert.deepEqual(playedTo(h.telephony, CUSTOMER), [P('hello'), P('alo'), P('goodby')]);
  });
});

describe('call session: inbound', () => {
  it('runs the inbound flow to an operator, never the outbound flow', async () => {
    const h = callHarness();
    const ch = 'inbound-ch-1';
    const entered = callScripts.answered(ch, ['inbound', 'in-1', 'default', '02191302954'])[3]!;
    await h.telephony.replay([entered]);
    await until(() => h.telephony.callsOf('addToBridge').length === 1);
    await h.telephony.replay(callScripts.calleeHangup(ch));
    await until(() => h.reports.length === 1);
    const r = h.reports[0]!;
    assert.equal(r.direction, 'inbound');
    assert.equal(r.result, 'inbound_call');
    assert.ok(!playedTo(h.telephony, ch).includes(P('hello')), 'outbound greeting never played');
    assert.equal(h.telephony.callsOf('record').length, 0);
  });
});
