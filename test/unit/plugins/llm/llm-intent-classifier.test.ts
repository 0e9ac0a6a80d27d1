import assert from 'node:assert/strict';
import { EngineError, systemClock, type IntentRequest } from '../../../../engine/src/index';
import { createLlmClassifier } from '../../../../plugins/llm/llm-classifier.factory';
import { llmConfigSchema, type LlmConfig } from '../../../../plugins/llm/llm.config';
import type { LlmIntentClassifier } from '../../../../plugins/llm/llm-intent-classifier';
import { FakeGapGpt } from '../../../fakes/fake-gapgpt';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { StubLocalClassifier } from './stub-local-classifier';
import { RecordingEvents, RecordingMetrics } from './llm-test-kit';

const ACADEMY = { labels: ['yes', 'no', 'number_question', 'unknown'], fallbackLabel: 'unknown', scenario: 'academy' };

function ask(text: string, extra: Partial<IntentRequest> = {}): IntentRequest {
  return { ...ACADEMY, text, ...extra };
}

describe('LlmIntentClassifier against the fake GapGPT', () => {
  let fake: FakeGapGpt;
  let logger: CaptureLogger;
  let metrics: RecordingMetrics;
  let events: RecordingEvents;
  let local: StubLocalClassifier;
  let classifier: LlmIntentClassifier;

  function build(overrides: Partial<LlmConfig> = {}): LlmIntentClassifier {
    const config = llmConfigSchema.parse({ baseUrl: fake.baseUrl, apiKey: fake.apiKey, ...overrides });
    classifier = createLlmClassifier({ config, local, events, metrics, logger, clock: systemClock });
    return classifier;
  }

  beforeEach(async () => {
    fake = await FakeGapGpt.start();
    logger = new CaptureLogger();
    metrics = new RecordingMetrics();
    events = new RecordingEvents();
    local = new StubLocalClassifier();
  });
  afterEach(async () => {
    classifier?.close();
    await fake.close();
  });

  async function rejection(promise: Promise<unknown>): Promise<EngineError> {
    try {
      await promise;
    } catch (err) {
      assert.ok(err instanceof EngineError);
      return err;
    }
    assert.fail('expected a rejection');
  }

  function outcomes(): string[] {
    return metrics.named('salehi_llm_results_total').map((s) => String(s.labels['outcome']));
  }

  it('fast path: a decisive local answer ("بله") makes no LLM call', async () => {
    const result = await build().classify(ask('بله بفرمایید'));
    assert.deepEqual({ label: result.label, source: result.source, matched: result.matched }, { label: 'yes', source: 'local', matched: 'بله' });
    assert.equal(fake.requests.length, 0);
    assert.deepEqual(metrics.named('salehi_llm_fast_path_total'), [{ name: 'salehi_llm_fast_path_total', labels: { label: 'yes' }, value: 1 }]);
  });

  it('asks the LLM when the local classifier cannot decide, and takes its label', async () => {
    fake.enqueue({ kind: 'json', intent: 'number_question' });
    const result = await build().classify(ask('شمارمو از کجا آوردید'));
    assert.equal(result.label, 'number_question');
    assert.equal(result.source, 'llm');
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(fake.requests[0]!.body!.messages!.at(-1), { role: 'user', content: 'شمارمو از کجا آوردید' });
    assert.deepEqual(outcomes(), ['ok']);
    const [latency] = metrics.named('salehi_llm_request_duration_seconds');
    assert.deepEqual(latency!.labels, { provider: 'gapgpt', outcome: 'ok' });
    assert.ok(latency!.value >= 0 && latency!.value < 5);
  });

  it('with fastPath off, asks the LLM even when the local classifier is decisive', async () => {
    fake.enqueue({ kind: 'json', intent: 'no' });
    const result = await build({ fastPath: false }).classify(ask('بله ولی نه الان'));
    assert.deepEqual([result.label, result.source], ['no', 'llm']);
  });

  for (const [mode, label] of [['plain', 'yes'], ['sse', 'yes']] as const) {
    it(`takes the label from a ${mode} answer`, async () => {
      fake.enqueue(mode);
      const result = await build().classify(ask('قیمتش چنده'));
      assert.deepEqual([result.label, result.source], [label, 'llm']);
    });
  }

  it('an LLM "unknown" is an LLM answer, and never read as "no"', async () => {
    fake.enqueue({ kind: 'plain', content: 'unknown' });
    const result = await build().classify(ask('الو الو'));
    assert.deepEqual([result.label, result.source], ['unknown', 'llm']);
  });

  const fallbacks = [
    ['refusal', 'refusal'],
    [{ kind: 'json', intent: 'maybe' }, 'unparsable'],
    [{ kind: 'plain', content: 'I think the customer said no' }, 'unparsable'],
    ['server-error', 'server_error'],
    [{ kind: 'rate-limit', retryAfterSec: 3 }, 'rate_limited'],
    ['malformed', 'malformed'],
  ] as const;
  for (const [mode, outcome] of fallbacks) {
    it(`falls back to the local answer on ${outcome} (${typeof mode === 'string' ? mode : JSON.stringify(mode)})`, async () => {
      fake.enqueue(mode);
      const result = await build().classify(ask('یه چیز نامفهوم'));
      assert.deepEqual([result.label, result.source], ['unknown', 'local']);
      assert.deepEqual(outcomes(), [outcome]);
      assert.ok(logger.find('warn', /using the local classifier/));
      assert.equal(events.emitted.length, 0);
    });
  }

  for (const mode of ['quota', 'insufficient-quota'] as const) {
    it(`quota (${mode}) emits quota.exhausted and rejects with CE_LLM_QUOTA`, async () => {
      fake.enqueue(mode);
      const err = await rejection(build().classify(ask('نمیدونم')));
      assert.equal(err.code, 'CE_LLM_QUOTA');
      assert.equal(events.emitted.length, 1);
      const event = events.emitted[0]!;
      assert.equal(event.type, 'quota.exhausted');
      assert.ok(event.type === 'quota.exhausted');
      assert.deepEqual({ provider: event.provider, result: event.result }, { provider: 'gapgpt', result: 'failed:llm_quota' });
      assert.deepEqual(metrics.named('salehi_llm_quota_events_total').map((s) => s.labels), [{ provider: 'gapgpt' }]);
      assert.deepEqual(outcomes(), ['quota']);
      assert.ok(logger.find('error', /quota exhausted/));
    });
  }

  it('times out a hanging endpoint after timeoutSec and answers locally', async () => {
    fake.enqueue('hang');
    const started = Date.now();
    const result = await build({ timeoutSec: 0.2 }).classify(ask('ممم'));
    assert.deepEqual([result.label, result.source], ['unknown', 'local']);
    assert.ok(Date.now() - started < 5000);
    assert.deepEqual(outcomes(), ['timeout']);
  });

  it('keeps at most maxParallel requests in flight', async () => {
    fake.latencyMs = 100;
    fake.defaultMode = { kind: 'json', intent: 'no' };
    const c = build({ maxParallel: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => c.classify(ask(`جواب ${i}`))));
    assert.deepEqual(results.map((r) => r.source), Array(6).fill('llm'));
    assert.equal(fake.requests.length, 6);
    assert.equal(fake.maxInFlight, 2);
  });

  it('without an API key never calls the LLM', async () => {
    const c = build({ apiKey: '' });
    assert.equal(c.llmEnabled, false);
    const result = await c.classify(ask('شاید'));
    assert.deepEqual([result.label, result.source], ['unknown', 'local']);
    assert.equal(fake.requests.length, 0);
  });

  it('does not send an empty transcript', async () => {
    const result = await build().classify(ask('   '));
    assert.equal(result.source, 'local');
    assert.equal(fake.requests.length, 0);
  });

  it('close() ends requests in flight with the local answer and skips the LLM afterwards', async () => {
    fake.enqueue('hang');
    const c = build();
    const pending = c.classify(ask('هوم'));
    while (fake.requests.length === 0) await new Promise((r) => setImmediate(r));
    c.close();
    assert.equal((await pending).source, 'local');
    assert.equal((await c.classify(ask('هوم'))).source, 'local');
    assert.equal(fake.requests.length, 1);
    assert.deepEqual(outcomes(), ['aborted']);
  });

  it('keyword mode maps transcripts to labels end to end', async () => {
    const c = build();
    const labels = [];
    for (const text of ['هزینه دوره چقدره', 'شماره منو از کجا دارید', 'الان نیاز ندارم', 'سلام']) labels.push((await c.classify(ask(text))).label);
    assert.deepEqual(labels, ['yes', 'number_question', 'no', 'unknown']);
    assert.ok(fake.requests.every((r) => r.mode === 'keyword'));
  });
});
