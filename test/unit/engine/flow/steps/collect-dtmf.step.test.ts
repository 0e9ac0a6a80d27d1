import assert from 'node:assert/strict';
import sinon from 'sinon';
import { CallGoneError } from '../../../../../engine/src/errors';
import { runFlow } from '../../../../../engine/src/flow/flow-runner';
import type { StepOutcome } from '../../../../../engine/src/flow/step-context';
import { StepRegistry } from '../../../../../engine/src/flow/step-registry';
import { collectDtmfStep } from '../../../../../engine/src/flow/steps/collect-dtmf.step';
import { CALL_ID, CHANNEL, problemsOf, scenarioWith, stepHarness, stepOf, type StepHarness } from './support/step-harness';

const ENDS = ['one', 'answer', 'code', 'silent', 'wrong', 'other'].map((id) => ({ step: id, type: 'hangup' }));
const MENU = { step: 'menu', type: 'collect_dtmf', prompt: 'menu', max_digits: 3, terminator: '#', routes: { 1: 'one', 42: 'answer', 123: 'code' }, on_timeout: 'silent', on_invalid: 'wrong', next: 'other' };

/** A flow: entry → the collect step → a step for each branch it names (YAML flow mappings are JSON). */
function flowWith(collect: Record<string, unknown>, ends: ReadonlyArray<Record<string, unknown>> = ENDS): string {
  const named = new Set([...Object.values((collect['routes'] ?? {}) as Record<string, string>), collect['on_timeout'], collect['on_invalid'], collect['next']]);
  return [{ step: 'start', type: 'entry', next: 'menu' }, collect, ...ends.filter((e) => named.has(e['step']))].map((s) => `- ${JSON.stringify(s)}`).join('\n');
}

type CollectStep = Parameters<typeof collectDtmfStep.run>[1];

