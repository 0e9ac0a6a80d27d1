import { readdir, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { Logger } from '../../engine/src/index';

/** How often the kept enhanced copies are swept. */
export const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes files in `dir` older than `keepDays` (by modification time). Only regular files directly in
 * `dir` are touched. Returns how many were deleted; never throws (a sweep is retried next hour).
 */
export async function sweepKeptCopies(dir: string, keepDays: number, now: number, logger: Logger): Promise<number> {
  if (!dir || keepDays <= 0) return 0;
  const cutoff = now - keepDays * 86_400_000;
  let deleted = 0;
  try {
    for (const name of await readdir(dir)) {
      const path = join(dir, name);
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile() || info.mtimeMs >= cutoff) continue;
      await unlink(path).then(
        () => void deleted++,
        (err: unknown) => logger.warn({ err, path }, 'could not delete an old recording copy'),
      );
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') logger.warn({ err, dir }, 'recording retention sweep failed');
  }
  if (deleted) logger.info({ deleted, dir, keepDays }, 'old recording copies deleted');
  return deleted;
}

/** Runs the sweep now and every hour; returns the stop function. */
export function startRetention(dir: string, keepDays: number, logger: Logger): () => void {
  if (!dir || keepDays <= 0) return () => undefined;
  const run = (): void => void sweepKeptCopies(dir, keepDays, Date.now(), logger);
  run();
  const timer = setInterval(run, SWEEP_INTERVAL_MS);
  timer.unref();
  return () => clearInterval(timer);
}
