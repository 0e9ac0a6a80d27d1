import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { probeWav } from '../../../../../plugins/stt/audio/wav-probe';
import { MANIFEST_NAME } from '../../../../../plugins/stt/prompts/prompt-manifest';
import { syncPrompts, type SyncOptions } from '../../../../../plugins/stt/prompts/prompt-sync';
import { countActions, syncExitCode, type SyncReport } from '../../../../../plugins/stt/prompts/sync-report';
import { snapshot, tempDir, toneWav } from './prompt-test-kit';

describe('prompts sync: install only when changed, never over foreign files', () => {
  let tmp: ReturnType<typeof tempDir>;
  let src: string;
  let custom: string;
  let enCustom: string;

  function opts(over: Partial<SyncOptions> = {}): SyncOptions {
    return {
      sourceRoot: src,
      wavDir: join(tmp.dir, 'cache'),
      soundDir: custom,
      dryRun: false,
      prune: false,
      force: [],
      ffmpegPath: 'ffmpeg',
      convertTimeoutMs: 20_000,
      ...over,
    };
  }

  function source(rel: string, bytes: Buffer): void {
    mkdirSync(join(src, rel, '..'), { recursive: true });
    writeFileSync(join(src, rel), bytes);
  }

  function actions(report: SyncReport, action: string): string[] {
    return report.files.filter((f) => f.action === action).map((f) => f.path.slice(tmp.dir.length + 1)).sort();
  }

  beforeEach(() => {
    tmp = tempDir();
    src = join(tmp.dir, 'assets', 'audio');
    custom = join(tmp.dir, 'sounds', 'custom');
    enCustom = join(tmp.dir, 'sounds', 'en', 'custom');
    source('academy/hello.wav', toneWav({ freq: 440 }));
    source('academy/yes.wav', toneWav({ freq: 660 }));
    source('common/onhold.wav', toneWav({ freq: 330, seconds: 1 }));
  });
  afterEach(() => tmp.cleanup());

  it('installs wav + ulaw + alaw into <soundDir>/<scenario>/ and the en/custom sibling; common goes to the root', async () => {
    const report = await syncPrompts(opts());

    assert.equal(report.prompts, 3);
    assert.equal(report.converted, 3);
    assert.deepEqual(report.roots, [custom, enCustom]);
    assert.equal(countActions(report).installed, 18, '3 prompts × 3 formats × 2 roots');
    for (const root of [custom, enCustom]) {
      for (const f of ['academy/hello', 'academy/yes', 'onhold']) {
        const wav = probeWav(readFileSync(join(root, `${f}.wav`)));
        assert.equal(wav.sampleRate, 8000);
        assert.equal(readFileSync(join(root, `${f}.ulaw`)).length, wav.frames);
        assert.equal(readFileSync(join(root, `${f}.alaw`)).length, wav.frames);
      }
      const manifest = JSON.parse(readFileSync(join(root, MANIFEST_NAME), 'utf8')) as { files: Record<string, { prompt: string }> };
      assert.equal(Object.keys(manifest.files).length, 9);
      assert.equal(manifest.files['onhold.ulaw']?.prompt, 'onhold');
    }
    assert.equal(syncExitCode(report), 0);
  });

  it('a second run changes nothing: no conversion, same inode and mtime for every file', async () => {
    await syncPrompts(opts());
    const before = snapshot(join(tmp.dir, 'sounds'));
    const cacheBefore = snapshot(join(tmp.dir, 'cache'));

    const report = await syncPrompts(opts());

    assert.equal(report.converted, 0);
    assert.equal(countActions(report).unchanged, 18);
    assert.deepEqual(snapshot(join(tmp.dir, 'sounds')), before);
    assert.deepEqual(snapshot(join(tmp.dir, 'cache')), cacheBefore);
  });

  it('re-installs only the prompt whose source changed', async () => {
    await syncPrompts(opts());
    const before = snapshot(join(tmp.dir, 'sounds'));
    source('academy/hello.wav', toneWav({ freq: 880 }));

    const report = await syncPrompts(opts());

    assert.equal(report.converted, 1);
    assert.deepEqual(actions(report, 'updated'), [
      'sounds/custom/academy/hello.alaw', 'sounds/custom/academy/hello.ulaw', 'sounds/custom/academy/hello.wav',
      'sounds/en/custom/academy/hello.alaw', 'sounds/en/custom/academy/hello.ulaw', 'sounds/en/custom/academy/hello.wav',
    ]);
    const after = snapshot(join(tmp.dir, 'sounds'));
    assert.notEqual(after['custom/academy/hello.wav']?.sha, before['custom/academy/hello.wav']?.sha);
    assert.deepEqual(after['custom/academy/yes.wav'], before['custom/academy/yes.wav']);
  });

  it('never overwrites a file it did not install: reports a conflict and exits 3', async () => {
    mkdirSync(custom, { recursive: true });
    const foreign = Buffer.from('another application prompt');
    writeFileSync(join(custom, 'onhold.wav'), foreign);

    const report = await syncPrompts(opts());

    assert.deepEqual(readFileSync(join(custom, 'onhold.wav')), foreign);
    assert.deepEqual(actions(report, 'conflict'), ['sounds/custom/onhold.wav']);
    assert.match(report.files.find((f) => f.action === 'conflict')?.detail ?? '', /not installed by salehi-engine.*--force onhold/);
    assert.ok(existsSync(join(enCustom, 'onhold.wav')), 'the other root still gets its copy');
    assert.equal(syncExitCode(report), 3);
    const manifest = JSON.parse(readFileSync(join(custom, MANIFEST_NAME), 'utf8')) as { files: Record<string, unknown> };
    assert.equal(manifest.files['onhold.wav'], undefined, 'the foreign file is not recorded as ours');
  });

  it('treats a file of ours edited by someone as theirs from then on', async () => {
    await syncPrompts(opts());
    writeFileSync(join(custom, 'academy', 'yes.wav'), Buffer.from('edited by hand'));
    source('academy/yes.wav', toneWav({ freq: 770 }));

    const report = await syncPrompts(opts());

    assert.deepEqual(readFileSync(join(custom, 'academy', 'yes.wav')), Buffer.from('edited by hand'));
    assert.match(report.files.find((f) => f.action === 'conflict')?.detail ?? '', /changed by someone/);
  });

  it('--force <prompt> replaces the foreign file of that prompt only and keeps a .salehi-orig copy', async () => {
    mkdirSync(join(custom, 'academy'), { recursive: true });
    writeFileSync(join(custom, 'onhold.wav'), 'theirs-1');
    writeFileSync(join(custom, 'academy', 'hello.wav'), 'theirs-2');

    const report = await syncPrompts(opts({ force: ['onhold'] }));

    assert.deepEqual(actions(report, 'forced'), ['sounds/custom/onhold.wav']);
    assert.deepEqual(actions(report, 'conflict'), ['sounds/custom/academy/hello.wav']);
    assert.equal(probeWav(readFileSync(join(custom, 'onhold.wav'))).sampleRate, 8000);
    assert.equal(readFileSync(join(custom, 'onhold.wav.salehi-orig'), 'utf8'), 'theirs-1');
    assert.equal(readFileSync(join(custom, 'academy', 'hello.wav'), 'utf8'), 'theirs-2');
  });

  it('adopts a file that already holds exactly the wanted bytes (e.g. after losing the manifest)', async () => {
    await syncPrompts(opts());
    rmSync(join(custom, MANIFEST_NAME));
    const before = snapshot(custom);

    const report = await syncPrompts(opts());

    assert.equal(actions(report, 'adopted').length, 9);
    const after = snapshot(custom);
    delete (after as Record<string, unknown>)[MANIFEST_NAME];
    delete (before as Record<string, unknown>)[MANIFEST_NAME];
    assert.deepEqual(after, before, 'no prompt file rewritten');
    assert.ok(existsSync(join(custom, MANIFEST_NAME)));
  });

  it('--dry-run reports the same plan and writes nothing (no target, no cache, no manifest)', async () => {
    mkdirSync(custom, { recursive: true });
    writeFileSync(join(custom, 'onhold.wav'), 'theirs');
    const before = snapshot(tmp.dir);

    const report = await syncPrompts(opts({ dryRun: true }));

    assert.equal(report.dryRun, true);
    assert.equal(countActions(report).installed, 17);
    assert.equal(countActions(report).conflict, 1);
    assert.deepEqual(snapshot(tmp.dir), before);
  });

  it('keeps files whose source was removed (stale) unless --prune, which deletes only our unchanged files', async () => {
    source('academy/alo.wav', toneWav({ freq: 550 }));
    await syncPrompts(opts());
    rmSync(join(src, 'academy', 'alo.wav'));
    rmSync(join(src, 'academy', 'yes.wav'));
    writeFileSync(join(custom, 'academy', 'yes.ulaw'), 'changed by someone');
    writeFileSync(join(custom, 'academy', 'foreign.wav'), 'not ours');

    const kept = await syncPrompts(opts());
    assert.equal(countActions(kept).stale, 12);
    assert.ok(existsSync(join(custom, 'academy', 'alo.wav')));

    const pruned = await syncPrompts(opts({ prune: true }));

    assert.equal(countActions(pruned).pruned, 11);
    assert.deepEqual(actions(pruned, 'conflict'), ['sounds/custom/academy/yes.ulaw']);
    assert.ok(!existsSync(join(custom, 'academy', 'alo.wav')));
    assert.ok(!existsSync(join(enCustom, 'academy', 'yes.wav')));
    assert.equal(readFileSync(join(custom, 'academy', 'yes.ulaw'), 'utf8'), 'changed by someone');
    assert.equal(readFileSync(join(custom, 'academy', 'foreign.wav'), 'utf8'), 'not ours');
    assert.ok(existsSync(join(custom, 'academy', 'hello.wav')));
    const third = await syncPrompts(opts({ prune: true }));
    assert.equal(countActions(third).conflict, 0, 'the edited file is no longer tracked');
  });

  it('--scenario limits the sync and the prune to that scenario', async () => {
    await syncPrompts(opts());
    rmSync(join(src, 'common', 'onhold.wav'));

    const report = await syncPrompts(opts({ scenario: 'academy', prune: true }));

    assert.equal(report.prompts, 2);
    assert.equal(countActions(report).pruned, 0);
    assert.ok(existsSync(join(custom, 'onhold.wav')));
  });

  it('reports a damaged source as a failure (exit 1) and still installs the others', async () => {
    source('academy/bad.mp3', Buffer.from('garbage'));

    const report = await syncPrompts(opts());

    assert.deepEqual(report.failures.map((f) => [f.prompt, f.code]), [['academy/bad', 'CE_PROMPT_CONVERT_FAILED']]);
    assert.equal(countActions(report).installed, 18);
    assert.equal(syncExitCode(report), 1);
  });

  it('a soundDir not named custom gets no en/custom sibling', async () => {
    const report = await syncPrompts(opts({ soundDir: join(tmp.dir, 'prompts-here') }));

    assert.deepEqual(report.roots, [join(tmp.dir, 'prompts-here')]);
    assert.ok(existsSync(join(tmp.dir, 'prompts-here', 'academy', 'hello.alaw')));
  });
});
