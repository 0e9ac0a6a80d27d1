/**
 * The logging port: the subset of pino the engine uses (the same subset fastify checks in
 * `validateLogger`). Errors are logged under `err`: `log.error({ err }, 'originate failed')`.
 */
export interface LogFn {
  (msg: string): void;
  (obj: object, msg?: string): void;
}

export interface Logger {
  fatal: LogFn;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
  trace: LogFn;
  /** A child logger with extra bindings ({plugin}, {callId, channelId, campaignId}). Never bind untrusted objects. */
  child(bindings: Record<string, string | number | boolean | undefined>): Logger;
}
