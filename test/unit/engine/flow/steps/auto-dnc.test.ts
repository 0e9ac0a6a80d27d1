import assert from 'node:assert/strict';
import { CallSpeechService } from '../../../../../engine/src/call/call-speech';
import { KeywordIntentClassifier } from '../../../../../engine/src/classify';
import { loadScenarioText, type ScenarioIssue } from '../../../../../engine/src/flow/load-scenarios';
import type { LoadedScenario } from '../../../../../engine/src/flow/loaded-scenario';
import { StepRegistry } from '../../../../../engine/src/flow/step-registry';
import { classifyIntentStep } from '../../../../../engine/src/flow/steps/classify-intent.step';
import { systemClock } from '../../../../../engine/src/ports/clock.port';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { FakeTelephony } from '../../../../fakes/fake-telephony';
import { stepHarness, stepOf } from './support/step-harness';

/** The academy's four labels, with or without `options.auto_dnc`. */
function academyLike(autoDnc: boolean): LoadedScenario {
  const text = [
    'scenario:',
    '  name: optout',
    '  prompts: { hello: "sound:custom/hello" }',
    '  llm:',
    '    intent_categories: ["yes", "no", "number_question", "unknown"]',
    '  options:',
    `    auto_dnc: ${autoDnc}`,
    '  flow:',
    '    - { step: start, type: entry, next: rec }',
    '    - { step: rec, type: record, next: classify }',
    '    - { step: classify, type: classify_intent, routes: { "no": bye, "yes": bye }, next: bye }',
    '    - { step: bye, type: set_result, result: not_interested }',
  ].join('\n');
  const issues: ScenarioIssue[] = [];
  const loaded = loadScenarioText(text, 'optout.yaml', new StepRegistry(), issues);
  assert.ok(loaded, JSON.stringify(issues));
  return loaded;
}

function speech(scenario: LoadedScenario): CallSpeechService {
  return new CallSpeechService({
    telephony: new FakeTelephony(),
    classifier: new KeywordIntentClassifier(systemClock),
    scenario,
    signal: new AbortController().signal,
    log: new CaptureLogger(),
  });
}

describe('options.auto_dnc: a caller who asks to be removed goes on the DNC list', () => {
  it('with auto_dnc the reply "don\'t call me again" is still the step\'s `no`, and flagged as a DNC request', async () => {
    const s = speech(academyLike(true));
    assert.deepEqual(await s.classify('لطفا دیگه به من زنگ نزنید'), { label: 'no', source: 'local', dncRequested: true });
    assert.deepEqual(await s.classify('شماره منو حذف کنید'), { label: 'no', source: 'local', dncRequested: true });
    assert.deepEqual(await s.classify('بله بفرمایید'), { label: 'yes', source: 'local' });
    assert.deepEqual(await s.classify('نه ممنون'), { label: 'no', source: 'local' }, 'a plain "no" is not a request to be removed');
  });

  it('without auto_dnc nothing is flagged (the same reply is just `no`)', async () => {
    assert.deepEqual(await speech(academyLike(false)).classify('دیگه زنگ نزنید'), { label: 'no', source: 'local' });
  });

  it('the classify step writes the caller to the DNC list and still routes on the label', async () => {
    const scenario = academyLike(true);
    const h = stepHarness(scenario);
    h.ctx.state.lastRecording = { status: 'done', name: 'r1', durationSec: 2 } as never;
    const ctx = { ...h.ctx, speech: { transcribe: async () => ({ text: 'دیگه زنگ نزنید', status: 'ok' as const }), classify: async () => ({ label: 'no', source: 'local' as const, dncRequested: true }) } };
    assert.deepEqual(await classifyIntentStep.run(ctx, stepOf(scenario, 'classify') as never), { next: 'bye' });
    assert.deepEqual(h.dncWrites, ['09121234567 asked not to be called again (auto_dnc)']);
  });

  it('a reply without the flag writes nothing', async () => {
    const scenario = academyLike(true);
    const h = stepHarness(scenario);
    h.ctx.state.lastRecording = { status: 'done', name: 'r1', durationSec: 2 } as never;
    const ctx = { ...h.ctx, speech: { transcribe: async () => ({ text: 'نه', status: 'ok' as const }), classify: async () => ({ label: 'no', source: 'local' as const }) } };
    await classifyIntentStep.run(ctx, stepOf(scenario, 'classify') as never);
    assert.deepEqual(h.dncWrites, []);
  });
});
