import pino, { type DestinationStream } from 'pino';

export interface LogFileOptions {
  readonly path: string;
  readonly frequency: 'daily' | 'hourly';
  readonly size?: string;
  readonly maxFiles: number;
}

/**
 * A rotating log file (pino-roll in pino's transport worker, so rotation and disk writes never block
 * the event loop). Old files beyond `maxFiles` are deleted.
 */
export function createLogFileStream(opts: LogFileOptions): DestinationStream {
  return pino.transport({
    target: 'pino-roll',
    options: {
      file: opts.path,
      frequency: opts.frequency,
      ...(opts.size ? { size: opts.size } : {}),
      mkdir: true,
      limit: { count: opts.maxFiles },
    },
  }) as DestinationStream;
}
