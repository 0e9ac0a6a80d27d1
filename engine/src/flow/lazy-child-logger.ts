import type { Logger, LogFn } from '../ports/logger.port';

type Bindings = Record<string, string | number | boolean | undefined>;

/**
 * A child logger that is created on its first use. The flow runner gives every step its own child
 * ({step, stepType}) but most steps never log at the configured level; pino serialises a child's
 * bindings when it is made, which cost more per call than the steps' own logging (BENCHMARKS.md,
 * "Call flow"). Records are identical to those of `parent.child(bindings)`.
 */
export class LazyChildLogger implements Logger {
  private made?: Logger;

  readonly fatal: LogFn = (...args: [object | string, string?]) => this.log('fatal', args);
  readonly error: LogFn = (...args: [object | string, string?]) => this.log('error', args);
  readonly warn: LogFn = (...args: [object | string, string?]) => this.log('warn', args);
  readonly info: LogFn = (...args: [object | string, string?]) => this.log('info', args);
  readonly debug: LogFn = (...args: [object | string, string?]) => this.log('debug', args);
  readonly trace: LogFn = (...args: [object | string, string?]) => this.log('trace', args);

  constructor(
    private readonly parent: Logger,
    private readonly bindings: Bindings,
  ) {}

  child(bindings: Bindings): Logger {
    return this.real().child(bindings);
  }

  private real(): Logger {
    return (this.made ??= this.parent.child(this.bindings));
  }

  private log(level: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace', args: [object | string, string?]): void {
    (this.real()[level] as (...a: unknown[]) => void)(...args);
  }
}
