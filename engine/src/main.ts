import 'reflect-metadata';
import { isEngineError, describeError } from './errors';
import { parseCliArgs, stringFlag, type CliArgs } from './cli/cli-args';
import { loadConfig } from './config/load-config';
import { SECRET_LOG_PATHS } from './config/secrets';
import { createPinoLogger, pinoDestination } from './adapters/logging/pino-logger';
import type { PluginCommand } from './plugin-host/plugin.types';
import { createSqliteCallStore } from './adapters/store';
import { systemClock } from './ports/clock.port';
import { processOutput, type CliOutput } from './cli/cli-output';
import { checkConfigCommand, CONFIG_ERROR_EXIT } from './cli/check-config.command';
import { startCommand } from './cli/start.command';
import { ENGINE_VERSION } from './version';
import { bundledPlugins, simulatorSpeech } from '../../plugins/bundled';
import { demoCommand } from './cli/demo.command';
import { simulateCommand } from './cli/simulate.command';

const USAGE = `Usage: salehi-engine <command> [options]

Commands:
  start         [--config FILE]   start the engine (HTTP API, plugins enabled in config)
  check-config  [--config FILE]   print the effective config (secrets masked) or every error; exit 2 on errors
  simulate      [--ari-port N --ami-port N --agi-port N --speed X]   run the built-in PBX simulator until Ctrl-C
  demo          [--speed 0.05]    dial a simulated campaign through the built-in PBX simulator, live
  version                         print the version
  help                            this text

The config file may also be named by SALEHI_CONFIG; a legacy .env in the working directory is read too.`;

function usage(): string {
  const extra = bundledPlugins.flatMap((p) => p.commands ?? []).map((c) => `  ${c.name.padEnd(14)}${c.summary}`);
  return extra.length ? USAGE.replace('  help ', `${extra.join('\n')}\n  help `) : USAGE;
}

async function runPluginCommand(command: PluginCommand, args: CliArgs, io: CliOutput, ids: readonly string[]): Promise<number> {
  const config = loadConfig({ configPath: stringFlag(args, 'config'), availablePlugins: ids });
  // Commands print their results on stdout; their logs go to stderr so pipes stay clean.
  const logger = createPinoLogger({ level: config.log.level === 'info' ? 'warn' : config.log.level, redactPaths: SECRET_LOG_PATHS, destination: pinoDestination(2) });
  const openStore = () => createSqliteCallStore({ path: config.store.sqlite.path, logger, clock: systemClock });
  return command.run({ flags: args.flags, positionals: args.positionals, io: { ...io, stdin: process.stdin }, config, logger, openStore });
}

/** Runs one CLI command and returns its exit code. Only runCli turns it into process.exit. */
export async function runCommand(argv: readonly string[], io: CliOutput = processOutput): Promise<number> {
  const args = parseCliArgs(argv);
  const ids = bundledPlugins.map((p) => p.id);
  switch (args.command) {
    case 'start': {
      const running = await startCommand(args, bundledPlugins);
      return running.done;
    }
    case 'simulate':
      return simulateCommand(args, io);
    case 'demo':
      return demoCommand(args, io, { plugins: bundledPlugins, simulatorSpeech });
    case 'check-config':
      return checkConfigCommand(args, io, ids);
    case 'version':
    case '--version':
      io.out(ENGINE_VERSION);
      return 0;
    case 'help':
    case '--help':
      io.out(usage());
      return 0;
    default: {
      const command = bundledPlugins.flatMap((p) => p.commands ?? []).find((c) => c.name === args.command);
      if (!command) {
        io.err(`Unknown command '${args.command}'.\n\n${usage()}`);
        return 64;
      }
      return runPluginCommand(command, args, io, ids);
    }
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
