import 'reflect-metadata';
import { isEngineError, describeError } from './errors';
import { parseCliArgs } from './cli/cli-args';
import { processOutput, type CliOutput } from './cli/cli-output';
import { checkConfigCommand, CONFIG_ERROR_EXIT } from './cli/check-config.command';
import { startCommand } from './cli/start.command';
import { ENGINE_VERSION } from './version';
import { bundledPlugins } from '../../plugins/bundled';

const USAGE = `Usage: salehi-engine <command> [options]

Commands:
  start         [--config FILE]   start the engine (HTTP API, plugins enabled in config)
  check-config  [--config FILE]   print the effective config (secrets masked) or every error; exit 2 on errors
  version                         print the version
  help                            this text

The config file may also be named by SALEHI_CONFIG; a legacy .env in the working directory is read too.`;

/** Runs one CLI command and returns its exit code. Only runCli turns it into process.exit. */
export async function runCommand(argv: readonly string[], io: CliOutput = processOutput): Promise<number> {
  const args = parseCliArgs(argv);
  const ids = bundledPlugins.map((p) => p.id);
  switch (args.command) {
    case 'start': {
      const running = await startCommand(args, bundledPlugins);
      return running.done;
    }
    case 'check-config':
      return checkConfigCommand(args, io, ids);
    case 'version':
    case '--version':
      io.out(ENGINE_VERSION);
      return 0;
    case 'help':
    case '--help':
      io.out(USAGE);
      return 0;
    default:
      io.err(`Unknown command '${args.command}'.\n\n${USAGE}`);
      return 64;
  }
}

/** The process entry (bin/salehi-engine.js). The only place that calls process.exit. */
export function runCli(argv: readonly string[]): void {
  runCommand(argv).then(
    (code) => process.exit(code),
    (err: unknown) => {
      const code = isEngineError(err) ? err.code : 'CE_ENGINE_INTERNAL';
      processOutput.err(`salehi-engine: ${code}: ${describeError(err)}`);
      if (isEngineError(err) && Array.isArray(err.details)) {
        for (const d of err.details as { path?: string; message?: string }[]) processOutput.err(`  - ${d.path ?? ''}: ${d.message ?? ''}`);
      }
      process.exit(isEngineError(err) && err.code.startsWith('CE_CONFIG_') ? CONFIG_ERROR_EXIT : 1);
    },
  );
}
