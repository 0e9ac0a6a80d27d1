import { execFile } from 'node:child_process';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EngineError } from '../../../engine/src/index';
import { probeWav } from '../audio/wav-probe';
import type { PromptFormat } from './prompt-paths';

/**
 * One prompt source → the three files Asterisk plays without transcoding: 8 kHz mono 16-bit WAV
 * (`wav`, slin), raw G.711 µ-law (`ulaw`) and raw A-law (`alaw`). Debian's ffmpeg runs in a child
 * process with an argument vector (never a shell, so a file name cannot inject a command); `file:`
 * stops ffmpeg from reading a name such as `http:x.mp3` as a protocol. `-bitexact` and no metadata
 * keep the WAV header a bare 44 bytes, so the same source always gives the same bytes (and hash).
 */
export interface ConvertOptions {
  readonly ffmpegPath: string;
  /** A conversion running longer is killed (a damaged file can make a decoder spin). */
  readonly timeoutMs: number;
}

export type ConvertedPrompt = Readonly<Record<PromptFormat, Buffer>> & { readonly durationSec: number };

/** Changing the conversion (rate, codec, flags) must change this, so cached conversions are redone. */
export const CONVERSION_PIPELINE = 'ffmpeg:8000Hz-mono:s16le-wav,mulaw,alaw:bitexact:v1';

const OUTPUTS: readonly { readonly format: PromptFormat; readonly codec: string; readonly muxer: string }[] = [
  { format: 'wav', codec: 'pcm_s16le', muxer: 'wav' },
  { format: 'ulaw', codec: 'pcm_mulaw', muxer: 'mulaw' },
  { format: 'alaw', codec: 'pcm_alaw', muxer: 'alaw' },
];

export function ffmpegConvertArgs(source: string, outDir: string): string[] {
  const args = ['-nostdin', '-hide_banner', '-nostats', '-loglevel', 'error', '-y', '-i', `file:${source}`];
  for (const o of OUTPUTS) {
    args.push('-map', '0:a:0', '-ac', '1', '-ar', '8000', '-c:a', o.codec, '-map_metadata', '-1');
    args.push('-fflags', '+bitexact', '-flags:a', '+bitexact', '-f', o.muxer, `file:${join(outDir, `prompt.${o.format}`)}`);
  }
  return args;
}

function failure(source: string, message: string, cause?: unknown): EngineError {
  return new EngineError('CE_PROMPT_CONVERT_FAILED', `${source}: ${message}`, cause === undefined ? {} : { cause });
}

function runFfmpeg(source: string, outDir: string, opts: ConvertOptions): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(opts.ffmpegPath, ffmpegConvertArgs(source, outDir), { timeout: opts.timeoutMs, killSignal: 'SIGKILL', maxBuffer: 1 << 20, windowsHide: true }, (err, _stdout, stderr) => {
      if (!err) return resolve();
      const e = err as NodeJS.ErrnoException & { killed?: boolean };
      if (e.code === 'ENOENT') return reject(failure(source, `cannot run ${opts.ffmpegPath} (apt-get install ffmpeg)`, err));
      if (e.killed) return reject(failure(source, `ffmpeg ran longer than ${opts.timeoutMs} ms`, err));
      reject(failure(source, `ffmpeg failed: ${String(stderr).trim().slice(0, 300) || e.message}`, err));
    });
  });
}

/** Checks what ffmpeg wrote: a readable 8 kHz mono s16 WAV, and G.711 files of one byte per sample. */
function verify(source: string, out: Record<PromptFormat, Buffer>): number {
  let info;
  try {
    info = probeWav(out.wav);
  } catch (err) {
    throw failure(source, 'ffmpeg wrote an unreadable WAV', err);
  }
  if (info.encoding !== 'pcm' || info.sampleRate !== 8000 || info.channels !== 1 || info.bitsPerSample !== 16) {
    throw failure(source, `ffmpeg wrote ${info.sampleRate} Hz ${info.channels} ch ${info.bitsPerSample}-bit ${info.encoding}`);
  }
  if (info.frames === 0) throw failure(source, 'the source holds no audio');
  if (out.ulaw.length !== info.frames || out.alaw.length !== info.frames) {
    throw failure(source, `G.711 outputs (${out.ulaw.length}/${out.alaw.length} bytes) do not match ${info.frames} samples`);
  }
  return info.durationSec;
}

/** Converts one source; rejects with CE_PROMPT_CONVERT_FAILED (ffmpeg missing, damaged source, timeout). */
export async function convertPrompt(source: string, opts: ConvertOptions): Promise<ConvertedPrompt> {
  const dir = await fs.mkdtemp(join(tmpdir(), 'salehi-prompt-'));
  try {
    await runFfmpeg(source, dir, opts);
    const read = (f: PromptFormat): Promise<Buffer> => fs.readFile(join(dir, `prompt.${f}`));
    const out = { wav: await read('wav'), ulaw: await read('ulaw'), alaw: await read('alaw') };
    const durationSec = verify(source, out);
    return { ...out, durationSec };
  } finally {
    await fs.rm(dir, { recursive: true, force: true });
  }
}
