import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import type { EngineConfig } from '../../../engine/src/index';
import { UsageError, type CommandFlags } from './command-flags';
import { NAME_PATTERN, resolveAssetPath } from './prompt-paths';
import type { SyncOptions } from './prompt-sync';

/** Prompt sources: one folder per scenario (PRODUCT.md §7). `--source` overrides. */
export const DEFAULT_SOURCE_ROOT = 'assets/audio';
/** The voice two independent public Avasho clients default to; legacy's `female` is not a voice. */
export const DEFAULT_VOICE = 'shahrzad';
const CONVERT_TIMEOUT_MS = 30_000;

/**
 * The part of `plugins.stt` the offline commands read. Parsed loosely on purpose: commands run
 * whether or not the stt plugin is enabled, and a mistake in an STT-only key must not block
 * prompt generation (the plugin's own schema still checks the whole slice when it starts).
 * Defaults are the legacy ones (VIRA_TTS_URL, VIRA_VERIFY_SSL, TTS_TIMEOUT).
 */
const ttsSliceSchema = z
  .object({
    vira: z
      .object({
        ttsUrl: z.url().default('https://partai.gw.isahab.ir/avasho/v2/avasho/request'),
        ttsToken: z.string().default(''),
        verifySsl: z.boolean().default(true),
      })
      .loose()
      .prefault({}),
    ttsTimeoutSec: z.number().positive().default(30),
    enhance: z.object({ ffmpegPath: z.string().min(1).optional() }).loose().prefault({}),
  })
  .loose();

export type TtsSlice = z.infer<typeof ttsSliceSchema>;

/** `plugins.stt` of the loaded config, or the list of problems in the keys read here. */
export function readTtsSlice(config: EngineConfig): { ok: true; value: TtsSlice } | { ok: false; issues: string[] } {
  const raw = (config.plugins as Record<string, unknown> | undefined)?.['stt'];
  const parsed = ttsSliceSchema.safeParse(raw && typeof raw === 'object' ? raw : {});
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, issues: parsed.error.issues.map((i) => `plugins.stt.${i.path.join('.')}: ${i.message}`) };
}

export function scenarioFlag(flags: CommandFlags, required: boolean): string | undefined {
  const scenario = required ? flags.required('scenario') : flags.str('scenario');
  if (scenario !== undefined && !NAME_PATTERN.test(scenario)) throw new UsageError(`--scenario ${scenario}: letters, digits, '-' and '_' only`);
  return scenario;
}

export function sourceRootOf(flags: CommandFlags, cwd: string): string {
  return resolveAssetPath(flags.str('source') ?? DEFAULT_SOURCE_ROOT, cwd);
}

/** `prompts sync` flags + config → SyncOptions (paths absolute). */
export function syncOptionsFrom(config: EngineConfig, flags: CommandFlags, cwd: string): SyncOptions {
  const target = flags.str('target') ?? config.asterisk.soundDir;
  const scenario = scenarioFlag(flags, false);
  const slice = readTtsSlice(config);
  return {
    sourceRoot: sourceRootOf(flags, cwd),
    legacyFlatDir: resolveAssetPath(config.audio.srcDir, cwd),
    wavDir: resolveAssetPath(config.audio.wavDir, cwd),
    soundDir: isAbsolute(target) ? target : resolve(cwd, target),
    ...(scenario !== undefined ? { scenario } : {}),
    dryRun: flags.bool('dry-run'),
    prune: flags.bool('prune'),
    force: flags.list('force'),
    ffmpegPath: flags.str('ffmpeg') ?? (slice.ok ? slice.value.enhance.ffmpegPath : undefined) ?? 'ffmpeg',
    convertTimeoutMs: CONVERT_TIMEOUT_MS,
  };
}
