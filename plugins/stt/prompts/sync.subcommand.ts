import type { PluginCommandInput } from '../../../engine/src/index';
import type { CommandFlags } from './command-flags';
import { syncOptionsFrom } from './prompts-options';
import { syncPrompts, type SyncDeps } from './prompt-sync';
import { formatSyncReport, syncExitCode } from './sync-report';

export const SYNC_SWITCHES = ['dry-run', 'prune', 'verbose', 'json'];

/**
 * `salehi-engine prompts sync [--target DIR] [--scenario NAME] [--dry-run] [--prune]
 * [--force ID[,ID]] [--source DIR] [--ffmpeg PATH] [--verbose] [--json]`.
 * Exit 0 = every prompt in place, 3 = some target files were left alone (conflicts), 1 = failures.
 */
export async function runSync(input: PluginCommandInput, flags: CommandFlags, deps: SyncDeps & { cwd?: string }): Promise<number> {
  const opts = syncOptionsFrom(input.config, flags, deps.cwd ?? process.cwd());
  const report = await syncPrompts(opts, deps);
  if (flags.bool('json')) input.io.out(JSON.stringify(report, null, 2));
  else for (const line of formatSyncReport(report, flags.bool('verbose'))) input.io.out(line);
  if (report.prompts === 0) input.io.err(`no prompt sources under ${opts.sourceRoot}${opts.scenario ? ` for scenario ${opts.scenario}` : ''}`);
  input.logger.info({ prompts: report.prompts, converted: report.converted, ms: Math.round(report.durationMs) }, 'prompt sync finished');
  return syncExitCode(report);
}
