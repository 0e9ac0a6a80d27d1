import type { ManifestEntry } from './prompt-manifest';

/**
 * What to do with one target file, from three facts: what is on disk, what our manifest says we
 * put there, and what we want there now. Pure, so the safety rules are testable on their own:
 * a file is rewritten only when it is missing or still exactly what we installed, unless forced.
 */
export type InstallDecision =
  /** Nothing there: create it (exclusively: if something appears meanwhile, it is a conflict). */
  | 'create'
  /** Ours and outdated: replace it atomically. */
  | 'replace'
  /** Already the wanted bytes and recorded as ours. */
  | 'unchanged'
  /** Already the wanted bytes but not recorded (e.g. a lost manifest): record it, write nothing. */
  | 'adopt'
  /** Someone else's file (or ours, edited since): leave it alone. */
  | 'conflict'
  /** Someone else's file, but the admin named this prompt in --force: keep a backup and replace it. */
  | 'force-replace';

export interface TargetFacts {
  /** sha256 of the file on disk, undefined when there is none. */
  readonly currentSha?: string;
  readonly entry?: ManifestEntry;
  readonly wantedSha: string;
  readonly forced: boolean;
}

export interface Decided {
  readonly decision: InstallDecision;
  /** Why a conflict is one (for the report). */
  readonly reason?: string;
}

export function decideInstall(f: TargetFacts): Decided {
  if (f.currentSha === undefined) return { decision: 'create' };
  if (f.currentSha === f.wantedSha) return { decision: f.entry?.sha256 === f.wantedSha ? 'unchanged' : 'adopt' };
  if (f.entry && f.entry.sha256 === f.currentSha) return { decision: 'replace' };
  if (f.forced) return { decision: 'force-replace' };
  return {
    decision: 'conflict',
    reason: f.entry ? 'changed by someone since salehi-engine installed it' : 'not installed by salehi-engine',
  };
}
