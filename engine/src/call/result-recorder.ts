import type { Logger } from '../ports/logger.port';
import type { ResultRecorder } from '../flow/step-context';
import { isCallResult } from './call-result';

/** First result wins; later ones are logged for review and never reported. */
export class FirstResultRecorder implements ResultRecorder {
  private result?: string;
  private reason?: string;

  constructor(private readonly log: Logger) {}

  set(result: string, reason?: string): boolean {
    if (!isCallResult(result)) {
      this.log.error({ result }, 'refusing an unknown call result');
      return false;
    }
    if (this.result !== undefined) {
      if (this.result !== result) this.log.info({ kept: this.result, ignored: result, reason }, 'call already has a result; later one ignored');
      return false;
    }
    this.result = result;
    this.reason = reason;
    return true;
  }

  current(): string | undefined {
    return this.result;
  }

  currentReason(): string | undefined {
    return this.reason;
  }
}
