import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { Clock, IntentClassifierPort, IntentRequest } from '../../../../engine/src/index';
import { LlmIntentClassifier } from '../../../../plugins/llm/llm-intent-classifier';
import { createLlmMetrics } from '../../../../plugins/llm/llm-metrics';
import type { ChatAnswer, ChatCompletionProvider, ChatCompletionRequest } from '../../../../plugins/llm/providers/openai-chat.provider';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { StubLocalClassifier } from './stub-local-classifier';
import { RecordingEvents, RecordingMetrics } from './llm-test-kit';

const REQ: IntentRequest = { text: 'هوم', labels: ['yes', 'no', 'unknown'], fallbackLabel: 'unknown' };

/** A provider whose answers the test releases by hand; each waits for its signal like fetch does. */
class ManualProvider implements ChatCompletionProvider {
  readonly name = 'gapgpt';
  readonly calls: { req: ChatCompletionRequest; answer(a: ChatAnswer): void }[] = [];

  complete(req: ChatCompletionRequest): Promise<ChatAnswer> {
    return new Promise((resolve, reject) => {
      req.signal.addEventListener('abort', () => reject(req.signal.reason as Error), { once: true });
      this.calls.push({ req, answer: resolve });
    });
  }
}

describe('LlmIntentClassifier timing (fake timers, stub provider)', () => {
  let clock: sinon.SinonFakeTimers;
  let provider: ManualProvider;
  let metrics: RecordingMetrics;
  let logger: CaptureLogger;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    provider = new ManualProvider();
    metrics = new RecordingMetrics();
    logger = new CaptureLogger();
  });
  afterEach(() => clock.restore());

  function build(local: IntentClassifierPort = new StubLocalClassifier(), maxParallel = 1): LlmIntentClassifier {
    const engineClock: Clock = { now: () => clock.now };
    return new LlmIntentClassifier({
      local,
      provider,
      events: new RecordingEvents(),
      metrics: createLlmMetrics(metrics, 'gapgpt'),
      logger,
      clock: engineClock,
      config: { apiKey: 'k', timeoutSec: 2, maxParallel, fastPath: true, maxInputChars: 100 },
    });
  }

  it('the deadline covers the wait for a slot: a request queued behind a slow one still ends at its own timeoutSec', async () => {
    const c = build();
    const first = c.classify(REQ);
    await clock.tickAsync(1);
    const second = c.classify(REQ);
    await clock.tickAsync(0);
    assert.equal(provider.calls.length, 1, 'the second request waits for the only slot');
    await clock.tickAsync(1999);
    assert.deepEqual([(await first).source, (await first).latencyMs], ['local', 2000]);
    assert.equal(provider.calls.length, 2, 'the freed slot went to the waiter');
    await clock.tickAsync(1);
    const late = await second;
    assert.deepEqual([late.label, late.source, late.latencyMs], ['unknown', 'local', 2000]);
    const observed = metrics.named('salehi_llm_request_duration_seconds').map((s) => [s.labels['outcome'], s.value]);
    assert.deepEqual(observed, [['timeout', 2], ['timeout', 2]]);
  });

  it('a provider that ignores the abort signal still cannot hold the caller past the deadline', async () => {
    const deaf: ChatCompletionProvider = { name: 'gapgpt', complete: () => new Promise<ChatAnswer>(() => undefined) };
    const c = new LlmIntentClassifier({
      local: new StubLocalClassifier(),
      provider: deaf,
      events: new RecordingEvents(),
      metrics: createLlmMetrics(metrics, 'gapgpt'),
      logger,
      clock: { now: () => clock.now },
      config: { apiKey: 'k', timeoutSec: 2, maxParallel: 1, fastPath: true, maxInputChars: 100 },
    });
    const pending = c.classify(REQ);
    await clock.tickAsync(2000);
    assert.equal((await pending).source, 'local');
    const next = c.classify(REQ);
    await clock.tickAsync(2000);
    assert.equal((await next).source, 'local', 'the slot was freed for the next request');
  });

  it('an answer just before the deadline wins; the timer is cleared', async () => {
    const c = build();
    const pending = c.classify(REQ);
    await clock.tickAsync(1999);
    provider.calls[0]!.answer({ content: 'yes', format: 'none' });
    assert.equal((await pending).source, 'llm');
    assert.equal(clock.countTimers(), 0);
  });

  it("the caller's own signal (the call hung up) ends the wait with the local answer", async () => {
    const c = build();
    const hangup = new AbortController();
    const pending = c.classify({ ...REQ, signal: hangup.signal });
    await clock.tickAsync(100);
    hangup.abort();
    const result = await pending;
    assert.equal(result.source, 'local');
    assert.deepEqual(metrics.named('salehi_llm_results_total').map((s) => s.labels['outcome']), ['aborted']);
  });

  it('a broken local classifier still yields the fallback label, and the LLM is asked', async () => {
    const broken: IntentClassifierPort = { classify: () => Promise.reject(new Error('boom')) };
    const c = build(broken);
    const pending = c.classify(REQ);
    await clock.tickAsync(0);
    provider.calls[0]!.answer({ content: 'banana', format: 'none' });
    assert.deepEqual([(await pending).label, (await pending).source], ['unknown', 'local']);
    assert.ok(logger.find('error', /local intent classifier failed/));
  });
});
