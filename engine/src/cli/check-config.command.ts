import { stringify } from 'yaml';
import { checkConfig } from '../config/load-config';
import type { CliArgs } from './cli-args';
import { stringFlag } from './cli-args';
import type { CliOutput } from './cli-output';

/** Exit code of check-config when the config has errors (distinct from 1 = crash). */
export const CONFIG_ERROR_EXIT = 2;

/**
 * Prints the effective config with secrets masked and returns 0, or prints every problem with its
 * path and returns 2. Never prints a secret.
 */
export function checkConfigCommand(args: CliArgs, io: CliOutput, availablePlugins: readonly string[]): number {
  const result = checkConfig({ configPath: stringFlag(args, 'config'), availablePlugins });
  if (!result.ok) {
    io.err(`Configuration has ${result.issues.length} error(s) [${result.code}]:`);
    for (const issue of result.issues) io.err(`  - ${issue.path}: ${issue.message}`);
    return CONFIG_ERROR_EXIT;
  }
  io.out(`# effective configuration${result.configPath ? ` (file: ${result.configPath})` : ' (no file: defaults + environment)'}; secrets masked`);
  for (const note of result.notes) io.out(`# note: ${note}`);
  io.out(stringify(result.masked));
  return 0;
}
