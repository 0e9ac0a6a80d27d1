import type { EngineConfig } from '../../config/config.schema';
import { SECRET_LOG_PATHS } from '../../config/secrets';
import type { Logger } from '../../ports/logger.port';
import { createLogFileStream } from './log-file';
import { createPinoLogger } from './pino-logger';

/** The engine's logger as config describes it: JSON to stdout, optionally a rotating file, secrets redacted. */
export function createEngineLogger(config: EngineConfig): Logger {
  const file = config.log.file;
  const redactPaths = config.log.redactPhoneNumbers ? [...SECRET_LOG_PATHS, 'phone', '*.phone', 'number', '*.number', 'callerId', '*.callerId'] : SECRET_LOG_PATHS;
  return createPinoLogger({
    level: config.log.level,
    redactPaths,
    extraStreams: file ? [createLogFileStream(file)] : [],
  });
}
