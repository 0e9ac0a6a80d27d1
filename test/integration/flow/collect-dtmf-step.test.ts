import assert from 'node:assert/strict';
import { customerBehaviours as people, type CustomerScript, type KeyPresses } from '../../../engine/src/simulator/core/customer-script';
import { startFlowEngine, type FlowEngine } from './support/flow-engine';

/** The menu prompt plays 25 simulated seconds (0.5 s of real time at 50×). */
const MENU_SECONDS = 25;
/**
 * Keys pressed well after the menu ended (20 simulated s = 0.4 s real, so no barge-in), 10 simulated
 * seconds apart (0.2 s real: each key its own WebSocket frame, inside the 1 s inter-digit timeout).
 */
const afterMenu = (digits: string, more: Omit<KeyPresses, 'digits'> = {}): CustomerScript =>
  people.pressesKeys(digits, { afterSeconds: MENU_SECONDS + 20, gapSeconds: 10, ...more });

/**
 * Issue #4: the `collect_dtmf` step through the whole engine and the PBX simulator, whose scripted
 * person presses keys (ChannelDtmfReceived) relative to the prompts they hear. Scenario dtmf-menu:
 * max 3 keys, `#` ends early, 2 s for the first key, 1 s between keys (engine time, real seconds).
 */
describe('collect_dtmf step through the PBX simulator (scenario dtmf-menu)', function () {
  this.timeout(30_000);
  let flow: FlowEngine;

  before(async () => {
    flow = await startFlowEngine({ durations: { 'custom/steps/menu': MENU_SECONDS } });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') flow.dump();
  });

  after(async () => flow.stop());

  const cases: ReadonlyArray<{ readonly name: string; readonly script: CustomerScript; readonly branch: string }> = [
    { name: 'max digits: "123" ends the entry at the third key', script: afterMenu('123'), branch: 'picked_123' },
    { name: 'terminator: "42#" ends the entry at #, which is not part of it', script: afterMenu('42#'), branch: 'picked_42' },
    // The second key would come 3 simulated minutes later (3.6 s real): the 1 s inter-digit timeout ends the entry first.
    { name: 'inter-digit timeout: "1", then nothing → the entry is "1"', script: afterMenu('12', { gapSeconds: 180 }), branch: 'picked_1' },
    { name: 'invalid keys: "9#" matches no route → on_invalid', script: afterMenu('9#'), branch: 'invalid' },
    { name: 'only the terminator: "#" is no entry → on_timeout', script: afterMenu('#'), branch: 'no_input' },
    { name: 'first-digit timeout: no key within 2 s after the menu → on_timeout', script: people.staysSilent(), branch: 'no_input' },
  ];

  for (const c of cases) {
    it(`${c.name} → ${c.branch}`, async () => {
      const { report, commands } = await flow.call('dtmf-menu', c.script);
      assert.deepEqual(commands, ['originate', 'play menu', `play ${c.branch.replace('_', '-')}`, 'hangup customer']);
      assert.equal(report.result, 'unknown');
    });
  }

  it('keys pressed during the menu prompt count and stop it (barge-in)', async () => {
    // Keys at 2, 7 and 12 s into the 25 s menu.
    const { report, commands, requests } = await flow.call('dtmf-menu', people.pressesKeys('123', { afterSeconds: 2, gapSeconds: 5 }));
    assert.deepEqual(commands, ['originate', 'play menu', 'playbacks.stop', 'play picked-123', 'hangup customer']);
    // The stopped playback is the menu (the call's first prompt), stopped while it was still playing.
    const stop = requests.find((r) => r.operation === 'playbacks.stop');
    assert.deepEqual([stop?.path, stop?.status], [`/playbacks/${report.callId}-pb1`, 204]);
    assert.equal(report.result, 'unknown');
  });

  it('the customer hangs up in the middle of an entry → result hangup, nothing more sent', async () => {
    // "1" 20 s after the menu, then the person hangs up 20 s later (0.4 s real), inside the 1 s inter-digit timeout.
    const keys: string[] = [];
    const stop = flow.sim.world.on((e) => void (e.type === 'channel.dtmf' && keys.push(e.digit)));
    const { report, commands } = await flow.call('dtmf-menu', { ...afterMenu('12', { gapSeconds: 600 }), hangupAfterSeconds: MENU_SECONDS + 40 });
    stop();
    assert.deepEqual(keys, ['1'], 'one key pressed before the hangup');
    assert.deepEqual(commands, ['originate', 'play menu']);
    assert.equal(report.result, 'hangup');
  });
});
