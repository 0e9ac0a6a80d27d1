import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { amdVerdictFor } from '../../../../../engine/src/simulator/core/amd-application';
import { customerBehaviours as people, type CustomerScript } from '../../../../../engine/src/simulator/core/customer-script';
import { DEFAULT_CONTEXTS } from '../../../../../engine/src/simulator/core/sim-world';
import type { DialplanContextConfig } from '../../../../../engine/src/simulator/core/world-context';
import type { WorldEvent } from '../../../../../engine/src/simulator/core/world-events';
import { repoRoot } from '../../../../helpers/repo-root';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

const AMD_CONTEXT: DialplanContextConfig = { name: 'salehi-amd', kind: 'amd', app: APP };

/**
 * The `[salehi-amd]` context in the simulator: an ARI `continue` there runs NoOp, AMD() (verdict
 * from the person's script) and Stasis(app,amd,${SALEHI_CALL_ID},${AMDSTATUS}), with the events
 * the app sees in that order (captures/ari-08b continue case, captures/ami-07-amd).
 */
describe('simulated AMD (dialplan/salehi-amd.conf)', () => {
  let h: Harness | undefined;

  afterEach(() => {
    h?.dispose();
    h = undefined;
  });

  /** An answered call in Stasis, then `continue` to salehi-amd,s,1 as the engine sends it. */
  function answeredThenAmd(script: CustomerScript, contexts = [AMD_CONTEXT]): Harness {
    h?.dispose();
    const w = harness({ contexts });
    h = w;
    w.world.directory.setDefault(script);
    w.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, appArgs: ['outbound', 'att-1'], timeoutSec: 30, channelId: 'c', variables: { SALEHI_CALL_ID: 'att-1' } });
    w.clock.tick(5_000);
    assert.ok(w.world.channels.find('c')?.stasis, 'answered and in Stasis');
    w.events.length = 0;
    assert.equal(w.world.channels.continueInDialplan('c', { context: 'salehi-amd', extension: 's', priority: 1 }).ok, true);
    return w;
  }

  const dialplanSteps = (w: Harness): string[] =>
    w.events.flatMap((e: WorldEvent) => (e.type === 'channel.dialplan' ? [`${e.channel.dialplan.priority} ${e.app}(${e.appData})`] : []));
  const stasisArgs = (w: Harness): string[][] => w.events.flatMap((e) => (e.type === 'stasis.started' ? [[...e.args]] : []));

  it('a person: StasisEnd, NoOp, AMD(), ~3 s later AMDSTATUS=HUMAN, then StasisStart with amd,<callId>,HUMAN', () => {
    const w = answeredThenAmd(people.saysYes());
    assert.deepEqual(w.lines('c'), ['stasis.ended c'], 'only StasisEnd before the REST answer');
    w.clock.tick(1);
    assert.deepEqual(dialplanSteps(w), ['1 NoOp(Salehi AMD for att-1)', '2 AMD()']);
    w.clock.tick(2_998);
    assert.equal(stasisArgs(w).length, 0, 'still listening');
    w.clock.tick(1);
    assert.deepEqual(w.lines('c').slice(3), [
      'channel.varset c AMDSTATUS=HUMAN',
      'channel.varset c AMDCAUSE=HUMAN-815-800',
      'channel.dialplan c',
      'channel.varset c STASISSTATUS=',
      'stasis.started c',
    ]);
    assert.deepEqual(dialplanSteps(w).at(-1), `3 Stasis(${APP},amd,att-1,HUMAN)`);
    assert.deepEqual(stasisArgs(w), [['amd', 'att-1', 'HUMAN']]);
    assert.equal(w.world.channels.answer('c').ok, true, 'controllable again');
  });

  it('the verdict comes from the script: machine, not sure; a silent person is a machine (initial silence)', () => {
    for (const [script, status] of [
      [people.answeringMachine(), 'MACHINE'],
      [people.puzzlesAmd(), 'NOTSURE'],
      [people.staysSilent(), 'MACHINE'],
    ] as const) {
      const w = answeredThenAmd(script);
      w.clock.tick(10_000);
      assert.deepEqual(stasisArgs(w), [['amd', 'att-1', status]]);
    }
  });

  it('a hangup during AMD: AMDSTATUS=HANGUP, the dialplan stops, no StasisStart', () => {
    const w = answeredThenAmd({ ...people.saysYes({ hangupAfterSeconds: 6 }), amd: { status: 'HUMAN', seconds: 30 } });
    w.clock.tick(30_000);
    const lines = w.lines('c').filter((l) => !l.includes('RTPAUDIOQOS'));
    assert.deepEqual(lines.slice(3), [
      'channel.hangup-requested c 16',
      'channel.varset c AMDSTATUS=HANGUP',
      'channel.varset c AMDCAUSE=',
      'channel.varset c STASISSTATUS=SUCCESS',
      'channel.destroyed c 16',
    ]);
    assert.deepEqual(stasisArgs(w), []);
  });

  it('the app not connected: Stasis() fails (STASISSTATUS=FAILED), Hangup() ends the call', () => {
    const w = answeredThenAmd(people.saysYes(), [{ name: 'salehi-amd', kind: 'amd', app: 'nobody' }]);
    w.clock.tick(10_000);
    assert.deepEqual(stasisArgs(w), []);
    assert.ok(w.lines('c').includes('channel.varset c STASISSTATUS=FAILED'));
    assert.deepEqual(dialplanSteps(w).slice(-1), ['4 Hangup()']);
    assert.ok(w.lines('c').includes('channel.hangup-requested c 16 soft'));
    assert.equal(w.world.channels.get('c'), undefined);
  });

  it('runs the same applications, in the same order, as the shipped dialplan file', () => {
    const text = readFileSync(join(repoRoot(), 'dialplan', 'salehi-amd.conf'), 'utf8');
    const shipped = [...text.matchAll(/^\s*(?:exten => s,\d+|same => n),([A-Za-z]+)\(/gm)].map((m) => m[1]);
    const w = answeredThenAmd(people.saysYes(), [{ name: 'salehi-amd', kind: 'amd', app: 'nobody' }]); // Stasis fails: all four priorities run
    w.clock.tick(10_000);
    assert.deepEqual(dialplanSteps(w).map((s) => /^\d+ ([A-Za-z]+)\(/.exec(s)?.[1]), shipped);
    assert.ok(DEFAULT_CONTEXTS.some((c) => c.name === 'salehi-amd' && c.kind === 'amd'), 'the simulator ships the context');
  });

  it('default verdicts follow amd.conf: speaker → HUMAN, silence → MACHINE, nobody → NOTSURE', () => {
    assert.equal(amdVerdictFor(people.saysNo()).status, 'HUMAN');
    assert.equal(amdVerdictFor(people.staysSilent()).status, 'MACHINE');
    assert.equal(amdVerdictFor(undefined).status, 'NOTSURE');
  });
});
