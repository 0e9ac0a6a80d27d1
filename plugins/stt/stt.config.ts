import { z } from 'zod';

/**
 * `plugins.stt`. The legacy keys (`vira.*`, `timeoutSec`, `ttsTimeoutSec`, `maxParallel`,
 * `maxParallelTts`) come from the legacy `.env` mapping with the legacy defaults; everything else is
 * new and has a default, so a legacy deployment needs no new setting.
 */

/** The legacy ffmpeg clean-up chain (EXTERNAL-APIS.md §3); admins may replace it. */
export const LEGACY_FFMPEG_FILTER = 'highpass=f=120,lowpass=f=3800,afftdn=nf=-25,loudnorm=I=-19:TP=-2:LRA=8';

const seconds = z.number().positive();

const viraSchema = z
  .object({
    sttUrl: z.url().default('https://partai.gw.isahab.ir/avanegar/v2/avanegar/request'),
    sttToken: z.string().default(''),
    /** Read by the offline prompt generator, not by this plugin's runtime. */
    ttsUrl: z.url().default('https://partai.gw.isahab.ir/avasho/v2/avasho/request'),
    ttsToken: z.string().default(''),
    /** `false` accepts any TLS certificate from the gateway (legacy VIRA_VERIFY_SSL). */
    verifySsl: z.boolean().default(true),
    /** Avanegar `model` field; other clients use `telephony` for phone audio (unverified). */
    model: z.string().min(1).default('default'),
  })
  .strict();

const openaiSchema = z
  .object({
    /** Base URL of an OpenAI-compatible API; the plugin posts to `{baseUrl}/audio/transcriptions`. */
    baseUrl: z.url().default('https://api.openai.com/v1'),
    apiKey: z.string().default(''),
    model: z.string().min(1).default('whisper-1'),
    verifySsl: z.boolean().default(true),
  })
  .strict();

const silenceSchema = z
  .object({
    /** Files smaller than this are "no speech" without a look inside (legacy 800). */
    minBytes: z.number().int().nonnegative().default(800),
    minDurationSec: z.number().nonnegative().default(0.1),
    /** RMS of the samples normalised to [-1, 1] (legacy 0.001). */
    minRms: z.number().nonnegative().default(0.001),
  })
  .strict();

const enhanceSchema = z
  .object({
    /**
     * `inprocess`: TypeScript DSP, no child process (default: meets the latency goal).
     * `ffmpeg`: the legacy ffmpeg chain in a child process. `off`: send the recording as it is.
     */
    mode: z.enum(['inprocess', 'ffmpeg', 'off']).default('inprocess'),
    /** Directory for the enhanced copy kept for review; empty keeps nothing. */
    keepDir: z.string().default(''),
    /** Kept copies older than this are deleted (legacy kept ~150 KB per call forever); 0 = keep forever. */
    keepDays: z.number().min(0).default(14),
    ffmpegPath: z.string().min(1).default('/usr/bin/ffmpeg'),
    ffmpegFilter: z.string().min(1).default(LEGACY_FFMPEG_FILTER),
    /** ffmpeg children running at once; more wait (each one takes a CPU core for ~0.2 s). */
    maxParallel: z.number().int().positive().default(2),
    /** An ffmpeg run longer than this is killed and the raw audio is sent. */
    timeoutSec: seconds.default(10),
    /** In-process loudness target (LUFS) and sample-peak ceiling (dBFS), as loudnorm I and TP. */
    targetLufs: z.number().min(-40).max(-5).default(-19),
    peakDb: z.number().min(-12).max(0).default(-2),
    /** In-process denoiser: the most it attenuates a noise-only bin, in dB (afftdn's default 12). */
    denoiseDb: z.number().min(0).max(40).default(12),
  })
  .strict();

export const sttConfigSchema = z
  .object({
    /** Which provider transcribes: Vira Avanegar, an OpenAI-compatible API, or the PBX simulator. */
    provider: z.enum(['vira', 'openai', 'simulator']).default('vira'),
    vira: viraSchema.prefault({}),
    openai: openaiSchema.prefault({}),
    /** Per attempt; one retry after a timeout or 5xx (legacy STT_TIMEOUT). */
    timeoutSec: seconds.default(30),
    ttsTimeoutSec: seconds.default(30),
    /** Provider requests in flight at once (legacy MAX_PARALLEL_STT). */
    maxParallel: z.number().int().positive().default(50),
    maxParallelTts: z.number().int().positive().default(50),
    /** ISO-639-1 language sent to providers that take one. */
    language: z.string().min(2).default('fa'),
    silence: silenceSchema.prefault({}),
    enhance: enhanceSchema.prefault({}),
  })
  .strict();

export type SttConfig = z.infer<typeof sttConfigSchema>;
export type EnhanceConfig = SttConfig['enhance'];
export type SilenceConfig = SttConfig['silence'];
