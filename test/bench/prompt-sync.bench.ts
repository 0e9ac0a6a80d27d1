/**
 * Prompt sync benchmark on the prompts shipped in assets/audio (academy + common), into a temp
 * sounds dir (custom + en/custom):
 *   1. cold: empty conversion cache and empty target (one ffmpeg run per prompt);
 *   2. warm: nothing changed (no ffmpeg, every file hashed and compared);
 *   3. one source changed (one ffmpeg run, 6 files rewritten);
 *   4. cold again with the cache kept but the target wiped (no ffmpeg, 2 × 3 files per prompt written).
 * Prints figures only; never asserts times. Build, then: node .tmp/dist-<you>/test/bench/prompt-sync.bench.js
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { syncPrompts, type SyncOptions } from '../../plugins/stt/prompts/prompt-sync';
import { countActions, type SyncReport } from '../../plugins/stt/prompts/sync-report';
import { repoRoot } from '../helpers/repo-root';

const out = (line: string): void => void process.stdout.write(`${line}\n`);

function line(label: string, r: SyncReport): void {
  const c = countActions(r);
  out(`${label.padEnd(34)} ${r.durationMs.toFixed(0).padStart(6)} ms  prompts ${r.prompts}, ffmpeg runs ${r.converted}, files ${r.files.length} (installed ${c.installed}, updated ${c.updated}, unchanged ${c.unchanged})`);
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'prompt-bench-'));
  try {
    const src = join(tmp, 'audio');
    cpSync(join(repoRoot(), 'assets', 'audio'), src, { recursive: true, filter: (p) => !p.includes('.tts-cache') });
    const opts: SyncOptions = {
      sourceRoot: src,
      wavDir: join(tmp, 'cache'),
      soundDir: join(tmp, 'sounds', 'custom'),
      dryRun: false,
      prune: false,
      force: [],
      ffmpegPath: 'ffmpeg',
      convertTimeoutMs: 30_000,
    };
    line('1. cold (convert + install)', await syncPrompts(opts));
    line('2. warm (nothing changed)', await syncPrompts(opts));
    // Change real samples (bytes after the data header), not trailing bytes the WAV reader ignores.
    const hello = join(src, 'academy', 'hello.wav');
    const bytes = readFileSync(hello);
    for (let i = 4000; i < 8000; i++) bytes[i] = 0;
    writeFileSync(hello, bytes);
    line('3. one source changed', await syncPrompts(opts));
    rmSync(join(tmp, 'sounds'), { recursive: true });
    line('4. target wiped, cache kept', await syncPrompts(opts));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
