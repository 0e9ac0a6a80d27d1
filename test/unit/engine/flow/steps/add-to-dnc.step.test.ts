import assert from 'node:assert/strict';
import sinon from 'sinon';
import { EngineError } from '../../../../../engine/src/errors';
import { runFlow } from '../../../../../engine/src/flow/flow-runner';
import { StepRegistry } from '../../../../../engine/src/flow/step-registry';
import { addToDncStep, DNC_WRITE_LIMIT_MS } from '../../../../../engine/src/flow/steps/add-to-dnc.step';
import type { StepOutcome } from '../../../../../engine/src/flow/step-context';
import { scenarioWith, stepHarness, stepOf, type HarnessOptions, type StepHarness } from './support/step-harness';

type DncStep = Parameters<typeof addToDncStep.run>[1];

/** entry → set_result not_interested → add_to_dnc → hangup: the result comes first, the DNC write after it. */
const OPT_OUT = [
  { step: 'start', type: 'entry', next: 'result' },
  { step: 'result', type: 'set_result', result: 'not_interested', next: 'remove' },
  { step: 'remove', type: 'add_to_dnc', reason: 'asked not to be called', next: 'bye' },
  { step: 'bye', type: 'hangup' },
].map((s) => `- ${JSON.stringify(s)}`).join('\n');

describe('add_to_dnc step', () => {
  let h: StepHarness;

  function setup(o: HarnessOptions = {}, flow = OPT_OUT): { run: () => Promise<StepOutcome>; flow: () => Promise<string> } {
    const scenario = scenarioWith(flow);
    h = stepHarness(scenario, o);
    return {
      run: () => addToDncStep.run(h.ctx, stepOf(scenario, 'remove') as DncStep),
      flow: () => runFlow(h.ctx, scenario.outbound, new StepRegistry()),
    };
  }

  it("writes the call's number with the step's reason, then goes to next", async () => {
    assert.deepEqual(await setup().run(), { next: 'bye' });
    assert.deepEqual(h.dncWrites, ['09121234567 asked not to be called']);
  });

  it('defaults: reason "caller asked"; without next the flow ends there', async () => {
    const flow = [{ step: 'start', type: 'entry', next: 'remove' }, { step: 'remove', type: 'add_to_dnc' }].map((s) => `- ${JSON.stringify(s)}`).join('\n');
    assert.deepEqual(await setup({}, flow).run(), { end: true });
    assert.deepEqual(h.dncWrites, ['09121234567 caller asked']);
  });

  it('a store error is logged and the flow goes on: the call keeps its result, no flow error', async () => {
    const failure = new EngineError('CE_STORE_FAILED', 'database is locked');
    const { flow } = setup({ dnc: async () => Promise.reject(failure) });
    assert.equal(await flow(), 'finished');
    assert.equal(h.result.current(), 'not_interested');
    const logged = h.logger.find('error', /could not add the caller to the do-not-call list/);
    assert.equal((logged?.obj as { err?: unknown } | undefined)?.err, failure);
  });

  it('without a caller number (anonymous inbound caller) nothing is written and the flow goes on', async () => {
    const add = sinon.fake.resolves(undefined);
    assert.deepEqual(await setup({ phone: '', dnc: add }).run(), { next: 'bye' });
    assert.equal(add.callCount, 0);
    assert.ok(h.logger.find('warn', /no caller number/));
  });

  describe('a store that does not answer', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => (clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })));
    afterEach(() => clock.restore());

    it(`holds the call at most ${DNC_WRITE_LIMIT_MS} ms, then goes on; a late failure is still logged`, async () => {
      let fail!: (err: Error) => void;
      const { run } = setup({ dnc: () => new Promise((_, reject) => (fail = reject)) });
      let outcome: StepOutcome | undefined;
      void run().then((o) => (outcome = o));
      await clock.tickAsync(DNC_WRITE_LIMIT_MS - 1);
      assert.equal(outcome, undefined);
      await clock.tickAsync(1);
      assert.deepEqual(outcome, { next: 'bye' });
      assert.ok(h.logger.find('error', /write is slow/));
      fail(new EngineError('CE_STORE_FAILED', 'connection lost'));
      await clock.tickAsync(0);
      assert.ok(h.logger.find('error', /failed after the step moved on/));
    });
  });
});
