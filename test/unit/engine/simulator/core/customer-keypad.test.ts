import assert from 'node:assert/strict';
import { customerBehaviours as people, type CustomerScript } from '../../../../../engine/src/simulator/core/customer-script';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

/**
 * Scripted key presses: ChannelDtmfReceived on the person's channel, timed from the start of the
 * prompt the script names, dropped once the call is over.
 */
describe('simulated key presses (CustomerScript.keys)', () => {
  let h: Harness;

  afterEach(() => h.dispose());

  /** An answered call in Stasis with `script` on the line; the clock stands at the answer + 5 s. */
  function answered(script: CustomerScript): void {
    h = harness();
    h.world.directory.setDefault(script);
    h.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, timeoutSec: 30, channelId: 'c' });
    h.clock.tick(5_000);
  }

  const digits = (): string[] => h.events.flatMap((e) => (e.type === 'channel.dtmf' ? [`${e.digit}@${e.at - start}`] : []));
  let start = 0;

  /** Starts a prompt on the channel; `start` = when its PlaybackStarted was emitted. */
  function prompt(): void {
    assert.equal(h.world.playbacks.play({ kind: 'channel', id: 'c' }, ['sound:custom/menu']).ok, true);
    h.clock.tick(1); // PlaybackStarted comes on a later tick
    start = h.events.filter((e) => e.type === 'playback.started').at(-1)?.at ?? NaN;
  }

  it('presses the digits after the first prompt starts, one every gapSeconds', () => {
    answered(people.pressesKeys('12#', { afterSeconds: 1, gapSeconds: 0.5 }));
    h.clock.tick(60_000);
    assert.deepEqual(digits(), [], 'nothing before a prompt');
    prompt();
    h.clock.tick(5_000);
    assert.deepEqual(digits(), ['1@1000', '2@1500', '#@2000']);
    const dtmf = h.events.find((e) => e.type === 'channel.dtmf');
    assert.deepEqual(dtmf?.type === 'channel.dtmf' ? [dtmf.channel.id, dtmf.durationMs, dtmf.audience] : [], ['c', 120, [APP]]);
  });

  it('onPrompt picks the prompt: keys for the second menu wait for the second prompt', () => {
    answered({ ...people.staysSilent(), keys: [{ digits: '9', onPrompt: 2, afterSeconds: 2 }] });
    prompt();
    h.clock.tick(10_000);
    assert.deepEqual(digits(), []);
    prompt();
    h.clock.tick(10_000);
    assert.deepEqual(digits(), ['9@2000']);
  });

  it('a person who hangs up presses nothing more', () => {
    answered({ ...people.pressesKeys('123', { afterSeconds: 1, gapSeconds: 2 }), hangupAfterSeconds: 5 });
    prompt();
    h.clock.tick(60_000);
    assert.deepEqual(digits(), ['1@1000'], 'the person hung up about 2 s after the prompt started');
  });
});
