import 'reflect-metadata';
import assert from 'node:assert/strict';
import { buildEngine, type Engine } from '../../../../engine/src/build-engine';
import { loadConfig } from '../../../../engine/src/config/load-config';
import {
  ENGINE_EVENTS,
  EngineError,
  INTENT_CLASSIFIER_PORT,
  LOCAL_INTENT_CLASSIFIER,
  METRICS,
  type EngineEvent,
} from '../../../../engine/src/index';
import { createLlmPlugin, llmConfigSchema, llmPlugin } from '../../../../plugins/llm/index';
import { resolveToken } from '../../../../engine/src/di/token';
import { LEGACY_PLUGIN_DEFAULTS } from '../../../../engine/src/config/legacy-plugins';
import { FakeGapGpt } from '../../../fakes/fake-gapgpt';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { StubLocalClassifier } from './stub-local-classifier';

const ACADEMY = { labels: ['yes', 'no', 'number_question', 'unknown'], fallbackLabel: 'unknown' };

describe('llm plugin (definePlugin manifest booted by the engine)', () => {
  let fake: FakeGapGpt;
  let engine: Engine | undefined;

  beforeEach(async () => {
    fake = await FakeGapGpt.start();
  });
  afterEach(async () => {
    await engine?.stop();
    engine = undefined;
    await fake.close();
  });

  /** The legacy .env variables an old deployment has; the plugin is enabled as legacy always ran it. */
  function legacyConfig(extra: Record<string, string> = {}) {
    return loadConfig({
      env: { GAPGPT_BASE_URL: fake.baseUrl, GAPGPT_API_KEY: fake.apiKey, LLM_TIMEOUT: '5', MAX_PARALLEL_LLM: '2', SALEHI__asterisk__enabled: 'false', SALEHI__store__sqlite__path: ':memory:', ...extra },
      envFile: null,
      availablePlugins: ['llm'],
    });
  }

  it('declares its id, provides/requires tokens and no CLI command without a local classifier factory', () => {
    assert.equal(llmPlugin.id, 'llm');
    assert.deepEqual(llmPlugin.provides, [INTENT_CLASSIFIER_PORT]);
    assert.deepEqual(llmPlugin.requires, [LOCAL_INTENT_CLASSIFIER]);
    assert.deepEqual(llmPlugin.commands, []);
    assert.deepEqual(createLlmPlugin({ createLocalClassifier: () => new StubLocalClassifier() }).commands?.map((c) => c.name), ['classify']);
  });

  it('accepts the legacy slice shape and fills the new keys with defaults', () => {
    const parsed = llmConfigSchema.parse({ ...LEGACY_PLUGIN_DEFAULTS.llm });
    assert.deepEqual(parsed, {
      baseUrl: 'https://api.gapgpt.app/v1',
      apiKey: '',
      timeoutSec: 20,
      maxParallel: 10,
      model: 'gpt-4o-mini',
      temperature: 0,
      maxTokens: 20,
      responseFormat: 'json_schema',
      fastPath: true,
      maxInputChars: 1000,
      providerName: 'gapgpt',
    });
  });

  it('boots from a legacy .env, registers INTENT_CLASSIFIER_PORT, classifies through GapGPT and exports metrics', async () => {
    const local = new StubLocalClassifier();
    engine = buildEngine(legacyConfig(), {
      plugins: [llmPlugin],
      logger: new CaptureLogger(),
      overrides: (c) => c.register(LOCAL_INTENT_CLASSIFIER, { useValue: local }),
    });
    await engine.start();
    assert.deepEqual(engine.plugins.list().map((p) => [p.id, p.state]), [['llm', 'started']]);
    const classifier = resolveToken(engine.container, INTENT_CLASSIFIER_PORT);
    fake.enqueue({ kind: 'json', intent: 'no' });
    const fromLlm = await classifier.classify({ ...ACADEMY, text: 'فعلا نمیخوام' });
    const fromLocal = await classifier.classify({ ...ACADEMY, text: 'آره حتما' });
    assert.deepEqual([fromLlm.label, fromLlm.source, fromLocal.label, fromLocal.source], ['no', 'llm', 'yes', 'local']);
    assert.equal(fake.requests.length, 1);
    const { body } = await resolveToken(engine.container, METRICS).render();
    assert.match(body, /salehi_llm_request_duration_seconds_count\{provider="gapgpt",outcome="ok"\} 1/);
    assert.match(body, /salehi_llm_results_total\{provider="gapgpt",outcome="ok"\} 1/);
    assert.match(body, /salehi_llm_fast_path_total\{label="yes"\} 1/);
  });

  it('a quota answer reaches ENGINE_EVENTS subscribers and the quota counter', async () => {
    engine = buildEngine(legacyConfig(), {
      plugins: [llmPlugin],
      logger: new CaptureLogger(),
      overrides: (c) => c.register(LOCAL_INTENT_CLASSIFIER, { useValue: new StubLocalClassifier() }),
    });
    await engine.start();
    const seen: EngineEvent[] = [];
    resolveToken(engine.container, ENGINE_EVENTS).on('quota.exhausted', (e) => seen.push(e));
    fake.enqueue('quota');
    await assert.rejects(resolveToken(engine.container, INTENT_CLASSIFIER_PORT).classify({ ...ACADEMY, text: 'چی' }), (err: unknown) => err instanceof EngineError && err.code === 'CE_LLM_QUOTA');
    assert.equal(seen.length, 1);
    const event = seen[0] as EngineEvent & { type: 'quota.exhausted' };
    assert.deepEqual([event.type, event.provider, event.result], ['quota.exhausted', 'gapgpt', 'failed:llm_quota']);
    assert.match(event.detail ?? '', /token quota is not enough/);
    const { body } = await resolveToken(engine.container, METRICS).render();
    assert.match(body, /salehi_llm_quota_events_total\{provider="gapgpt"\} 1/);
  });

  it('declares the local classifier as a requirement, and the engine provides the real one by default', async () => {
    assert.ok(llmPlugin.requires?.includes(LOCAL_INTENT_CLASSIFIER));
    engine = buildEngine(legacyConfig({ GAPGPT_API_KEY: '' }), { plugins: [llmPlugin], logger: new CaptureLogger() });
    await engine.start();
    // The engine's Persian classifier answers "بله" on the fast path, with no LLM call.
    const result = await resolveToken(engine.container, INTENT_CLASSIFIER_PORT).classify({ ...ACADEMY, text: 'بله بفرمایید' });
    assert.deepEqual([result.label, result.source], ['yes', 'local']);
  });

  it('fails boot on an invalid slice (unknown responseFormat), naming the key', () => {
    const config = loadConfig({ env: { SALEHI__plugins: JSON.stringify({ llm: { enabled: true, responseFormat: 'xml' } }) }, envFile: null });
    assert.throws(
      () => buildEngine(config, { plugins: [llmPlugin], logger: new CaptureLogger(), overrides: (c) => c.register(LOCAL_INTENT_CLASSIFIER, { useValue: new StubLocalClassifier() }) }),
      (err: unknown) => err instanceof EngineError && err.code === 'CE_PLUGIN_CONFIG_INVALID' && /plugins\.llm\.responseFormat/.test(err.message),
    );
  });

  it('without an API key starts, warns, and classifies locally only', async () => {
    const logger = new CaptureLogger();
    engine = buildEngine(legacyConfig({ GAPGPT_API_KEY: '' }), {
      plugins: [llmPlugin],
      logger,
      overrides: (c) => c.register(LOCAL_INTENT_CLASSIFIER, { useValue: new StubLocalClassifier() }),
    });
    await engine.start();
    assert.ok(logger.find('warn', /apiKey is empty/));
    const result = await resolveToken(engine.container, INTENT_CLASSIFIER_PORT).classify({ ...ACADEMY, text: 'شاید' });
    assert.equal(result.source, 'local');
    assert.equal(fake.requests.length, 0);
  });

  it('stopping the engine ends an LLM request in flight with the local answer', async () => {
    engine = buildEngine(legacyConfig(), {
      plugins: [llmPlugin],
      logger: new CaptureLogger(),
      overrides: (c) => c.register(LOCAL_INTENT_CLASSIFIER, { useValue: new StubLocalClassifier() }),
    });
    await engine.start();
    fake.enqueue('hang');
    const pending = resolveToken(engine.container, INTENT_CLASSIFIER_PORT).classify({ ...ACADEMY, text: 'هوم' });
    while (fake.requests.length === 0) await new Promise((r) => setImmediate(r));
    await engine.stop();
    engine = undefined;
    assert.equal((await pending).source, 'local');
  });
});
