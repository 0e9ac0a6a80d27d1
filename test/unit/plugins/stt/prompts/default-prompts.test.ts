import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { probeWav } from '../../../../../plugins/stt/audio/wav-probe';
import { scanSources } from '../../../../../plugins/stt/prompts/prompt-sources';
import { parsePromptsTsv } from '../../../../../plugins/stt/prompts/prompts-tsv';
import { repoRoot } from '../../../../helpers/repo-root';

const MAX_BYTES = 153_600;

describe('prompts: the default prompts shipped in assets/audio', () => {
  const root = repoRoot();
  const audio = join(root, 'assets', 'audio');

  it('every prompts.tsv parses and every line has its small 8 kHz mono WAV beside it', () => {
    const folders = readdirSync(audio).filter((d) => existsSync(join(audio, d, 'prompts.tsv')));
    assert.deepEqual(folders.sort(), ['academy', 'common']);
    for (const folder of folders) {
      const parsed = parsePromptsTsv(readFileSync(join(audio, folder, 'prompts.tsv'), 'utf8'));
      assert.deepEqual(parsed.errors, [], folder);
      for (const row of parsed.rows) {
        const wav = join(audio, folder, `${row.name}.wav`);
        assert.ok(statSync(wav).size <= MAX_BYTES, `${wav} is over 150 KB`);
        const info = probeWav(readFileSync(wav));
        assert.deepEqual([info.encoding, info.sampleRate, info.channels, info.bitsPerSample], ['pcm', 8000, 1, 16], wav);
        assert.ok(info.durationSec > 1 && info.durationSec < 10, `${wav}: ${info.durationSec} s`);
      }
    }
  });

  it('covers every sound:custom/... prompt the shipped scenarios, the inbound fallback and the dialplan play', async () => {
    const texts = [
      ...readdirSync(join(root, 'assets', 'scenarios')).filter((f) => f.endsWith('.yaml')).map((f) => readFileSync(join(root, 'assets', 'scenarios', f), 'utf8')),
      readFileSync(join(root, 'engine', 'src', 'call', 'straight-to-operator.scenario.ts'), 'utf8'),
      readFileSync(join(root, 'dialplan', 'salehi-inbound.conf'), 'utf8'),
    ];
    const wanted = new Set<string>();
    for (const text of texts) for (const m of text.matchAll(/(?:sound:|Playback\()custom\/([A-Za-z0-9_/-]+)/g)) wanted.add(m[1] as string);
    const shipped = new Set((await scanSources({ root: audio })).sources.map((s) => s.id));

    assert.ok(wanted.has('academy/hello') && wanted.has('onhold') && wanted.has('salehi-closed'), [...wanted].join(','));
    assert.deepEqual([...wanted].filter((id) => !shipped.has(id)), []);
  });
});
