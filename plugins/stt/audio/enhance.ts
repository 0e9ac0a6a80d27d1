import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError, type Logger } from '../../../engine/src/index';
import type { EnhanceConfig } from '../stt.config';
import type { SttMetrics } from '../stt-metrics';
import { Semaphore } from '../semaphore';
import { CpuTurns } from '../cpu-turns';
import { enhanceWithFfmpeg } from './ffmpeg-enhance';
import { enhanceInProcess } from './inprocess-enhance';
import { DspWorkspace } from './dsp/workspace';

/**
 * The clean-up before STT (high-pass 120 Hz, low-pass 3.8 kHz, denoise, loudness to -19 LUFS,
 * 16 kHz mono 16-bit), in the mode the config picks. A clean-up that fails never fails the
 * transcription: the raw recording is sent instead (legacy rule), and the fallback is counted.
 */
export interface EnhanceInput {
  readonly raw: Buffer;
  /** Mono samples the silence gate already decoded, and their rate. */
  readonly samples: Float32Array;
  readonly sampleRate: number;
  readonly signal?: AbortSignal;
}

export interface EnhanceOutput {
  readonly audio: Buffer;
  /** False when the raw recording is sent (mode off, or the clean-up failed). */
  readonly enhanced: boolean;
}

export class AudioEnhancer {
  private readonly ffmpegSlots: Semaphore;

  private keepDirReady?: Promise<unknown>;
  /** Reused buffers of the in-process clean-up; safe because `cpu` runs one clean-up at a time. */
  private readonly workspace = new DspWorkspace();

  constructor(
    private readonly cfg: EnhanceConfig,
    private readonly logger: Logger,
    private readonly metrics: SttMetrics,
    /** Shared with the silence check: in-process clean-ups take turns on the JS thread. */
    private readonly cpu: CpuTurns = new CpuTurns(),
  ) {
    this.ffmpegSlots = new Semaphore(cfg.maxParallel);
  }

  async enhance(input: EnhanceInput): Promise<EnhanceOutput> {
    const { mode } = this.cfg;
    if (mode === 'off') return { audio: input.raw, enhanced: false };
    try {
      const audio =
        mode === 'ffmpeg'
          ? await this.viaFfmpeg(input)
          : await this.cpu.run(() => enhanceInProcess(input.samples, input.sampleRate, this.cfg, this.workspace), input.signal);
      this.metrics.enhance.inc({ mode, outcome: 'ok' });
      return { audio, enhanced: true };
    } catch (err) {
      if (input.signal?.aborted) throw input.signal.reason;
      this.metrics.enhance.inc({ mode, outcome: 'fallback' });
      this.logger.warn({ err, mode }, 'audio clean-up failed; sending the raw recording');
      return { audio: input.raw, enhanced: false };
    }
  }

  /**
   * Writes the enhanced copy for review as `<keepDir>/<name>.enhanced.wav`; resolves to its path, or
   * undefined when keeping is off or the write failed (logged: a full disk must not fail a call).
   */
  async keep(name: string, audio: Buffer): Promise<string | undefined> {
    if (!this.cfg.keepDir) return undefined;
    const path = join(this.cfg.keepDir, `${safeFileName(name)}.enhanced.wav`);
    try {
      this.keepDirReady ??= mkdir(this.cfg.keepDir, { recursive: true });
      await this.keepDirReady;
      await writeFile(path, audio);
      return path;
    } catch (err) {
      this.keepDirReady = undefined;
      this.logger.warn({ err: describeError(err), path }, 'could not keep the enhanced recording');
      return undefined;
    }
  }

  private async viaFfmpeg(input: EnhanceInput): Promise<Buffer> {
    const run = await this.ffmpegSlots.run(
      () =>
        enhanceWithFfmpeg(input.raw, {
          ffmpegPath: this.cfg.ffmpegPath,
          filter: this.cfg.ffmpegFilter,
          timeoutMs: this.cfg.timeoutSec * 1000,
          ...(input.signal ? { signal: input.signal } : {}),
        }),
      input.signal,
    );
    return run.wav;
  }
}

/** A recording name as a plain file name: no directories, no leading dot, nothing a shell would parse. */
export function safeFileName(name: string): string {
  const cleaned = name.replace(/[^A-Za-z0-9._-]+/g, '_').replace(/^[._]+/, '');
  return (cleaned || 'recording').slice(0, 120);
}
