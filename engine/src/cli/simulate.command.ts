import { createPinoLogger, pinoDestination } from '../adapters/logging/pino-logger';
import type { EngineConfig } from '../config/config.schema';
import { loadConfig } from '../config/load-config';
import { SECRET_LOG_PATHS } from '../config/secrets';
import { EngineError } from '../errors';
import type { Logger } from '../ports/logger.port';
import { PbxSimulator, type PbxSimulatorOptions, type PbxUser } from '../simulator/pbx-simulator';
import { stringFlag, type CliArgs } from './cli-args';
import type { CliOutput } from './cli-output';

export interface SimulateCommandOptions {
  /** Resolves when the simulator should stop (tests); default: the first SIGINT or SIGTERM. */
  readonly until?: Promise<unknown>;
  readonly logger?: Logger;
  /** The engine config to follow instead of loading it (tests). */
  readonly config?: EngineConfig;
  /** Told once the simulator listens (tests read the ports). */
  readonly onStarted?: (sim: PbxSimulator) => void;
}

function portFlag(args: CliArgs, name: string, fallback: number): number {
  const raw = stringFlag(args, name);
  if (raw === undefined) return fallback;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new EngineError('CE_CONFIG_INVALID', `--${name} must be a port number (0-65535), got '${raw}'`);
  return port;
}

function speedFlag(args: CliArgs): number {
  const raw = stringFlag(args, 'speed');
  if (raw === undefined) return 1;
  const speed = Number(raw);
  if (!(speed > 0)) throw new EngineError('CE_CONFIG_INVALID', `--speed must be a positive number (real ms per simulated ms), got '${raw}'`);
  return speed;
}

/** The ARI and AMI users of the engine config, so `start` connects to `simulate` with no setup. */
function usersOf(config: EngineConfig): PbxUser[] {
  const users: PbxUser[] = [{ username: config.asterisk.ari.username, password: config.asterisk.ari.password }];
  const ami = config.asterisk.ami;
  if (ami.username !== config.asterisk.ari.username || ami.password !== config.asterisk.ari.password) users.push({ username: ami.username, password: ami.password });
  return users;
}

function ariPortOf(config: EngineConfig): number {
  const url = new URL(config.asterisk.ari.url);
  return url.port ? Number(url.port) : 8088;
}

/** Simulator options: the engine config's view of its Asterisk, then the flags. */
export function simulatorOptions(args: CliArgs, config: EngineConfig, logger: Logger): PbxSimulatorOptions {
  const agi = config.asterisk.agi;
  return {
    speed: speedFlag(args),
    host: stringFlag(args, 'host') ?? '127.0.0.1',
    ariPort: portFlag(args, 'ari-port', ariPortOf(config)),
    amiPort: portFlag(args, 'ami-port', config.asterisk.ami.port),
    agiTarget: { host: stringFlag(args, 'agi-host') ?? agi.host, port: portFlag(args, 'agi-port', agi.port) },
    users: usersOf(config),
    trunks: [{ name: config.lines.trunk }],
    phones: [config.operator.extension],
    lines: config.lines.numbers,
    app: config.asterisk.ari.app,
    logger,
  };
}

function listening(sim: PbxSimulator, o: PbxSimulatorOptions): string[] {
  const users = (o.users ?? []).map((u) => u.username).join(', ');
  return [
    `PBX simulator listening (speed ${o.speed ?? 1}: real ms per simulated ms)`,
    `  ARI      ${sim.ariUrl}  events ${sim.ariWsUrl}  app ${o.app ?? 'salehi'}`,
    `  AMI      ${sim.host}:${sim.amiPort}`,
    `  users    ${users}`,
    `  FastAGI  inbound calls connect to agi://${sim.agiTarget.host}:${sim.agiTarget.port}/inbound`,
    `  trunks   ${(o.trunks ?? []).map((t) => t.name).join(', ')}    lines ${(o.lines ?? []).join(', ') || '(none)'}`,
    'Stop with Ctrl-C (SIGINT) or SIGTERM.',
  ];
}

function nextSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const on = (signal: NodeJS.Signals): void => {
      process.off('SIGINT', on);
      process.off('SIGTERM', on);
      resolve(signal);
    };
    process.once('SIGINT', on);
    process.once('SIGTERM', on);
  });
}

/**
 * `salehi-engine simulate [--config FILE] [--ari-port N] [--ami-port N] [--agi-host H] [--agi-port N]
 * [--host H] [--speed X]`: the built-in PBX on the ports the engine config points at (defaults ARI
 * 8088, AMI 5038, FastAGI target 127.0.0.1:4573), with the config's users, trunk, lines and Stasis
 * app, until SIGINT/SIGTERM. Returns the exit code.
 */
export async function simulateCommand(args: CliArgs, io: CliOutput, opts: SimulateCommandOptions = {}): Promise<number> {
  const config = opts.config ?? loadConfig({ configPath: stringFlag(args, 'config') });
  const logger = opts.logger ?? createPinoLogger({ level: config.log.level, redactPaths: SECRET_LOG_PATHS, destination: pinoDestination(2) });
  const options = simulatorOptions(args, config, logger);
  const sim = await PbxSimulator.start(options);
  for (const line of listening(sim, options)) io.out(line);
  opts.onStarted?.(sim);
  const reason = await (opts.until ?? nextSignal());
  logger.info({ reason: typeof reason === 'string' ? reason : 'stop requested' }, 'PBX simulator stopping');
  await sim.stop();
  io.out('PBX simulator stopped');
  return 0;
}
