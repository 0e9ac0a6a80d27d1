import type { Logger } from '../../ports/logger.port';

const ignore = (): void => undefined;

/** The default logger of simulator parts built without one: it drops everything. */
export const silentLogger: Logger = {
  fatal: ignore,
  error: ignore,
  warn: ignore,
  info: ignore,
  debug: ignore,
  trace: ignore,
  child: () => silentLogger,
};
