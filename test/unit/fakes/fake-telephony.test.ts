import assert from 'node:assert/strict';
import { EngineError } from '../../../engine/src/errors';
import type { CallEvent } from '../../../engine/src/ports/call-event';
import type { TelephonyPort } from '../../../engine/src/ports/telephony.port';
import { FakeTelephony, callScripts } from '../../fakes/fake-telephony';

function collect(port: TelephonyPort): CallEvent[] {
  const events: CallEvent[] = [];
  port.onEvent((e) => events.push(e));
  return events;
}

describe('FakeTelephony', () => {
  it('replays the answered script on microtasks, in order', async () => {
    const fake = new FakeTelephony();
    const events = collect(fake);
    await fake.originate({ channelId: 'att-1', endpoint: 'PJSIP/1@t', appArgs: ['outbound', 'att-1'] });
    await fake.settle();
    assert.deepEqual(events.map((e) => e.type), ['dial.progressed', 'call.answered', 'dial.progressed', 'call.entered']);
    assert.deepEqual((events[3] as Extract<CallEvent, { type: 'call.entered' }>).args, ['outbound', 'att-1']);
  });

  it('can deliver the script before originate resolves, like Asterisk sometimes does', async () => {
    const fake = new FakeTelephony();
    fake.eventsBeforeOriginateAnswer = true;
    fake.onOriginate((req) => callScripts.busy(req.channelId));
    const events = collect(fake);
    await fake.originate({ channelId: 'att-2', endpoint: 'PJSIP/1@t' });
    assert.deepEqual(events.at(-1), { type: 'call.ended', at: 0, channelId: 'att-2', cause: 17, causeText: 'User busy', vanished: false, techCause: 486 });
  });

  it('fails the next call of a method on demand, then works again', async () => {
    const fake = new FakeTelephony();
    fake.failNext('answer', new EngineError('CE_CALL_GONE'));
    await assert.rejects(fake.answer('c1'), (err: unknown) => err instanceof EngineError && err.code === 'CE_CALL_GONE');
    await fake.answer('c1');
    assert.equal(fake.callsOf('answer').length, 2);
  });

  it('play and record complete with events; hangup is idempotent', async () => {
    const fake = new FakeTelephony();
    const events = collect(fake);
    fake.emit(callScripts.answered('c1')[3]);
    await fake.play('c1', { media: 'sound:custom/hello', playbackId: 'pb-x' });
    await fake.record('c1', { name: 'rec-1' });
    await fake.settle();
    assert.equal(await fake.hangup('c1'), true);
    await fake.settle();
    assert.equal(await fake.hangup('c1'), false);
    assert.deepEqual(events.map((e) => e.type), [
      'call.entered',
      'playback.started',
      'playback.finished',
      'recording.started',
      'recording.finished',
      'call.hangup-requested',
      'call.left',
      'call.ended',
    ]);
  });
});
