/**
 * A small seeded PRNG (mulberry32) for property tests: the same seed gives the same run, so a failing
 * seed printed by a test replays exactly. Not for anything but tests.
 */
export class SeededRandom {
  private state: number;

  constructor(readonly seed: number) {
    this.state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [min, max] (inclusive). */
  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  /** True with probability `p`. */
  chance(p: number): boolean {
    return p > 0 && this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)] as T;
  }

  /** Picks by weight: `[[value, weight], ...]`. */
  weighted<T>(table: readonly (readonly [T, number])[]): T {
    const total = table.reduce((s, [, w]) => s + w, 0);
    let r = this.next() * total;
    for (const [value, w] of table) {
      r -= w;
      if (r < 0) return value;
    }
    return (table[table.length - 1] as readonly [T, number])[0];
  }
}

/**
 * Timers a fake owns, counted apart from the code under test: with sinon fake timers installed,
 * `clock.countTimers() - book.pending` is what the code under test still has armed.
 */
export class TimerBook {
  private readonly live = new Set<NodeJS.Timeout>();

  get pending(): number {
    return this.live.size;
  }

  /** Runs `fn` after `ms` (global setTimeout, so sinon's fake clock when installed). Returns a cancel. */
  after(ms: number, fn: () => void): () => void {
    const timer = setTimeout(() => {
      this.live.delete(timer);
      fn();
    }, Math.max(0, ms));
    this.live.add(timer);
    return () => {
      if (this.live.delete(timer)) clearTimeout(timer);
    };
  }

  /** Resolves after `ms`; rejects at once with `abortError()` when the signal aborts. */
  sleep(ms: number, signal?: AbortSignal, abortError: () => Error = () => new Error('aborted')): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError());
    return new Promise((resolve, reject) => {
      const onAbort = (): void => {
        cancel();
        reject(abortError());
      };
      const cancel = this.after(ms, () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      });
      signal?.addEventListener('abort', onAbort, { once: true });
    });
  }
}
