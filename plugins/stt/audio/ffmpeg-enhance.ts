import { spawn } from 'node:child_process';
import { EngineError } from '../../../engine/src/index';
import { writeWavHeader } from './wav-probe';

/**
 * The legacy clean-up: Debian's ffmpeg in a child process (never a shell, so a recording name or a
 * filter string cannot inject a command). The WAV goes in on stdin and raw 16 kHz mono s16le comes
 * out on stdout, so nothing touches the disk; the WAV header is written here.
 *
 * `aresample=16000` comes first because the legacy pipeline resampled before filtering, and
 * `-ar 16000` at the output because loudnorm works (and would output) at 192 kHz.
 */
export interface FfmpegOptions {
  readonly ffmpegPath: string;
  readonly filter: string;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

export interface FfmpegRun {
  readonly wav: Buffer;
  /** The child's pid, for the benchmark's CPU accounting. */
  readonly pid?: number;
}

const STDERR_LIMIT = 2000;

export function ffmpegArgs(filter: string): string[] {
  return [
    '-hide_banner', '-nostats', '-loglevel', 'error',
    '-i', 'pipe:0',
    '-af', `aresample=16000,${filter}`,
    '-ac', '1', '-ar', '16000', '-f', 's16le', '-acodec', 'pcm_s16le',
    'pipe:1',
  ];
}

function failure(message: string, cause?: unknown): EngineError {
  return new EngineError('CE_STT_FAILED', `ffmpeg clean-up failed: ${message}`, cause === undefined ? {} : { cause });
}

/** Runs ffmpeg on one WAV. Rejects (CE_STT_FAILED) on a spawn error, non-zero exit, timeout or empty output. */
export function enhanceWithFfmpeg(input: Buffer, opts: FfmpegOptions): Promise<FfmpegRun> {
  if (opts.signal?.aborted) return Promise.reject(failure('aborted'));
  return new Promise<FfmpegRun>((resolve, reject) => {
    const child = spawn(opts.ffmpegPath, ffmpegArgs(opts.filter), { shell: false, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    const chunks: Buffer[] = [];
    let stderr = '';
    let settled = false;
    const finish = (err: EngineError | undefined, run?: FfmpegRun): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      if (err) {
        child.kill('SIGKILL');
        reject(err);
      } else resolve(run!);
    };
    const onAbort = (): void => finish(failure('aborted'));
    const timer = setTimeout(() => finish(failure(`no result after ${opts.timeoutMs} ms`)), opts.timeoutMs);
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (err) => finish(failure(`cannot run ${opts.ffmpegPath}`, err)));
    child.stdout.on('data', (c: Buffer) => chunks.push(c));
    child.stderr.on('data', (c: Buffer) => {
      if (stderr.length < STDERR_LIMIT) stderr += c.toString('utf8');
    });
    // EPIPE here only means ffmpeg stopped reading (it failed); the exit code tells why.
    child.stdin.on('error', () => undefined);
    child.on('close', (code, sig) => {
      const pcm = Buffer.concat(chunks);
      if (code !== 0) return finish(failure(`exit ${code ?? sig}: ${stderr.trim().slice(0, 300)}`));
      if (pcm.length < 2) return finish(failure('no audio out'));
      const wav = Buffer.alloc(44 + (pcm.length & ~1));
      writeWavHeader(wav, 16000, pcm.length & ~1);
      pcm.copy(wav, 44, 0, pcm.length & ~1);
      finish(undefined, { wav, ...(child.pid === undefined ? {} : { pid: child.pid }) });
    });
    child.stdin.end(input);
  });
}
