import type { Logger, LogFn } from '../../engine/src/ports/logger.port';

export interface LogRecord {
  readonly level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace';
  readonly msg: string;
  readonly obj?: object;
  readonly bindings: Record<string, unknown>;
}

/** A Logger that keeps every record in memory so tests can assert what was logged. */
export class CaptureLogger implements Logger {
  constructor(
    readonly records: LogRecord[] = [],
    private readonly bindings: Record<string, unknown> = {},
  ) {}

  fatal = this.at('fatal');
  error = this.at('error');
  warn = this.at('warn');
  info = this.at('info');
  debug = this.at('debug');
  trace = this.at('trace');

  child(bindings: Record<string, string | number | boolean | undefined>): Logger {
    return new CaptureLogger(this.records, { ...this.bindings, ...bindings });
  }

  find(level: LogRecord['level'], pattern: RegExp): LogRecord | undefined {
    return this.records.find((r) => r.level === level && pattern.test(r.msg));
  }

  private at(level: LogRecord['level']): LogFn {
    return ((a: string | object, b?: string) => {
      if (typeof a === 'string') this.records.push({ level, msg: a, bindings: this.bindings });
      else this.records.push({ level, msg: b ?? '', obj: a, bindings: this.bindings });
    }) as LogFn;
  }
}
