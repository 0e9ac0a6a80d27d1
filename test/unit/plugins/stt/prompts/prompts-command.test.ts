import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { loadConfig } from '../../../../../engine/src/config/load-config';
import type { EngineConfig } from '../../../../../engine/src/index';
import { createPromptsCommand, promptsCommand } from '../../../../../plugins/stt/prompts/index';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { FakeViraTts, tinyMp3 } from '../../../../fakes/fake-vira-tts';
import { tempDir, toneWav } from './prompt-test-kit';

interface Run {
  readonly code: number;
  readonly out: string[];
  readonly err: string[];
}

describe('salehi-engine prompts (command, end to end with a fake stdout)', () => {
  let tmp: ReturnType<typeof tempDir>;
  let fake: FakeViraTts;
  const command = createPromptsCommand({ sleep: async () => undefined });

  beforeEach(async () => {
    tmp = tempDir();
    fake = await new FakeViraTts().start();
    mkdirSync(join(tmp.dir, 'assets', 'audio', 'academy'), { recursive: true });
    writeFileSync(join(tmp.dir, 'assets', 'audio', 'academy', 'hello.wav'), toneWav());
    writeFileSync(join(tmp.dir, 'assets', 'audio', 'academy', 'prompts.tsv'), '# name\tgenerator\ttext\nhello\tespeak-ng-fa\tسلام\nonhold\tmelody\t(music)\nyes\tespeak-ng-fa\tممنون\n');
  });
  afterEach(async () => {
    await fake.stop();
    tmp.cleanup();
  });

  /** The config as the CLI loads it, from legacy environment variables. */
  function config(env: Record<string, string> = {}): EngineConfig {
    return loadConfig({
      env: {
        AST_SOUND_DIR: join(tmp.dir, 'sounds', 'custom'),
        AUDIO_WAV_DIR: join(tmp.dir, 'cache'),
        AUDIO_SRC_DIR: join(tmp.dir, 'legacy-src'),
        VIRA_TTS_URL: fake.url,
        VIRA_TTS_TOKEN: fake.token,
        TTS_TIMEOUT: '2',
        ...env,
      },
      envFile: null,
    });
  }

  async function run(positionals: string[], flags: Record<string, string | true>, cfg: EngineConfig = config()): Promise<Run> {
    const out: string[] = [];
    const err: string[] = [];
    const code = await command.run({
      flags: { source: join(tmp.dir, 'assets', 'audio'), ...flags },
      positionals,
      io: { out: (t) => out.push(t), err: (t) => err.push(t), stdin: Readable.from([]) },
      config: cfg,
      logger: new CaptureLogger(),
      openStore: () => {
        throw new Error('this command does not use the store');
      },
    });
    return { code, out, err };
  }

  it('is the `prompts` command', () => {
    assert.equal(promptsCommand.name, 'prompts');
  });

  it('sync installs into AST_SOUND_DIR and en/custom, prints one line per file and a summary; a re-run prints nothing to do', async () => {
    const first = await run(['sync'], {});

    assert.equal(first.code, 0, first.err.join('\n'));
    assert.deepEqual(first.out.slice(0, -1), ['installed academy/hello  (6 files)']);
    assert.match(first.out.at(-1) ?? '', /1 prompts, 6 files .*6 installed; 1 converted, 0 failed/);
    assert.ok(existsSync(join(tmp.dir, 'sounds', 'en', 'custom', 'academy', 'hello.ulaw')));
    const verbose = await run(['sync'], { verbose: true });
    assert.equal(verbose.out.filter((l) => /^unchanged .*academy\/hello\.(wav|ulaw|alaw)$/.test(l)).length, 6);

    const second = await run(['sync'], {});
    assert.equal(second.code, 0);
    assert.deepEqual(second.out.length, 1);
    assert.match(second.out[0] ?? '', /6 unchanged; 0 converted/);
  });

  it('sync --dry-run prints the plan and writes nothing; --target overrides soundDir; --json prints the report', async () => {
    const dry = await run(['sync'], { 'dry-run': true, target: join(tmp.dir, 'elsewhere', 'custom') });
    assert.equal(dry.code, 0);
    assert.match(dry.out.at(-1) ?? '', /^dry run \(nothing written\)/);
    assert.ok(!existsSync(join(tmp.dir, 'elsewhere')));
    assert.ok(!existsSync(join(tmp.dir, 'cache')));

    const json = await run(['sync'], { json: true, target: join(tmp.dir, 'elsewhere', 'custom') });
    const report = JSON.parse(json.out.join('\n')) as { prompts: number; roots: string[] };
    assert.equal(report.prompts, 1);
    assert.deepEqual(report.roots, [join(tmp.dir, 'elsewhere', 'custom'), join(tmp.dir, 'elsewhere', 'en', 'custom')]);
  });

  it('sync exits 3 on a conflict and names the --force that would replace it', async () => {
    mkdirSync(join(tmp.dir, 'sounds', 'custom', 'academy'), { recursive: true });
    writeFileSync(join(tmp.dir, 'sounds', 'custom', 'academy', 'hello.wav'), 'theirs');

    const r = await run(['sync'], {});

    assert.equal(r.code, 3);
    assert.ok(r.out.some((l) => /^conflict .*academy\/hello\.wav .*--force academy\/hello/.test(l)));
  });

  it('a switch that swallowed the subcommand still works: `prompts --dry-run sync`', async () => {
    const r = await run([], { 'dry-run': 'sync' });

    assert.equal(r.code, 0);
    assert.match(r.out.at(-1) ?? '', /^dry run/);
  });

  it('usage errors exit 64 with the usage text', async () => {
    assert.equal((await run([], {})).code, 64);
    assert.equal((await run(['nope'], {})).code, 64);
    const missing = await run(['tts'], { name: 'hello', text: 'x' });
    assert.equal(missing.code, 64);
    assert.match(missing.err[0] ?? '', /--scenario is required/);
    assert.equal((await run(['sync'], { force: true })).code, 64, '--force needs a prompt id');
  });

  it('tts writes assets/audio/<scenario>/<name>.mp3, then serves a repeat from the cache', async () => {
    const first = await run(['tts'], { scenario: 'academy', name: 'goodby', text: 'خدانگهدار', voice: 'dara' });

    assert.equal(first.code, 0, first.err.join('\n'));
    const mp3 = join(tmp.dir, 'assets', 'audio', 'academy', 'goodby.mp3');
    assert.deepEqual(readFileSync(mp3), tinyMp3());
    assert.equal(fake.requests.filter((r) => r.method === 'POST')[0]?.json?.speaker, 'dara');
    assert.ok(first.out.some((l) => /install them with: salehi-engine prompts sync/.test(l)));

    const again = await run(['tts'], { scenario: 'academy', name: 'goodby', text: 'خدانگهدار', voice: 'dara' });
    assert.equal(again.code, 0);
    assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1, 'no second provider call');
    assert.match(again.out[0] ?? '', /^unchanged .*from cache/);
    assert.ok(readdirSync(join(tmp.dir, 'assets', 'audio', '.tts-cache')).some((f) => f.endsWith('.json')));
  });

  it('tts does not replace an existing different source without --force (exit 3), and with --force removes the wav twin', async () => {
    const refused = await run(['tts'], { scenario: 'academy', name: 'hello', text: 'سلام' });
    assert.equal(refused.code, 3);
    assert.match(refused.out[0] ?? '', /^conflict .*hello\.wav exists and would be used instead/);

    const forced = await run(['tts'], { scenario: 'academy', name: 'hello', text: 'سلام', force: true });
    assert.equal(forced.code, 0);
    assert.ok(existsSync(join(tmp.dir, 'assets', 'audio', 'academy', 'hello.mp3')));
    assert.ok(!existsSync(join(tmp.dir, 'assets', 'audio', 'academy', 'hello.wav')));
    assert.equal(fake.requests.filter((r) => r.method === 'POST').length, 1, 'the refused run already cached the audio');
  });

  it('tts --all records every spoken line of prompts.tsv (not the melody)', async () => {
    const r = await run(['tts'], { scenario: 'academy', all: true, force: true });

    assert.equal(r.code, 0, r.err.join('\n'));
    assert.deepEqual(fake.requests.filter((q) => q.method === 'POST').map((q) => q.json?.text), ['سلام', 'ممنون']);
    assert.match(r.out.at(-2) ?? '', /2 prompts: 2 written/);
  });

  it('tts stops at the first quota refusal (exit 1) and exits 2 when the token is missing', async () => {
    fake.enqueue({ kind: 'quota-429' });
    const quota = await run(['tts'], { scenario: 'academy', all: true, force: true });
    assert.equal(quota.code, 1);
    assert.match(quota.err[0] ?? '', /CE_TTS_QUOTA/);
    assert.equal(fake.requests.length, 1, 'the second line was not attempted');

    const noToken = await run(['tts'], { scenario: 'academy', name: 'new', text: 'متن تازه' }, config({ VIRA_TTS_TOKEN: '' }));
    assert.equal(noToken.code, 2);
    assert.match(noToken.err.join('\n'), /VIRA_TTS_TOKEN/);
  });

  it('tts reports a hung gateway as CE_TTS_TIMEOUT (exit 1) within TTS_TIMEOUT', async () => {
    fake.enqueue({ kind: 'hang' });
    const started = Date.now();

    const r = await run(['tts'], { scenario: 'academy', name: 'slow', text: 'کند' }, config({ TTS_TIMEOUT: '0.2' }));

    assert.equal(r.code, 1);
    assert.match(r.err[0] ?? '', /CE_TTS_TIMEOUT/);
    assert.ok(Date.now() - started < 2000);
  });
});
