import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { loadConfig } from '../../../../engine/src/config/load-config';
import { EngineError, type EngineConfig, type PluginCommand } from '../../../../engine/src/index';
import { createClassifyCommand } from '../../../../plugins/llm/classify.command';
import { createLlmPlugin } from '../../../../plugins/llm/index';
import { FakeGapGpt } from '../../../fakes/fake-gapgpt';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { StubLocalClassifier } from './stub-local-classifier';

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

describe('salehi-engine classify (llm plugin command)', () => {
  let fake: FakeGapGpt;
  let local: StubLocalClassifier;
  let command: PluginCommand;

  beforeEach(async () => {
    fake = await FakeGapGpt.start();
    local = new StubLocalClassifier();
    const plugin = createLlmPlugin({ createLocalClassifier: () => local });
    command = plugin.commands![0]!;
  });
  afterEach(() => fake.close());

  function config(env: Record<string, string> = {}): EngineConfig {
    return loadConfig({ env: { GAPGPT_BASE_URL: fake.baseUrl, GAPGPT_API_KEY: fake.apiKey, ...env }, envFile: null, availablePlugins: ['llm'] });
  }

  async function run(flags: Record<string, string | true>, stdin: string, cfg: EngineConfig = config(), cmd: PluginCommand = command): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await cmd.run({
      flags,
      positionals: [],
      io: { out: (t) => out.push(t), err: (t) => err.push(t), stdin: Readable.from([stdin]) },
      config: cfg,
      logger: new CaptureLogger(),
      openStore: () => {
        throw new Error('this command does not use the store');
      },
    });
    return { code, out, err };
  }

  it('prints intent<TAB>source<TAB>text per line: local fast path, then GapGPT', async () => {
    const { code, out } = await run({ scenario: 'academy' }, 'بله بفرمایید\r\nهزینه دوره چقدره\n\nشماره منو از کجا آوردید\nسلام\n');
    assert.equal(code, 0);
    assert.deepEqual(out, [
      'yes\tlocal\tبله بفرمایید',
      'yes\tllm\tهزینه دوره چقدره',
      'number_question\tllm\tشماره منو از کجا آوردید',
      'unknown\tllm\tسلام',
    ]);
    assert.equal(fake.requests.length, 3);
    assert.deepEqual(local.seen.map((r) => [r.scenario, r.labels.join(','), r.fallbackLabel])[0], ['academy', 'yes,no,number_question,unknown', 'unknown']);
  });

  it('--no-llm uses only the local classifier and prints unknown where it cannot decide', async () => {
    const { code, out } = await run({ scenario: 'academy', 'no-llm': true }, 'نه ممنون\nهزینه دوره چقدره\n');
    assert.equal(code, 0);
    assert.deepEqual(out, ['no\tlocal\tنه ممنون', 'unknown\tlocal\tهزینه دوره چقدره']);
    assert.equal(fake.requests.length, 0);
  });

  it('keeps input order while classifying several lines at once', async () => {
    fake.latencyMs = 80;
    const lines = Array.from({ length: 8 }, (_, i) => (i % 2 ? `هزینه ${i}` : `سلام ${i}`));
    const { out } = await run({ scenario: 'academy' }, `${lines.join('\n')}\n`, config({ MAX_PARALLEL_LLM: '4' }));
    assert.deepEqual(out.map((l) => l.split('\t')[2]), lines);
    assert.deepEqual(out.map((l) => l.split('\t')[0]), lines.map((_, i) => (i % 2 ? 'yes' : 'unknown')));
    assert.ok(fake.maxInFlight >= 2 && fake.maxInFlight <= 4, `in flight at once: ${fake.maxInFlight}`);
  });

  it('falls back to the local answer when GapGPT fails, and says so in the source column', async () => {
    fake.enqueue('server-error');
    const { out } = await run({ scenario: 'academy' }, 'هزینه دوره چقدره\n');
    assert.deepEqual(out, ['unknown\tlocal\tهزینه دوره چقدره']);
  });

  it('stops with CE_LLM_QUOTA on a quota answer', async () => {
    fake.enqueue('quota');
    await assert.rejects(run({ scenario: 'academy' }, 'سلام\nهزینه\n'), (err: unknown) => err instanceof EngineError && err.code === 'CE_LLM_QUOTA');
  });

  it('needs --scenario (exit 64 with usage)', async () => {
    const { code, err, out } = await run({}, 'بله\n');
    assert.equal(code, 64);
    assert.match(err.join('\n'), /usage: salehi-engine classify --scenario NAME/);
    assert.deepEqual(out, []);
  });

  it('exits 2 when plugins.llm is invalid', async () => {
    const bad = loadConfig({ env: { SALEHI__plugins: JSON.stringify({ llm: { maxParallel: 0 } }) }, envFile: null });
    const { code, err } = await run({ scenario: 'academy' }, 'بله\n', bad);
    assert.equal(code, 2);
    assert.match(err.join('\n'), /plugins\.llm is invalid: maxParallel/);
  });

  it('uses the scenario loader hook for labels and tokens', async () => {
    const asked: string[] = [];
    const cmd = createClassifyCommand({
      createLocalClassifier: () => local,
      loadScenarioIntents: (name) => {
        asked.push(name);
        return Promise.resolve({ labels: ['callback', 'other'], fallbackLabel: 'other', tokens: { callback: ['بعدا'] } });
      },
    });
    fake.enqueue({ kind: 'json', intent: 'callback' });
    const { out } = await run({ scenario: 'x' }, 'بعدا زنگ بزنید\nفردا تماس بگیرید\n', config(), cmd);
    assert.deepEqual(asked, ['x']);
    assert.deepEqual(out, ['callback\tlocal\tبعدا زنگ بزنید', 'callback\tllm\tفردا تماس بگیرید']);
    assert.deepEqual(fake.requests[0]!.body!.response_format!.json_schema!.schema!.properties!.intent!.enum, ['callback', 'other']);
  });
});
