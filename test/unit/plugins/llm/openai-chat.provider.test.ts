import assert from 'node:assert/strict';
import { EngineError } from '../../../../engine/src/index';
import { OpenAiChatProvider, type ChatAnswer } from '../../../../plugins/llm/providers/openai-chat.provider';
import type { ResponseFormatMode } from '../../../../plugins/llm/llm.config';
import { FakeGapGpt } from '../../../fakes/fake-gapgpt';
import { CaptureLogger } from '../../../fakes/capture-logger';

const LABELS = ['yes', 'no', 'number_question', 'unknown'];
const MESSAGES = [
  { role: 'system' as const, content: 'Classify. Answer with JSON.' },
  { role: 'user' as const, content: 'نه ممنون' },
];

describe('OpenAiChatProvider against the fake GapGPT', () => {
  let fake: FakeGapGpt;
  let logger: CaptureLogger;

  beforeEach(async () => {
    fake = await FakeGapGpt.start();
    logger = new CaptureLogger();
  });
  afterEach(() => fake.close());

  function provider(overrides: { apiKey?: string; responseFormat?: ResponseFormatMode; baseUrl?: string } = {}): OpenAiChatProvider {
    return new OpenAiChatProvider({
      name: 'gapgpt',
      baseUrl: overrides.baseUrl ?? `${fake.baseUrl}/`,
      apiKey: overrides.apiKey ?? fake.apiKey,
      model: 'gpt-4o-mini',
      temperature: 0,
      maxTokens: 20,
      responseFormat: overrides.responseFormat ?? 'json_schema',
      logger,
    });
  }

  function complete(p: OpenAiChatProvider, signal: AbortSignal = new AbortController().signal): Promise<ChatAnswer> {
    return p.complete({ messages: MESSAGES, labels: LABELS, signal });
  }

  async function rejection(promise: Promise<unknown>): Promise<EngineError> {
    try {
      await promise;
    } catch (err) {
      assert.ok(err instanceof EngineError, `expected an EngineError, got ${String(err)}`);
      return err;
    }
    assert.fail('expected a rejection');
  }

  it('POSTs {baseUrl}/chat/completions with Bearer, model, temperature 0, stream false, max_tokens and a strict json_schema enum', async () => {
    fake.enqueue({ kind: 'json', intent: 'no' });
    const answer = await complete(provider());
    assert.deepEqual(answer, { content: '{"intent":"no"}', finishReason: 'stop', format: 'json_schema' });
    const [req] = fake.requests;
    assert.equal(req!.path, '/v1/chat/completions');
    assert.equal(req!.mode, 'json');
    assert.equal(req!.headers['authorization'], 'Bearer ***');
    assert.deepEqual(
      { model: req!.body!.model, temperature: req!.body!.temperature, stream: req!.body!.stream, max_tokens: req!.body!.max_tokens, messages: req!.body!.messages },
      { model: 'gpt-4o-mini', temperature: 0, stream: false, max_tokens: 20, messages: MESSAGES },
    );
    assert.deepEqual(req!.body!.response_format, {
      type: 'json_schema',
      json_schema: {
        name: 'intent',
        strict: true,
        schema: { type: 'object', additionalProperties: false, required: ['intent'], properties: { intent: { type: 'string', enum: LABELS } } },
      },
    });
  });

  it('returns plain text content as it came', async () => {
    fake.enqueue('plain');
    assert.equal((await complete(provider())).content, 'yes');
  });

  it('joins an SSE body even for a non-stream call', async () => {
    fake.enqueue('sse');
    assert.equal((await complete(provider())).content, '{"intent": "yes"}');
  });

  it('stops reading at data: [DONE] when the server leaves the stream open', async () => {
    fake.enqueue({ kind: 'sse', chunks: ['n', 'o'], holdOpen: true });
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(new Error('held open')), 2000);
    try {
      assert.equal((await complete(provider(), controller.signal)).content, 'no');
    } finally {
      clearTimeout(timer);
    }
  });

  it('reports a refusal', async () => {
    fake.enqueue('refusal');
    const answer = await complete(provider());
    assert.equal(answer.content, null);
    assert.equal(answer.refusal, "I'm sorry, I can't help with that.");
  });

  it('maps the gateway quota 403 to CE_LLM_QUOTA', async () => {
    fake.enqueue('quota');
    const err = await rejection(complete(provider()));
    assert.equal(err.code, 'CE_LLM_QUOTA');
    assert.deepEqual(err.details, { provider: 'gapgpt', reason: 'quota', status: 403 });
    assert.match(err.message, /token quota is not enough/);
  });

  it('maps OpenAI 429 insufficient_quota to CE_LLM_QUOTA', async () => {
    fake.enqueue('insufficient-quota');
    const err = await rejection(complete(provider()));
    assert.equal(err.code, 'CE_LLM_QUOTA');
    assert.deepEqual(err.details, { provider: 'gapgpt', reason: 'quota', status: 429 });
  });

  it('maps a 429 rate limit to CE_LLM_FAILED with the Retry-After seconds, without retrying', async () => {
    fake.enqueue({ kind: 'rate-limit', retryAfterSec: 7 });
    const err = await rejection(complete(provider()));
    assert.equal(err.code, 'CE_LLM_FAILED');
    assert.deepEqual(err.details, { provider: 'gapgpt', reason: 'rate_limited', status: 429, retryAfterSec: 7 });
    assert.equal(fake.requests.length, 1);
  });

  it('maps 500 and 503 to server_error', async () => {
    fake.enqueue('server-error', { kind: 'server-error', status: 503 });
    for (const status of [500, 503]) {
      const err = await rejection(complete(provider()));
      assert.equal(err.code, 'CE_LLM_FAILED');
      assert.deepEqual(err.details, { provider: 'gapgpt', reason: 'server_error', status });
    }
  });

  it('maps a body that is neither JSON nor SSE to malformed', async () => {
    fake.enqueue('malformed');
    const err = await rejection(complete(provider()));
    assert.equal(err.code, 'CE_LLM_FAILED');
    assert.deepEqual(err.details, { provider: 'gapgpt', reason: 'malformed' });
  });

  it('maps a wrong key (401) to auth and never puts the key in the message', async () => {
    const err = await rejection(complete(provider({ apiKey: 'wrong-key' })));
    assert.deepEqual(err.details, { provider: 'gapgpt', reason: 'auth', status: 401 });
    assert.equal(fake.requests[0]!.mode, 'unauthorized');
    assert.doesNotMatch(err.message, /wrong-key/);
  });

  it('maps a refused connection to network', async () => {
    const closed = await FakeGapGpt.start();
    const baseUrl = closed.baseUrl;
    await closed.close();
    const err = await rejection(complete(provider({ baseUrl })));
    assert.equal(err.code, 'CE_LLM_FAILED');
    assert.equal((err.details as { reason: string }).reason, 'network');
  });

  it('a hang ends when the signal aborts, with the abort reason when it is an EngineError', async () => {
    fake.enqueue('hang');
    const controller = new AbortController();
    const pending = complete(provider(), controller.signal);
    setTimeout(() => controller.abort(new EngineError('CE_LLM_TIMEOUT', 'deadline', { details: { provider: 'gapgpt', reason: 'timeout' } })), 50);
    const err = await rejection(pending);
    assert.equal(err.code, 'CE_LLM_TIMEOUT');
  });

  it('a hang aborted by a plain reason becomes reason aborted', async () => {
    fake.enqueue('hang');
    const controller = new AbortController();
    const pending = complete(provider(), controller.signal);
    setTimeout(() => controller.abort(), 50);
    const err = await rejection(pending);
    assert.deepEqual(err.details, { provider: 'gapgpt', reason: 'aborted' });
  });

  it('steps down json_schema → json_object → none on 400s naming response_format, and remembers it', async () => {
    fake.enqueue('reject-response-format', 'reject-response-format', { kind: 'plain', content: 'no' });
    const p = provider();
    const answer = await complete(p);
    assert.deepEqual(answer, { content: 'no', finishReason: 'stop', format: 'none' });
    assert.deepEqual(
      fake.requests.map((r) => r.body!.response_format?.type ?? 'none'),
      ['json_schema', 'json_object', 'none'],
    );
    assert.equal(p.currentFormat, 'none');
    fake.enqueue({ kind: 'json', intent: 'yes' });
    await complete(p);
    assert.equal(fake.requests[3]!.body!.response_format, undefined);
    assert.ok(logger.find('warn', /stepping down/));
  });

  it('keeps json_object when only json_schema is unsupported, and sends the word JSON with it', async () => {
    fake.unsupportedFormats.add('json_schema');
    fake.enqueue({ kind: 'json', intent: 'number_question' });
    const p = provider();
    assert.deepEqual(await complete(p), { content: '{"intent":"number_question"}', finishReason: 'stop', format: 'json_object' });
    assert.equal(p.currentFormat, 'json_object');
    const sent = fake.requests[1]!.body!;
    assert.deepEqual(sent.response_format, { type: 'json_object' });
    assert.ok(sent.messages!.some((m) => /JSON/.test(m.content)));
  });

  it('starts from the configured mode', async () => {
    fake.enqueue('plain');
    await complete(provider({ responseFormat: 'none' }));
    assert.equal(fake.requests[0]!.body!.response_format, undefined);
  });
});
