import assert from 'node:assert/strict';
import sinon from 'sinon';
import { CallGoneError, EngineError } from '../../../../../engine/src/errors';
import { runFlow } from '../../../../../engine/src/flow/flow-runner';
import type { CallControl, StepOutcome } from '../../../../../engine/src/flow/step-context';
import { StepRegistry } from '../../../../../engine/src/flow/step-registry';
import { amdStep } from '../../../../../engine/src/flow/steps/amd.step';
import { problemsOf, scenarioWith, stepHarness, stepOf, type StepHarness } from './support/step-harness';

const BRANCHES = ['person', 'machine', 'unsure', 'lost'].map((id) => ({ step: id, type: 'hangup' }));
const AMD = { step: 'detect', type: 'amd', on_human: 'person', on_machine: 'machine', on_notsure: 'unsure', on_timeout: 'lost' };

function flowWith(amd: Record<string, unknown>, ends: ReadonlyArray<Record<string, unknown>> = BRANCHES): string {
  const named = new Set([amd['on_human'], amd['on_machine'], amd['on_notsure'], amd['on_timeout']]);
  return [{ step: 'start', type: 'entry', next: 'detect' }, amd, ...ends.filter((e) => named.has(e['step']))].map((s) => `- ${JSON.stringify(s)}`).join('\n');
}

type AmdStep = Parameters<typeof amdStep.run>[1];
type DetectMachine = CallControl['detectMachine'];

describe('amd step', () => {
  let h: StepHarness;

  function setup(detectMachine: DetectMachine, amd: Record<string, unknown> = AMD): { run: () => Promise<StepOutcome> } {
    const scenario = scenarioWith(flowWith(amd));
    h = stepHarness(scenario, { control: { detectMachine } });
    return { run: () => amdStep.run(h.ctx, stepOf(scenario, 'detect') as AmdStep) };
  }

  it('routes on the verdict: human → on_human, machine → on_machine, notsure → on_notsure', async () => {
    for (const [verdict, next] of [['human', 'person'], ['machine', 'machine'], ['notsure', 'unsure']] as const) {
      assert.deepEqual(await setup(async () => verdict).run(), { next });
    }
  });

  it('without on_notsure an undecided AMD counts as a person (nobody is dropped)', async () => {
    assert.deepEqual(await setup(async () => 'notsure', { ...AMD, on_notsure: undefined }).run(), { next: 'person' });
  });

  it('asks the call control for AMD with detect_timeout_sec (default 10 s)', async () => {
    const detect = sinon.fake.resolves('human');
    await setup(detect).run();
    assert.deepEqual(detect.firstCall.args, [{ timeoutSec: 10 }]);
    const custom = sinon.fake.resolves('human');
    await setup(custom, { ...AMD, detect_timeout_sec: 4 }).run();
    assert.deepEqual(custom.firstCall.args, [{ timeoutSec: 4 }]);
  });

  describe('no verdict in time', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => (clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })));
    afterEach(() => clock.restore());

    it('after exactly detect_timeout_sec → on_timeout (no result set: the scenario sets one there)', async () => {
      let outcome: StepOutcome | undefined;
      void setup(() => new Promise(() => undefined)).run().then((o) => (outcome = o));
      await clock.tickAsync(9_999);
      assert.equal(outcome, undefined);
      await clock.tickAsync(1);
      assert.deepEqual(outcome, { next: 'lost' });
      assert.equal(h.result.current(), undefined);
      assert.ok(h.logger.find('warn', /did not come back from AMD/));
    });

    it('without on_timeout → result failed:amd_timeout and the flow ends (the session hangs the call up)', async () => {
      const run = setup(() => new Promise(() => undefined), { ...AMD, on_timeout: undefined }).run();
      await clock.tickAsync(10_000);
      assert.deepEqual(await run, { end: true });
      assert.equal(h.result.current(), 'failed:amd_timeout');
    });

    it('the call control giving up first (CE_TELEPHONY_TIMEOUT) is the same timeout path', async () => {
      const run = setup(async () => Promise.reject(new EngineError('CE_TELEPHONY_TIMEOUT', 'no return'))).run();
      assert.deepEqual(await run, { next: 'lost' });
      assert.equal(clock.countTimers(), 0, 'the step timer is cleared');
    });

    it('through runFlow: the whole flow goes on at on_timeout and ends with the scenario result, never stalls', async () => {
      const scenario = scenarioWith(flowWith(AMD, [...BRANCHES.filter((b) => b.step !== 'lost'), { step: 'lost', type: 'set_result', result: 'failed:amd_lost', next: 'person' }]));
      h = stepHarness(scenario, { control: { detectMachine: () => new Promise(() => undefined) } });
      const flow = runFlow(h.ctx, scenario.outbound, new StepRegistry());
      await clock.tickAsync(10_000);
      assert.equal(await flow, 'finished');
      assert.equal(h.result.current(), 'failed:amd_lost');
    });
  });

  it('the customer hangs up during AMD: CallGoneError goes up (the flow ends as gone; the session sets the one result)', async () => {
    await assert.rejects(setup(async () => Promise.reject(new CallGoneError('call over while waiting for AMD'))).run(), CallGoneError);
    assert.equal(h.result.current(), undefined);
  });

  it('a refused continue (any other error) goes up: the runner ends the call as a flow error', async () => {
    const refused = new EngineError('CE_TELEPHONY_REQUEST_FAILED', 'Channel not in Stasis application');
    await assert.rejects(setup(async () => Promise.reject(refused)).run(), (err: unknown) => err === refused);
  });

  describe('schema (checked when the scenario loads)', () => {
    it('needs on_human and on_machine; on_notsure and on_timeout are optional step references', () => {
      const issues = problemsOf(flowWith({ step: 'detect', type: 'amd', on_human: 'person', on_timeout: 'nowhere' }));
      assert.deepEqual(issues.map((i) => i.field), ['on_machine']);
      const unknown = problemsOf(flowWith({ ...AMD, on_timeout: 'nowhere' }));
      assert.deepEqual(unknown.map((i) => [i.step, i.field]), [['detect', 'on_timeout']]);
    });

    it('a step-wide timeout_sec must leave AMD its detect_timeout_sec', () => {
      const issues = problemsOf(flowWith({ ...AMD, detect_timeout_sec: 8, timeout_sec: 8 }));
      assert.deepEqual(issues.map((i) => [i.step, i.field]), [['detect', 'timeout_sec']]);
      assert.deepEqual(problemsOf(flowWith({ ...AMD, detect_timeout_sec: 8, timeout_sec: 12 })), []);
    });
  });
});
