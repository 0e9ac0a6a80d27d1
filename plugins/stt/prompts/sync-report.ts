/** The outcome of `prompts sync`: one line per target file touched or left alone, plus failures. */
export type FileAction =
  | 'installed'
  | 'updated'
  | 'unchanged'
  | 'adopted'
  | 'forced'
  | 'conflict'
  | 'stale'
  | 'pruned'
  | 'failed';

export const FILE_ACTIONS: readonly FileAction[] = ['installed', 'updated', 'unchanged', 'adopted', 'forced', 'conflict', 'stale', 'pruned', 'failed'];

export interface FileOutcome {
  readonly action: FileAction;
  /** Prompt id (`academy/hello`, `onhold`). */
  readonly prompt: string;
  /** Absolute path of the target file. */
  readonly path: string;
  readonly detail?: string;
}

/** A prompt that could not be prepared at all (its source is unreadable or ffmpeg failed). */
export interface PromptFailure {
  readonly prompt: string;
  readonly source: string;
  readonly code: string;
  readonly message: string;
}

export interface SyncReport {
  readonly dryRun: boolean;
  /** Install roots, `asterisk.soundDir` first. */
  readonly roots: readonly string[];
  /** Prompt sources found (after --scenario). */
  readonly prompts: number;
  /** ffmpeg runs (0 when every source was unchanged and cached). */
  readonly converted: number;
  readonly files: readonly FileOutcome[];
  readonly failures: readonly PromptFailure[];
  readonly warnings: readonly string[];
  readonly durationMs: number;
}

export function countActions(report: SyncReport): Record<FileAction, number> {
  const counts = Object.fromEntries(FILE_ACTIONS.map((a) => [a, 0])) as Record<FileAction, number>;
  for (const f of report.files) counts[f.action]++;
  return counts;
}

/** Exit code: 1 when something failed, 3 when files were left alone as conflicts, else 0. */
export function syncExitCode(report: SyncReport): number {
  const counts = countActions(report);
  if (report.failures.length > 0 || counts.failed > 0) return 1;
  return counts.conflict > 0 ? 3 : 0;
}

function fileLine(f: FileOutcome): string {
  return `${f.action.padEnd(10)}${f.path}${f.detail ? `  (${f.detail})` : ''}`;
}

/** Routine outcomes: one line per prompt unless verbose. Everything else is listed file by file. */
const ROUTINE: readonly FileAction[] = ['installed', 'updated', 'adopted'];

function fileLines(files: readonly FileOutcome[], verbose: boolean): string[] {
  if (verbose) return files.map(fileLine);
  const lines: string[] = [];
  const grouped = new Map<string, number>();
  for (const f of files) {
    if (f.action === 'unchanged') continue;
    if (!ROUTINE.includes(f.action)) {
      lines.push(fileLine(f));
      continue;
    }
    const key = `${f.action.padEnd(10)}${f.prompt}`;
    if (!grouped.has(key)) lines.push(key);
    grouped.set(key, (grouped.get(key) ?? 0) + 1);
  }
  return lines.map((l) => (grouped.has(l) ? `${l}  (${grouped.get(l)} files)` : l));
}

/** Human-readable lines: problems file by file, routine changes per prompt; every file with `verbose`. */
export function formatSyncReport(report: SyncReport, verbose = false): string[] {
  const lines: string[] = [];
  for (const w of report.warnings) lines.push(`warning   ${w}`);
  for (const p of report.failures) lines.push(`failed    ${p.prompt}: ${p.code}: ${p.message}`);
  lines.push(...fileLines(report.files, verbose));
  const counts = countActions(report);
  const parts = FILE_ACTIONS.filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${a}`);
  const head = report.dryRun ? 'dry run (nothing written): ' : '';
  lines.push(
    `${head}${report.prompts} prompts, ${report.files.length} files into ${report.roots.join(', ')}: ${parts.join(', ') || 'nothing to do'}; ` +
      `${report.converted} converted, ${report.failures.length} failed, ${report.durationMs.toFixed(0)} ms`,
  );
  return lines;
}
