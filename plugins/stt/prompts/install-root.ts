import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { describeError } from '../../../engine/src/index';
import { atomicWrite, readIfExists, sha256, writeExclusive } from './atomic-file';
import { decideInstall } from './install-decision';
import { readManifest, writeManifest, type InstallManifest } from './prompt-manifest';
import type { FileOutcome } from './sync-report';

/** One file we want in an install root. */
export interface WantedFile {
  readonly prompt: string;
  /** Path under the root with `/` (`academy/hello.wav`). */
  readonly relPath: string;
  readonly bytes: Buffer;
  readonly source: string;
  readonly sourceSha256: string;
  readonly forced: boolean;
}

const FORCE_HINT = (prompt: string): string => `left alone; --force ${prompt} replaces it`;

/**
 * One sounds directory (`.../sounds/custom` or its `en/custom` sibling) and its manifest. Applies
 * install decisions; in a dry run it decides and reports exactly the same but writes nothing.
 */
export class InstallRoot {
  private dirty = false;

  private constructor(
    readonly dir: string,
    private readonly manifest: InstallManifest,
    readonly warning: string | undefined,
    private readonly dryRun: boolean,
    private readonly now: () => Date,
  ) {}

  static async open(dir: string, dryRun: boolean, now: () => Date): Promise<InstallRoot> {
    const read = await readManifest(dir);
    return new InstallRoot(dir, read.manifest, read.warning, dryRun, now);
  }

  async install(w: WantedFile): Promise<FileOutcome> {
    const path = join(this.dir, w.relPath);
    const base = { prompt: w.prompt, path };
    try {
      const current = await readIfExists(path);
      const entry = this.manifest.files[w.relPath];
      const { decision, reason } = decideInstall({ currentSha: current && sha256(current), entry, wantedSha: sha256(w.bytes), forced: w.forced });
      switch (decision) {
        case 'unchanged':
          if (entry?.sourceSha256 !== w.sourceSha256) this.record(w);
          return { ...base, action: 'unchanged' };
        case 'conflict':
          return { ...base, action: 'conflict', detail: `${reason}; ${FORCE_HINT(w.prompt)}` };
        case 'adopt':
          this.record(w);
          return { ...base, action: 'adopted', detail: 'already had the wanted content; now tracked' };
        case 'create':
          if (!this.dryRun && !(await writeExclusive(path, w.bytes))) {
            return { ...base, action: 'conflict', detail: `created by someone else meanwhile; ${FORCE_HINT(w.prompt)}` };
          }
          this.record(w);
          return { ...base, action: 'installed' };
        case 'replace':
          if (!this.dryRun) await atomicWrite(path, w.bytes);
          this.record(w);
          return { ...base, action: 'updated' };
        case 'force-replace': {
          const backup = this.dryRun ? `${path}.salehi-orig` : await this.backup(path, current as Buffer);
          if (!this.dryRun) await atomicWrite(path, w.bytes);
          this.record(w);
          return { ...base, action: 'forced', detail: `replaced a file salehi-engine did not install; the old one is kept as ${backup}` };
        }
      }
    } catch (err) {
      return { ...base, action: 'failed', detail: `CE_PROMPT_INSTALL_FAILED: ${describeError(err)}` };
    }
  }

  /**
   * Files we installed whose prompt has no source any more (within `inScope`). Without `prune`
   * they stay and are reported `stale`; with it, a file still holding our bytes is deleted, and a
   * file changed by someone else is left alone and dropped from the manifest (no longer ours).
   */
  async prune(keep: ReadonlySet<string>, inScope: (prompt: string) => boolean, prune: boolean): Promise<FileOutcome[]> {
    const out: FileOutcome[] = [];
    for (const [rel, entry] of Object.entries(this.manifest.files)) {
      if (keep.has(entry.prompt) || !inScope(entry.prompt)) continue;
      const path = join(this.dir, rel);
      const base = { prompt: entry.prompt, path };
      try {
        const current = await readIfExists(path);
        if (current === undefined) {
          this.forget(rel);
          continue;
        }
        const ours = sha256(current) === entry.sha256;
        if (!prune) {
          out.push({ ...base, action: 'stale', detail: ours ? 'its source is gone; --prune deletes it' : 'its source is gone and someone changed it; --prune will leave it' });
          continue;
        }
        if (ours && !this.dryRun) await fs.unlink(path);
        this.forget(rel);
        out.push(ours ? { ...base, action: 'pruned' } : { ...base, action: 'conflict', detail: 'changed by someone since salehi-engine installed it; left alone and no longer tracked' });
      } catch (err) {
        out.push({ ...base, action: 'failed', detail: `CE_PROMPT_INSTALL_FAILED: ${describeError(err)}` });
      }
    }
    return out;
  }

  /** Writes the manifest if anything changed (never in a dry run). */
  async save(): Promise<void> {
    if (this.dryRun || !this.dirty) return;
    await writeManifest(this.dir, this.manifest);
    this.dirty = false;
  }

  private record(w: WantedFile): void {
    this.manifest.files[w.relPath] = {
      sha256: sha256(w.bytes),
      bytes: w.bytes.length,
      prompt: w.prompt,
      source: w.source,
      sourceSha256: w.sourceSha256,
      installedAt: this.now().toISOString(),
    };
    this.dirty = true;
  }

  private forget(rel: string): void {
    delete this.manifest.files[rel];
    this.dirty = true;
  }

  /** Keeps the foreign file's bytes beside it under a name Asterisk never plays (`.salehi-orig`). */
  private async backup(path: string, bytes: Buffer): Promise<string> {
    for (const name of [`${path}.salehi-orig`, `${path}.salehi-orig-${this.now().getTime()}`]) {
      if (await writeExclusive(name, bytes)) return name;
    }
    throw new Error(`cannot keep a backup of ${path}: ${path}.salehi-orig exists`);
  }
}
