import { promises as fs } from 'node:fs';
import { extname, join, relative, resolve } from 'node:path';
import { COMMON_SCENARIO, NAME_PATTERN, promptId } from './prompt-paths';

/** One prompt source file: what `prompts sync` converts and installs. */
export interface PromptSource {
  readonly scenario: string;
  readonly prompt: string;
  /** `academy/hello`, or `onhold` for a common prompt. */
  readonly id: string;
  readonly path: string;
}

export interface SourceScanOptions {
  /** `assets/audio`: one folder per scenario. */
  readonly root: string;
  /** Legacy `AUDIO_SRC_DIR` (flat mp3 folder); its files count as `common` prompts when it exists. */
  readonly legacyFlatDir?: string;
  /** Folders under `root` that are not scenarios (the converted-prompt cache `audio.wavDir`). */
  readonly excludeDirs?: readonly string[];
  /** Only this scenario (`common` for the root-level prompts). */
  readonly scenario?: string;
}

export interface SourceScan {
  readonly sources: readonly PromptSource[];
  /** Files or folders skipped, with the reason (bad names, shadowed duplicates). */
  readonly warnings: readonly string[];
}

const SOURCE_EXTS = ['.wav', '.mp3'];

async function listDir(dir: string): Promise<{ files: string[]; dirs: string[] }> {
  let entries;
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { files: [], dirs: [] };
    throw err;
  }
  const files: string[] = [];
  const dirs: string[] = [];
  for (const e of entries.sort((a, b) => a.name.localeCompare(b.name))) {
    if (e.name.startsWith('.')) continue;
    // A symlinked prompt or scenario folder is followed: admins link shared recordings in.
    const st = e.isSymbolicLink() ? await fs.stat(join(dir, e.name)).catch(() => undefined) : e;
    if (st?.isDirectory()) dirs.push(e.name);
    else if (st?.isFile()) files.push(e.name);
  }
  return { files, dirs };
}

/**
 * Audio files of one folder in preference order: for a name present as both, `.wav` (lossless)
 * comes before `.mp3`, so the later one is reported as shadowed.
 */
async function audioFiles(dir: string): Promise<{ name: string; path: string }[]> {
  const { files } = await listDir(dir);
  const audio = files
    .filter((f) => SOURCE_EXTS.includes(extname(f).toLowerCase()))
    .map((f) => ({ name: f.slice(0, -extname(f).length), ext: extname(f).toLowerCase(), path: join(dir, f) }));
  return audio.sort((a, b) => SOURCE_EXTS.indexOf(a.ext) - SOURCE_EXTS.indexOf(b.ext)).map(({ name, path }) => ({ name, path }));
}

class SourceCollector {
  readonly byId = new Map<string, PromptSource>();
  readonly warnings: string[] = [];

  constructor(private readonly root: string) {}

  async addFolder(scenario: string, dir: string): Promise<void> {
    for (const { name, path } of await audioFiles(dir)) {
      if (!NAME_PATTERN.test(name)) {
        this.warnings.push(`skipped ${this.show(path)}: prompt names are letters, digits, '-' and '_'`);
        continue;
      }
      const id = promptId(scenario, name);
      const first = this.byId.get(id);
      if (first) this.warnings.push(`skipped ${this.show(path)}: ${this.show(first.path)} is the source of ${id}`);
      else this.byId.set(id, { scenario, prompt: name, id, path });
    }
  }

  private show(path: string): string {
    return relative(this.root, path) || path;
  }
}

/**
 * Finds every prompt source. Per prompt the first of these wins (the others are reported):
 * `<root>/<scenario>/<p>.wav`, `<root>/<scenario>/<p>.mp3`, the legacy per-scenario
 * `<root>/<scenario>/src/<p>.(wav|mp3)`, and for `common` the legacy flat `AUDIO_SRC_DIR`.
 */
export async function scanSources(opts: SourceScanOptions): Promise<SourceScan> {
  const root = resolve(opts.root);
  const excluded = new Set([...(opts.excludeDirs ?? []), ...(opts.legacyFlatDir ? [opts.legacyFlatDir] : [])].map((d) => resolve(d)));
  const collector = new SourceCollector(root);
  for (const scenario of (await listDir(root)).dirs) {
    const dir = join(root, scenario);
    if (excluded.has(dir) || (opts.scenario !== undefined && scenario !== opts.scenario)) continue;
    if (!NAME_PATTERN.test(scenario)) {
      collector.warnings.push(`skipped folder ${scenario}: scenario names are letters, digits, '-' and '_'`);
      continue;
    }
    await collector.addFolder(scenario, dir);
    await collector.addFolder(scenario, join(dir, 'src'));
  }
  if (opts.legacyFlatDir && (opts.scenario === undefined || opts.scenario === COMMON_SCENARIO)) {
    await collector.addFolder(COMMON_SCENARIO, resolve(opts.legacyFlatDir));
  }
  const sources = [...collector.byId.values()].sort((a, b) => a.id.localeCompare(b.id));
  return { sources, warnings: collector.warnings };
}
