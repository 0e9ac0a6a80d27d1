import assert from 'node:assert/strict';
import { customerBehaviours, operatorBehaviours, SPOKEN, type CustomerScript } from '../../../../../engine/src/simulator/core/customer-script';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

const ID = 'att-1';

function call(h: Harness, number: string, timeoutSec: number | null = 30): void {
  const result = h.world.channels.originate({ endpoint: `PJSIP/${number}@${TRUNK}`, app: APP, appArgs: ['outbound', ID], timeoutSec, channelId: ID });
  assert.equal(result.ok, true);
}

function destroyed(h: Harness): string | undefined {
  return h.lines(ID).find((l) => l.startsWith('channel.destroyed'));
}

/** Each scripted behaviour, seen on the originated PJSIP leg (the causes of PROTOCOLS.md §2.6). */
describe('simulated customers and operators', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness();
  });

  afterEach(() => h.dispose());

  it('answers after N s of ringing and enters Stasis with the originate args', () => {
    h.world.directory.set('0912', customerBehaviours.saysYes({ ringSeconds: 3 }));
    call(h, '0912');
    h.clock.tick(2999);
    assert.deepEqual(h.lines(ID), [`channel.created ${ID}`, `dial ${ID} ""`, `channel.state-changed ${ID} Ringing`, `dial ${ID} RINGING`]);
    h.clock.tick(1);
    assert.deepEqual(h.lines(ID).slice(4), [`channel.state-changed ${ID} Up`, `dial ${ID} ANSWER`, `channel.varset ${ID} STASISSTATUS=`, `stasis.started ${ID}`]);
    assert.deepEqual(h.world.channels.get(ID)?.dialplan.appData, `${APP},outbound,${ID}`);
  });

  const failures: Array<[string, CustomerScript, string]> = [
    ['busy', customerBehaviours.busy(), '17/486'],
    ['unavailable (480)', customerBehaviours.unavailable(2), '19/480'],
    ['powered off (Q.850 20 over 480)', customerBehaviours.poweredOff(20), '20/480'],
    ['powered off (500 → 38)', customerBehaviours.poweredOff(38), '38/500'],
    ['rejects (603)', customerBehaviours.rejects(), '21/603'],
    ['congestion (503)', customerBehaviours.congestion(), '34/503'],
    ['unallocated (404)', customerBehaviours.unallocated(), '1/404'],
    ['operator busy', operatorBehaviours.busy(), '17/486'],
  ];
  for (const [name, script, causes] of failures) {
    it(`${name}: hangup request and ChannelDestroyed ${causes}, never StasisStart`, () => {
      h.world.directory.set('0912', script);
      call(h, '0912');
      h.clock.tick(10_000);
      assert.ok(h.lines(ID).includes(`channel.hangup-requested ${ID} ${causes}`));
      assert.equal(destroyed(h), `channel.destroyed ${ID} ${causes}`);
      assert.ok(!h.lines(ID).some((l) => l.startsWith('stasis')));
      assert.equal(h.world.clock.pending, 0, 'no timer outlives the call');
    });
  }

  it('no answer: rings until our originate timeout, then ChannelDestroyed 19/480 only', () => {
    h.world.directory.set('0912', customerBehaviours.noAnswer());
    call(h, '0912', 45);
    h.clock.tick(44_999);
    assert.equal(destroyed(h), undefined);
    h.clock.tick(1);
    assert.deepEqual(h.lines(ID).slice(-1), [`channel.destroyed ${ID} 19/480`]);
    assert.ok(!h.lines(ID).some((l) => l.startsWith('channel.hangup-requested')));
  });

  it('an operator who never answers rings forever without an originate timeout', () => {
    h.world.directory.set('200', operatorBehaviours.neverAnswers());
    call(h, '200', null);
    h.clock.tick(3_600_000);
    assert.equal(destroyed(h), undefined);
    assert.equal(h.world.channels.get(ID)?.state, 'Ringing');
  });

  it('hangs up during a prompt: far-end BYE N s after the answer (request 16 without soft, cause 16)', () => {
    h.world.directory.set('0912', customerBehaviours.hangsUpDuringPrompt(4, { ringSeconds: 1 }));
    call(h, '0912');
    h.clock.tick(1000);
    h.world.playbacks.play({ kind: 'channel', id: ID }, ['sound:silence/10'], {});
    h.clock.tick(4000);
    assert.deepEqual(h.lines(ID).slice(-4), [`channel.hangup-requested ${ID} 16`, `stasis.ended ${ID}`, `channel.varset ${ID} STASISSTATUS=SUCCESS`, `channel.destroyed ${ID} 16`]);
    const order = h.events.map((e) => e.type);
    assert.ok(order.indexOf('playback.finished') > order.indexOf('channel.hangup-requested'));
    assert.ok(order.indexOf('playback.finished') < order.indexOf('stasis.ended'));
    assert.ok(h.events.some((e) => e.type === 'playback.finished' && e.playback.state === 'done'));
  });

  const speakers: Array<[string, CustomerScript, string]> = [
    ['says yes', customerBehaviours.saysYes({ ringSeconds: 0 }), SPOKEN.yes],
    ['says no', customerBehaviours.saysNo({ ringSeconds: 0 }), SPOKEN.no],
    ['asks where we got the number', customerBehaviours.asksWhereNumberCameFrom({ ringSeconds: 0 }), SPOKEN.whereDidYouGetMyNumber],
    ['says something unclear', customerBehaviours.saysSomethingUnclear({ ringSeconds: 0 }), SPOKEN.unclear],
    ['stays silent', customerBehaviours.staysSilent({ ringSeconds: 0 }), ''],
  ];
  for (const [name, script, text] of speakers) {
    it(`${name}: the recording carries the spoken text (${text === '' ? 'silence' : 'Persian speech'}) and real audio`, () => {
      h.world.directory.set('0912', script);
      call(h, '0912');
      h.clock.tick(10);
      const channel = h.world.channels.find(ID);
      assert.ok(channel);
      assert.equal(h.world.recordings.record(channel, { name: `rec-${ID}`, format: 'wav', maxDurationSeconds: 15, maxSilenceSeconds: 2, ifExists: 'overwrite' }).ok, true);
      h.clock.tick(20_000);
      const spoken = h.world.spokenText.get(`rec-${ID}`);
      assert.equal(spoken?.text, text);
      assert.equal(spoken?.party, script.label);
      const stored = h.world.store.read(`rec-${ID}`);
      assert.equal(stored?.data.toString('ascii', 0, 4), 'RIFF');
      const finished = h.events.find((e) => e.type === 'recording.finished');
      assert.ok(finished && finished.type === 'recording.finished');
      assert.equal(finished.recording.duration, Math.round(spoken?.durationSec ?? -1));
      if (text === '') assert.equal(spoken?.durationSec, 2, 'silence detection stops after maxSilenceSeconds');
      else assert.ok((spoken?.speechEndSec ?? 0) > (spoken?.speechStartSec ?? 0));
    });
  }
});
