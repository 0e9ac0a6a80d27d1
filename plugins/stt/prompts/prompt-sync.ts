import { promises as fs } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { describeError, isEngineError } from '../../../engine/src/index';
import { sha256 } from './atomic-file';
import { ConversionCache } from './conversion-cache';
import { InstallRoot } from './install-root';
import { convertPrompt, type ConvertOptions, type ConvertedPrompt } from './prompt-convert';
import { installRelPath, installRoots, PROMPT_FORMATS, scenarioOfId } from './prompt-paths';
import { scanSources, type PromptSource } from './prompt-sources';
import type { FileOutcome, PromptFailure, SyncReport } from './sync-report';

export interface SyncOptions {
  /** `assets/audio` (one folder per scenario, `common` for the sounds-dir root). */
  readonly sourceRoot: string;
  /** Legacy flat `AUDIO_SRC_DIR`, read as `common` prompts when it exists. */
  readonly legacyFlatDir?: string;
  /** `audio.wavDir`: the cache of converted prompts. */
  readonly wavDir: string;
  /** `asterisk.soundDir` or `--target`; its `en/custom` sibling is fed too (see installRoots). */
  readonly soundDir: string;
  readonly scenario?: string;
  readonly dryRun: boolean;
  readonly prune: boolean;
  /** Prompt ids whose foreign target files may be replaced (`academy/hello`, `onhold`). */
  readonly force: readonly string[];
  readonly ffmpegPath: string;
  readonly convertTimeoutMs: number;
}

export interface SyncDeps {
  /** Replaceable for tests; the default runs ffmpeg. */
  readonly convert?: (source: string, opts: ConvertOptions) => Promise<ConvertedPrompt>;
  readonly now?: () => Date;
}

/** ffmpeg runs at once: most of a run is process start-up, so two overlap well even on two cores. */
const PARALLEL_CONVERSIONS = 2;

interface Prepared {
  readonly sourceSha256: string;
  readonly converted: ConvertedPrompt;
  readonly convertedNow: boolean;
}

class SyncRun {
  readonly files: FileOutcome[] = [];
  readonly failures: PromptFailure[] = [];
  readonly warnings: string[] = [];
  converted = 0;

  constructor(
    readonly opts: SyncOptions,
    readonly cache: ConversionCache,
    readonly roots: readonly InstallRoot[],
    private readonly convert: NonNullable<SyncDeps['convert']>,
  ) {}

  /** Source bytes → hash → cached conversion, or a fresh ffmpeg run (cached for next time). */
  async prepare(source: PromptSource): Promise<Prepared> {
    const sourceSha256 = sha256(await fs.readFile(source.path));
    const cached = await this.cache.get(source.id, sourceSha256);
    if (cached) return { sourceSha256, converted: cached, convertedNow: false };
    const converted = await this.convert(source.path, { ffmpegPath: this.opts.ffmpegPath, timeoutMs: this.opts.convertTimeoutMs });
    try {
      await this.cache.put(source.id, sourceSha256, converted);
    } catch (err) {
      // Only costs a re-conversion next time; installing must not depend on the cache folder.
      this.warnings.push(`cannot cache conversions in ${this.opts.wavDir}: ${describeError(err)}`);
    }
    return { sourceSha256, converted, convertedNow: true };
  }

  /** Prepares every source, `parallel` ffmpeg runs at a time; each result settles (never rejects). */
  async prepareAll(sources: readonly PromptSource[], parallel: number): Promise<(Prepared | PromptFailure)[]> {
    const results: (Prepared | PromptFailure)[] = new Array(sources.length);
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < sources.length) {
        const i = next++;
        const source = sources[i] as PromptSource;
        results[i] = await this.prepare(source).catch((err: unknown): PromptFailure => ({
          prompt: source.id,
          source: source.path,
          code: isEngineError(err) ? err.code : 'CE_PROMPT_CONVERT_FAILED',
          message: describeError(err),
        }));
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, parallel) }, worker));
    return results;
  }

  /** Installs one prepared prompt into every root, in a fixed order (the report reads top-down). */
  async install(source: PromptSource, prepared: Prepared | PromptFailure): Promise<void> {
    if ('code' in prepared) {
      this.failures.push(prepared);
      return;
    }
    if (prepared.convertedNow) this.converted++;
    const forced = this.opts.force.includes(source.id);
    for (const root of this.roots) {
      for (const format of PROMPT_FORMATS) {
        const relPath = installRelPath(source.scenario, source.prompt, format);
        const wanted = { prompt: source.id, relPath, bytes: prepared.converted[format], source: source.path, sourceSha256: prepared.sourceSha256, forced };
        this.files.push(await root.install(wanted));
      }
    }
  }
}

/**
 * `prompts sync`: converts every prompt source (only when its bytes changed) and installs the
 * results into the sounds directory and its `en/custom` sibling. Never overwrites or deletes a
 * file it did not install (see InstallRoot); never throws for one bad prompt or file: each
 * problem is a line of the report, so one damaged mp3 cannot stop the other prompts.
 */
export async function syncPrompts(opts: SyncOptions, deps: SyncDeps = {}): Promise<SyncReport> {
  const started = performance.now();
  const now = deps.now ?? (() => new Date());
  const scan = await scanSources({
    root: opts.sourceRoot,
    excludeDirs: [opts.wavDir],
    ...(opts.legacyFlatDir ? { legacyFlatDir: opts.legacyFlatDir } : {}),
    ...(opts.scenario !== undefined ? { scenario: opts.scenario } : {}),
  });
  const roots = await Promise.all(installRoots(opts.soundDir).map((dir) => InstallRoot.open(dir, opts.dryRun, now)));
  const run = new SyncRun(opts, await ConversionCache.open(opts.wavDir, opts.dryRun), roots, deps.convert ?? convertPrompt);
  run.warnings.push(...scan.warnings, ...roots.flatMap((r) => (r.warning ? [r.warning] : [])));
  for (const id of opts.force) if (!scan.sources.some((s) => s.id === id)) run.warnings.push(`--force ${id}: no such prompt source`);
  const prepared = await run.prepareAll(scan.sources, PARALLEL_CONVERSIONS);
  for (const [i, source] of scan.sources.entries()) await run.install(source, prepared[i] as Prepared | PromptFailure);
  await run.cache.flush().catch((err: unknown) => run.warnings.push(`cannot write the conversion cache: ${describeError(err)}`));
  const keep = new Set(scan.sources.map((s) => s.id));
  const inScope = (id: string): boolean => opts.scenario === undefined || scenarioOfId(id) === opts.scenario;
  for (const root of roots) {
    run.files.push(...(await root.prune(keep, inScope, opts.prune)));
    try {
      await root.save();
    } catch (err) {
      run.failures.push({ prompt: '-', source: root.dir, code: 'CE_PROMPT_INSTALL_FAILED', message: `cannot write the manifest: ${describeError(err)}` });
    }
  }
  return {
    dryRun: opts.dryRun,
    roots: roots.map((r) => r.dir),
    prompts: scan.sources.length,
    converted: run.converted,
    files: run.files,
    failures: run.failures,
    warnings: [...new Set(run.warnings)],
    durationMs: performance.now() - started,
  };
}
