import type { EngineConfig } from '../../../config/config.schema';
import type { Logger } from '../../../ports/logger.port';
import type { MetricsPort } from '../../../ports/metrics.port';
import { AMI_DEFAULT_BACKOFF, type BackoffPolicy } from './ami-backoff';
import { AMI_DEFAULT_PARSER_LIMITS, type AmiParserLimits } from './ami-frame-parser';

/** Everything the AMI supervisor needs; every tunable has a default sized for a real Asterisk. */
export interface AmiConnectionOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  /** `Events:` at login. `system` brings registrations, contacts, boot/shutdown; `call` brings channels and dials. */
  readonly events?: string;
  /** TCP connect + banner budget. */
  readonly connectTimeoutMs?: number;
  /** Deadline of every action (config `asterisk.ami.actionTimeoutSec`). */
  readonly actionTimeoutMs?: number;
  /** Ping period to detect a half-open TCP connection (config `asterisk.ami.pingIntervalSec`). */
  readonly pingIntervalMs?: number;
  /** How long a Ping may take before the connection is declared wedged and replaced. */
  readonly pingTimeoutMs?: number;
  readonly backoff?: BackoffPolicy;
  /** A connection that lived this long resets the backoff to its first step. */
  readonly stableAfterMs?: number;
  /** stop(): how long to wait for the Goodbye. */
  readonly logoffTimeoutMs?: number;
  readonly limits?: AmiParserLimits;
  /** Prefix of our ActionIDs; unique per engine instance (default: random). */
  readonly instanceId?: string;
  readonly logger: Logger;
  readonly metrics?: MetricsPort;
}

export type ResolvedAmiOptions = Required<Omit<AmiConnectionOptions, 'metrics' | 'instanceId'>> &
  Pick<AmiConnectionOptions, 'metrics' | 'instanceId'>;

export const AMI_DEFAULTS = {
  events: 'system,call',
  connectTimeoutMs: 5_000,
  actionTimeoutMs: 10_000,
  pingIntervalMs: 20_000,
  pingTimeoutMs: 5_000,
  stableAfterMs: 10_000,
  logoffTimeoutMs: 1_000,
} as const;

export function resolveAmiOptions(opts: AmiConnectionOptions): ResolvedAmiOptions {
  return {
    ...AMI_DEFAULTS,
    backoff: AMI_DEFAULT_BACKOFF,
    limits: AMI_DEFAULT_PARSER_LIMITS,
    ...Object.fromEntries(Object.entries(opts).filter(([, v]) => v !== undefined)),
  } as ResolvedAmiOptions;
}

/** The options that come from `asterisk.ami` in the engine config (the composition root adds logger/metrics). */
export function amiOptionsFromConfig(
  ami: EngineConfig['asterisk']['ami'],
): Pick<AmiConnectionOptions, 'host' | 'port' | 'username' | 'secret' | 'actionTimeoutMs' | 'pingIntervalMs'> {
  return {
    host: ami.host,
    port: ami.port,
    username: ami.username,
    secret: ami.password,
    actionTimeoutMs: Math.round(ami.actionTimeoutSec * 1000),
    pingIntervalMs: Math.round(ami.pingIntervalSec * 1000),
  };
}
