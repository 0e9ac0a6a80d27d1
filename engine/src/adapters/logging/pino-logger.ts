import pino, { type DestinationStream, type LoggerOptions } from 'pino';
import type { Logger } from '../../ports/logger.port';

export interface PinoLoggerOptions {
  readonly level: string;
  /** Paths (pino redact syntax) whose values are replaced by `***` in every record. */
  readonly redactPaths: readonly string[];
  /** Extra destination besides stdout (e.g. the rotating file stream). */
  readonly extraStreams?: readonly DestinationStream[];
  /** Overrides stdout (tests capture records here). */
  readonly destination?: DestinationStream;
  readonly base?: Record<string, string | number>;
}

/** Paths redacted in every log whatever the config says: credentials that may appear in bindings or errors. */
export const ALWAYS_REDACTED = [
  'password', '*.password', 'secret', '*.secret', 'token', '*.token', 'apiKey', '*.apiKey', 'apiToken', '*.apiToken',
  'authorization', '*.authorization', 'req.headers.authorization', 'headers.authorization', 'headers["gateway-token"]',
] as const;

/** JSON logs with pino; `err` is serialised with stack and cause. */
export function createPinoLogger(opts: PinoLoggerOptions): Logger {
  const options: LoggerOptions = {
    level: opts.level,
    base: opts.base ?? { service: 'salehi-engine' },
    redact: { paths: [...new Set([...ALWAYS_REDACTED, ...opts.redactPaths])], censor: '***' },
    serializers: { err: pino.stdSerializers.errWithCause },
    timestamp: pino.stdTimeFunctions.isoTime,
  };
  const main = opts.destination ?? pino.destination({ fd: 1, sync: false });
  if (!opts.extraStreams?.length) return pino(options, main) as unknown as Logger;
  const streams = [{ stream: main, level: opts.level as pino.Level }, ...opts.extraStreams.map((s) => ({ stream: s, level: opts.level as pino.Level }))];
  return pino(options, pino.multistream(streams)) as unknown as Logger;
}

/** A logger that drops everything (for tools and tests that want silence). */
export function createSilentLogger(): Logger {
  return pino({ level: 'silent' }) as unknown as Logger;
}

/** A pino destination on a file descriptor (1 stdout, 2 stderr). */
export function pinoDestination(fd: number): DestinationStream {
  return pino.destination({ fd, sync: true });
}
