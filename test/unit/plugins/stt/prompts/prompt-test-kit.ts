import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** A PCM WAV of a tone: any rate and channel count, so conversion has real work to do. */
export function toneWav(opts: { rate?: number; channels?: number; seconds?: number; freq?: number } = {}): Buffer {
  const rate = opts.rate ?? 16000;
  const channels = opts.channels ?? 1;
  const frames = Math.round(rate * (opts.seconds ?? 0.5));
  const freq = opts.freq ?? 440;
  const dataBytes = frames * channels * 2;
  const out = Buffer.alloc(44 + dataBytes);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(channels, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * channels * 2, 28);
  out.writeUInt16LE(channels * 2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
  for (let i = 0; i < frames; i++) {
    const s = Math.round(9000 * Math.sin((2 * Math.PI * freq * i) / rate));
    for (let c = 0; c < channels; c++) out.writeInt16LE(s, 44 + (i * channels + c) * 2);
  }
  return out;
}

export function tempDir(prefix = 'salehi-prompts-'): { readonly dir: string; cleanup(): void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

export interface FileSnap {
  readonly ino: number;
  readonly mtimeMs: number;
  readonly size: number;
  readonly sha: string;
}

/** Every file under `dir` (relative path → inode, mtime, size, hash): "nothing changed" is equality. */
export function snapshot(dir: string): Record<string, FileSnap> {
  const out: Record<string, FileSnap> = {};
  const walk = (d: string): void => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const name of names.sort()) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out[relative(dir, p)] = { ino: st.ino, mtimeMs: st.mtimeMs, size: st.size, sha: createHash('sha256').update(readFileSync(p)).digest('hex') };
    }
  };
  walk(dir);
  return out;
}
