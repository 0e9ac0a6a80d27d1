/**
 * At most `limit` tasks run at once; the rest wait in FIFO order. A waiter whose signal aborts
 * leaves the queue at once (rejecting with the signal's reason), so a caller that gave up never
 * takes a slot later.
 */
export class ConcurrencyLimiter {
  private running = 0;
  private readonly waiters: { readonly grant: () => void }[] = [];

  constructor(private readonly limit: number) {}

  /** Tasks currently holding a slot. */
  get active(): number {
    return this.running;
  }

  /** Tasks waiting for a slot. */
  get queued(): number {
    return this.waiters.length;
  }

  async run<T>(task: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await task();
    } finally {
      this.release();
    }
  }

  private acquire(signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) return Promise.reject(signal.reason as Error);
    if (this.running < this.limit) {
      this.running++;
      return Promise.resolve();
    }
    return new Promise<void>((resolve, reject) => {
      const waiter = {
        grant: () => {
          signal?.removeEventListener('abort', onAbort);
          this.running++;
          resolve();
        },
      };
      const onAbort = (): void => {
        const at = this.waiters.indexOf(waiter);
        if (at !== -1) this.waiters.splice(at, 1);
        reject(signal?.reason as Error);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.waiters.push(waiter);
    });
  }

  private release(): void {
    this.running--;
    this.waiters.shift()?.grant();
  }
}
