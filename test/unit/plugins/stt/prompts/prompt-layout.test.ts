import assert from 'node:assert/strict';
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeExclusive, atomicWrite } from '../../../../../plugins/stt/prompts/atomic-file';
import { decideInstall } from '../../../../../plugins/stt/prompts/install-decision';
import { installRelPath, installRoots, promptId, resolveAssetPath, scenarioOfId } from '../../../../../plugins/stt/prompts/prompt-paths';
import { scanSources } from '../../../../../plugins/stt/prompts/prompt-sources';
import type { ManifestEntry } from '../../../../../plugins/stt/prompts/prompt-manifest';
import { tempDir } from './prompt-test-kit';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const C = 'c'.repeat(64);
const entry = (sha: string): ManifestEntry => ({ sha256: sha, bytes: 1, prompt: 'academy/hello', source: 's', sourceSha256: C, installedAt: 'x' });

describe('prompts: install decision (the safety rules)', () => {
  const cases: [string, Parameters<typeof decideInstall>[0], string][] = [
    ['missing file → create', { wantedSha: A, forced: false }, 'create'],
    ['ours and current → unchanged', { currentSha: A, entry: entry(A), wantedSha: A, forced: false }, 'unchanged'],
    ['wanted bytes but unrecorded → adopt', { currentSha: A, wantedSha: A, forced: false }, 'adopt'],
    ['ours and outdated → replace', { currentSha: B, entry: entry(B), wantedSha: A, forced: false }, 'replace'],
    ['foreign → conflict', { currentSha: B, wantedSha: A, forced: false }, 'conflict'],
    ['ours but edited since → conflict', { currentSha: C, entry: entry(B), wantedSha: A, forced: false }, 'conflict'],
    ['foreign and forced → force-replace', { currentSha: B, wantedSha: A, forced: true }, 'force-replace'],
  ];
  for (const [name, facts, decision] of cases) {
    it(name, () => assert.equal(decideInstall(facts).decision, decision));
  }
});

describe('prompts: paths and the legacy en/custom rule', () => {
  it('maps prompt ids to files; common prompts live at the root', () => {
    assert.equal(promptId('academy', 'hello'), 'academy/hello');
    assert.equal(promptId('common', 'onhold'), 'onhold');
    assert.equal(installRelPath('academy', 'hello', 'ulaw'), 'academy/hello.ulaw');
    assert.equal(installRelPath('common', 'salehi-closed', 'wav'), 'salehi-closed.wav');
    assert.equal(scenarioOfId('academy/hello'), 'academy');
    assert.equal(scenarioOfId('onhold'), 'common');
  });

  it('sounds/custom also feeds sounds/en/custom', () => {
    assert.deepEqual(installRoots('/var/lib/asterisk/sounds/custom/'), ['/var/lib/asterisk/sounds/custom', '/var/lib/asterisk/sounds/en/custom']);
  });

  it('sounds/<lang>/custom also feeds sounds/custom and sounds/en/custom', () => {
    assert.deepEqual(installRoots('/s/fa/custom'), ['/s/fa/custom', '/s/custom', '/s/en/custom']);
    assert.deepEqual(installRoots('/s/en/custom'), ['/s/en/custom', '/s/custom']);
  });

  it('a folder not named custom gets no sibling', () => {
    assert.deepEqual(installRoots('/opt/prompts'), ['/opt/prompts']);
  });

  it('resolves relative asset paths against the working directory when they exist there', () => {
    const tmp = tempDir();
    try {
      mkdirSync(join(tmp.dir, 'assets'));
      assert.equal(resolveAssetPath('assets/audio', tmp.dir), join(tmp.dir, 'assets', 'audio'));
      assert.equal(resolveAssetPath('/abs/x', tmp.dir), '/abs/x');
      assert.match(resolveAssetPath('assets/audio', join(tmp.dir, 'nowhere')), /assets\/audio$/);
    } finally {
      tmp.cleanup();
    }
  });
});

describe('prompts: source scan', () => {
  let tmp: ReturnType<typeof tempDir>;
  const put = (rel: string): void => {
    mkdirSync(join(tmp.dir, rel, '..'), { recursive: true });
    writeFileSync(join(tmp.dir, rel), 'x');
  };
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('finds <scenario>/<prompt>.(wav|mp3), prefers wav, reads legacy src/ and flat AUDIO_SRC_DIR, skips bad names and the cache', async () => {
    put('audio/academy/hello.wav');
    put('audio/academy/hello.mp3');
    put('audio/academy/yes.MP3');
    put('audio/academy/prompts.tsv');
    put('audio/academy/src/number.mp3');
    put('audio/academy/bad name.wav');
    put('audio/common/onhold.wav');
    put('audio/wav/academy/hello.wav');
    put('audio/src/goodby.mp3');
    put('audio/src/onhold.mp3');
    put('audio/.tts-cache/abc.mp3');

    const scan = await scanSources({ root: join(tmp.dir, 'audio'), excludeDirs: [join(tmp.dir, 'audio', 'wav')], legacyFlatDir: join(tmp.dir, 'audio', 'src') });

    assert.deepEqual(scan.sources.map((s) => [s.id, s.path.slice(tmp.dir.length + 1)]), [
      ['academy/hello', 'audio/academy/hello.wav'],
      ['academy/number', 'audio/academy/src/number.mp3'],
      ['academy/yes', 'audio/academy/yes.MP3'],
      ['goodby', 'audio/src/goodby.mp3'],
      ['onhold', 'audio/common/onhold.wav'],
    ]);
    assert.equal(scan.warnings.length, 3, scan.warnings.join('\n'));
    assert.ok(scan.warnings.some((w) => /hello\.mp3.*hello\.wav is the source/.test(w)));
    assert.ok(scan.warnings.some((w) => /bad name\.wav/.test(w)));
    assert.ok(scan.warnings.some((w) => /src\/onhold\.mp3/.test(w)));
  });

  it('--scenario limits the scan', async () => {
    put('audio/academy/hello.wav');
    put('audio/other/hello.wav');

    const scan = await scanSources({ root: join(tmp.dir, 'audio'), scenario: 'other' });

    assert.deepEqual(scan.sources.map((s) => s.id), ['other/hello']);
  });
});

describe('prompts: atomic files', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('writeExclusive never replaces an existing file and leaves no temp file behind', async () => {
    const path = join(tmp.dir, 'd', 'hello.wav');
    assert.equal(await writeExclusive(path, Buffer.from('first')), true);
    assert.equal(await writeExclusive(path, Buffer.from('second')), false);
    await atomicWrite(join(tmp.dir, 'd', 'other.wav'), Buffer.from('x'));
    assert.deepEqual(readdirSync(join(tmp.dir, 'd')).sort(), ['hello.wav', 'other.wav']);
  });
});