describe('collect_dtmf step', () => {
  let clock: sinon.SinonFakeTimers;
  let h: StepHarness;
  let outcome: StepOutcome | undefined;
  const settle = () => clock.tickAsync(0);

  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    outcome = undefined;
  });
  afterEach(() => clock.restore());

  /** Starts the step on a fresh harness (`run`, wrapped so awaiting start() does not await it); `outcome` is set when it returns. */
  async function start(collect: Record<string, unknown> = MENU): Promise<{ run: Promise<StepOutcome> }> {
    const scenario = scenarioWith(flowWith(collect));
    h = stepHarness(scenario);
    const run = collectDtmfStep.run(h.ctx, stepOf(scenario, 'menu') as CollectStep);
    void run.then((o) => (outcome = o), () => undefined);
    await settle();
    return { run };
  }

  async function promptEnded(): Promise<void> {
    h.promptFinished(1);
    await settle();
  }

  async function keys(digits: string): Promise<void> {
    for (const d of digits) {
      h.key(d);
      await settle();
    }
  }

  it('plays the prompt to its end, then routes by the entry: "42#" → the "42" route', async () => {
    const { run } = await start();
    assert.deepEqual(h.telephony.callsOf('play').map((c) => [c.args[0], (c.args[1] as { media: string }).media]), [[CHANNEL, 'sound:custom/menu']]);
    await promptEnded();
    await keys('42#');
    assert.deepEqual(await run, { next: 'answer' });
    assert.equal(h.ctx.state.lastDigits, '42');
    assert.equal(h.telephony.callsOf('stopPlayback').length, 0, 'a prompt that ended by itself is not stopped');
  });

  it('max_digits ends the entry at the last key, without waiting', async () => {
    const { run } = await start();
    await promptEnded();
    await keys('123');
    assert.deepEqual(await run, { next: 'code' });
  });

  it('keys pressed during the prompt count and stop it (barge-in); later keys are not lost meanwhile', async () => {
    const { run } = await start();
    await keys('12');
    assert.deepEqual(h.telephony.callsOf('stopPlayback').map((c) => c.args[0]), [`${CALL_ID}-pb1`]);
    await keys('3');
    assert.deepEqual(await run, { next: 'code' });
  });

  it('first-digit timeout: counted from the END of the prompt, however long it plays', async () => {
    const { run } = await start();
    await clock.tickAsync(20_000); // a 20 s prompt: no timeout while it plays
    assert.equal(outcome, undefined);
    await promptEnded();
    await clock.tickAsync(4_999);
    assert.equal(outcome, undefined);
    await clock.tickAsync(1);
    assert.deepEqual(await run, { next: 'silent' });
    assert.equal(h.ctx.state.lastDigits, '');
  });

  it('inter-digit timeout: each further key has 3 s; then the entry is what was typed', async () => {
    const { run } = await start();
    await promptEnded();
    await keys('4');
    await clock.tickAsync(2_999);
    await keys('2');
    await clock.tickAsync(2_999);
    assert.equal(outcome, undefined, 'still typing');
    await clock.tickAsync(1);
    assert.deepEqual(await run, { next: 'answer' });
  });

  it('the terminator alone is no entry → on_timeout', async () => {
    const { run } = await start();
    await promptEnded();
    await keys('#');
    assert.deepEqual(await run, { next: 'silent' });
  });

  it('invalid keys → on_invalid; without it → next; without both → on_timeout', async () => {
    for (const [collect, expected] of [
      [MENU, 'wrong'],
      [{ ...MENU, on_invalid: undefined }, 'other'],
      [{ ...MENU, on_invalid: undefined, next: undefined }, 'silent'],
    ] as const) {
      const { run } = await start(collect);
      await promptEnded();
      await keys('9#');
      assert.deepEqual(await run, { next: expected });
      assert.equal(h.ctx.state.lastDigits, '9');
    }
  });

  it('without routes the entry is a value for later steps: next, digits in lastDigits', async () => {
    const { run } = await start({ step: 'menu', type: 'collect_dtmf', max_digits: 4, next: 'other' });
    await keys('0912');
    assert.deepEqual(await run, { next: 'other' });
    assert.equal(h.ctx.state.lastDigits, '0912');
    assert.equal(h.telephony.callsOf('play').length, 0, 'no prompt configured, none played');
  });

  it('the caller hangs up in the middle of an entry: CallGoneError (the flow ends quietly as gone)', async () => {
    const { run } = await start();
    await promptEnded();
    await keys('1');
    h.hangUp();
    await assert.rejects(run, CallGoneError);
  });

  it('the caller hangs up during the prompt: CallGoneError, and no late key wait is left behind', async () => {
    const { run } = await start();
    h.hangUp();
    await assert.rejects(run, CallGoneError);
    await clock.tickAsync(60_000);
    assert.equal(clock.countTimers(), 0);
  });

  it('a slow entry is not cut by a step-wide default timeout (runFlow): 3 keys over 8 s still route', async () => {
    const scenario = scenarioWith(flowWith({ ...MENU, prompt: undefined }, [
      { step: 'code', type: 'set_result', result: 'not_interested' },
      ...ENDS.filter((e) => e.step !== 'code'),
    ]));
    h = stepHarness(scenario);
    const flow = runFlow(h.ctx, scenario.outbound, new StepRegistry());
    await settle();
    for (const d of '123') {
      await clock.tickAsync(2_700);
      await keys(d);
    }
    assert.equal(await flow, 'finished');
    assert.equal(h.result.current(), 'not_interested');
  });

  describe('schema (checked when the scenario loads)', () => {
    it('defaults: 1 key, 5 s for the first, 3 s between keys, no step-wide timeout', () => {
      const step = stepOf(scenarioWith(flowWith({ step: 'menu', type: 'collect_dtmf', next: 'other' })), 'menu');
      assert.deepEqual([step['max_digits'], step['first_digit_timeout_sec'], step['inter_digit_timeout_sec'], step.timeout_sec], [1, 5, 3, undefined]);
    });

    it('a route nobody can type is refused: longer than max_digits, or holding the terminator', () => {
      const issues = problemsOf(flowWith({ ...MENU, max_digits: 2, routes: { 1: 'one', 123: 'code', '4#': 'answer' } }));
      assert.deepEqual(issues.map((i) => [i.step, i.field]), [['menu', 'routes.123'], ['menu', 'routes.4#']]);
      assert.match(issues[0]?.message ?? '', /longer than max_digits/);
      assert.match(issues[1]?.message ?? '', /terminator/);
    });

    it('routes are keyed by keypad digits and must name existing steps', () => {
      const issues = problemsOf(flowWith({ ...MENU, routes: { x: 'one', 2: 'nowhere' } }));
      assert.deepEqual(issues.map((i) => [i.step, i.field]), [['menu', 'routes.x']]);
      const missing = problemsOf(flowWith({ ...MENU, routes: { 2: 'nowhere' } }));
      assert.deepEqual(missing.map((i) => [i.step, i.field]), [['menu', 'routes.2']]);
    });
  });
});
