import { CallGoneError, EngineError } from '../errors';
import type { CallEvent } from '../ports/call-event';

interface Waiter {
  readonly match: (e: CallEvent) => boolean;
  readonly resolve: (e: CallEvent) => void;
  readonly reject: (err: Error) => void;
  readonly cleanup: () => void;
}

/**
 * The events of one call, with "wait until an event like this arrives" for the session and its steps.
 * A waiter is registered BEFORE the action that causes its event (subscribe before you act), so an
 * event that arrives before the action's promise resolves is never missed.
 */
export class EventInbox {
  private waiters = new Set<Waiter>();
  private closed = false;
  private closedWith?: Error;

  /** Delivers an event to every waiter that matches it. */
  push(event: CallEvent): void {
    for (const w of [...this.waiters]) {
      if (w.match(event)) {
        w.cleanup();
        w.resolve(event);
      }
    }
  }

  /**
   * Resolves with the first matching event. Rejects with CE_TELEPHONY_TIMEOUT after `timeoutMs`,
   * with CallGoneError when the inbox closes (the call ended) or the signal aborts.
   */
  waitFor<E extends CallEvent>(match: (e: CallEvent) => e is E, opts: { timeoutMs: number; signal?: AbortSignal; what: string }): Promise<E>;
  waitFor(match: (e: CallEvent) => boolean, opts: { timeoutMs: number; signal?: AbortSignal; what: string }): Promise<CallEvent>;
  waitFor(match: (e: CallEvent) => boolean, opts: { timeoutMs: number; signal?: AbortSignal; what: string }): Promise<CallEvent> {
    if (this.closed) return Promise.reject(this.closedError());
    if (opts.signal?.aborted) return Promise.reject(new CallGoneError(`call over while waiting for ${opts.what}`));
    return new Promise<CallEvent>((resolve, reject) => {
      const onAbort = (): void => {
        cleanup();
        reject(new CallGoneError(`call over while waiting for ${opts.what}`));
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new EngineError('CE_TELEPHONY_TIMEOUT', `no ${opts.what} within ${opts.timeoutMs} ms`));
      }, opts.timeoutMs);
      const cleanup = (): void => {
        clearTimeout(timer);
        opts.signal?.removeEventListener('abort', onAbort);
        this.waiters.delete(waiter);
      };
      const waiter: Waiter = { match, resolve, reject, cleanup };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.add(waiter);
    });
  }

  /** Fails every pending and future wait (the call is over); the first close's reason is kept. */
  close(reason?: Error): void {
    if (!this.closed) {
      this.closed = true;
      this.closedWith = reason;
    }
    for (const w of [...this.waiters]) {
      w.cleanup();
      w.reject(this.closedError());
    }
  }

  // The default error is built only when a wait needs it: capturing a stack for every ended call
  // is measurable (BENCHMARKS.md, "Call flow").
  private closedError(): Error {
    return (this.closedWith ??= new CallGoneError('call ended'));
  }
}
