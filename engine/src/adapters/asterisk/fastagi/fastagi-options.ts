import type { EngineConfig } from '../../../config/config.schema';
import type { Logger } from '../../../ports/logger.port';
import type { MetricsPort } from '../../../ports/metrics.port';

/** Tunables of the FastAGI server; every limit has a default sized for real Asterisk traffic. */
export interface FastAgiLimits {
  /** Per-command result budget for commands that return at once (config commandTimeoutSec). */
  readonly commandTimeoutMs: number;
  /** Extra budget for media commands whose length we cannot know (a prompt of unknown length). */
  readonly mediaTimeoutMs: number;
  /** Ms without any command while the handler runs before the session is closed (config idleTimeoutSec). */
  readonly idleTimeoutMs: number;
  /** Ms from connect until the environment block is complete (Asterisk sends it at once). */
  readonly envTimeoutMs: number;
  /** A handler that never returns is cut off after this (the call would otherwise stall in AGI forever). */
  readonly sessionMaxMs: number;
  /** Longest line accepted or sent (Asterisk's own command buffer is 8 KiB). */
  readonly maxLineBytes: number;
  readonly maxEnvLines: number;
  readonly maxEnvBytes: number;
  readonly maxCommandsPerSession: number;
  /** Concurrent connections; more are refused with a log line. */
  readonly maxConnections: number;
  /** Ms to wait for Asterisk's FIN after ours before dropping the socket. */
  readonly lingerMs: number;
  /** close(): ms to wait for running handlers to finish before their sessions are ended. */
  readonly drainMs: number;
  /** close(): ms after ending the sessions before sockets still open are destroyed. */
  readonly closeDeadlineMs: number;
}

export interface FastAgiServerOptions extends Partial<FastAgiLimits> {
  readonly host: string;
  /** 0 picks a free port (tests). */
  readonly port: number;
  /** Allowed client addresses or CIDR blocks (config `asterisk.agi.allow`). */
  readonly allow: readonly string[];
  readonly logger: Logger;
  readonly metrics?: MetricsPort;
}

export const FASTAGI_DEFAULT_LIMITS: FastAgiLimits = {
  commandTimeoutMs: 10_000,
  mediaTimeoutMs: 300_000,
  idleTimeoutMs: 60_000,
  envTimeoutMs: 5_000,
  sessionMaxMs: 600_000,
  maxLineBytes: 8 * 1024,
  maxEnvLines: 64,
  maxEnvBytes: 16 * 1024,
  maxCommandsPerSession: 1_000,
  maxConnections: 2_000,
  lingerMs: 2_000,
  drainMs: 0,
  closeDeadlineMs: 3_000,
};

/** The server options that come from `asterisk.agi` in the engine config (the lead adds logger/metrics). */
export function fastAgiOptionsFromConfig(
  agi: EngineConfig['asterisk']['agi'],
): Pick<FastAgiServerOptions, 'host' | 'port' | 'allow' | 'commandTimeoutMs' | 'idleTimeoutMs'> {
  return {
    host: agi.host,
    port: agi.port,
    allow: agi.allow,
    commandTimeoutMs: Math.round(agi.commandTimeoutSec * 1000),
    idleTimeoutMs: Math.round(agi.idleTimeoutSec * 1000),
  };
}

export function resolveLimits(opts: Partial<FastAgiLimits>): FastAgiLimits {
  const out: Record<string, number> = { ...FASTAGI_DEFAULT_LIMITS };
  for (const key of Object.keys(FASTAGI_DEFAULT_LIMITS) as Array<keyof FastAgiLimits>) {
    const v = opts[key];
    if (v !== undefined) out[key] = v;
  }
  return out as unknown as FastAgiLimits;
}
