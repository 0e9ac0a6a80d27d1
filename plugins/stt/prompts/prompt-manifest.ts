import { join } from 'node:path';
import { z } from 'zod';
import { atomicWrite, readIfExists } from './atomic-file';

/**
 * The record of what the engine installed into one sounds directory: `<dir>/.salehi-prompts.json`.
 * It is the ONLY proof that a file there is ours. A file missing from it, or whose bytes no longer
 * match the hash recorded here, belongs to someone else (a FreePBX system recording, another
 * application, an admin's hand edit) and is never overwritten or deleted without `--force`.
 */
export const MANIFEST_NAME = '.salehi-prompts.json';

const sha = z.string().regex(/^[0-9a-f]{64}$/);

const entrySchema = z.object({
  /** Hash of the bytes we wrote. */
  sha256: sha,
  bytes: z.number().int().nonnegative(),
  /** Prompt id (`academy/hello`, `onhold`): what --prune and --scenario select on. */
  prompt: z.string().min(1),
  /** Source file and its hash at install time. */
  source: z.string(),
  sourceSha256: sha,
  installedAt: z.string(),
});

const manifestSchema = z.object({
  version: z.literal(1),
  files: z.record(z.string(), entrySchema),
});

export type ManifestEntry = z.infer<typeof entrySchema>;
export type InstallManifest = z.infer<typeof manifestSchema>;

export function emptyManifest(): InstallManifest {
  return { version: 1, files: {} };
}

export interface ManifestRead {
  readonly manifest: InstallManifest;
  /** Set when a manifest existed but could not be used (then every file there counts as foreign). */
  readonly warning?: string;
}

/** Reads `<dir>/.salehi-prompts.json`; a missing one is empty, a damaged one is empty plus a warning. */
export async function readManifest(dir: string): Promise<ManifestRead> {
  const path = join(dir, MANIFEST_NAME);
  const raw = await readIfExists(path);
  if (raw === undefined) return { manifest: emptyManifest() };
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(raw.toString('utf8')));
    if (parsed.success) return { manifest: parsed.data };
    return { manifest: emptyManifest(), warning: `${path} is not a prompt manifest (${parsed.error.issues[0]?.message ?? 'invalid'}): nothing there counts as ours` };
  } catch {
    return { manifest: emptyManifest(), warning: `${path} is not valid JSON: nothing there counts as ours` };
  }
}

/** Writes the manifest atomically, keys sorted so the file diffs cleanly. */
export async function writeManifest(dir: string, manifest: InstallManifest): Promise<void> {
  const files: Record<string, ManifestEntry> = {};
  for (const key of Object.keys(manifest.files).sort()) files[key] = manifest.files[key] as ManifestEntry;
  await atomicWrite(join(dir, MANIFEST_NAME), Buffer.from(`${JSON.stringify({ version: 1, files }, null, 2)}\n`));
}
