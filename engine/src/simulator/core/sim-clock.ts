import { systemClock, type Clock } from '../../ports/clock.port';
import type { Logger } from '../../ports/logger.port';
import { silentLogger } from './silent-logger';

/** A pending simulated timer; cancelling twice or after it fired is harmless. */
export interface SimTimer {
  cancel(): void;
}

/**
 * The simulator's only time source. Every simulated duration (ringing, prompts, recordings,
 * originate timeouts, boot windows) goes through `after()`, which waits `simMs × speed` real
 * milliseconds: speed 1 is real time (the demo), 0.01 makes a 30 s ring last 300 ms (tests).
 * It calls the global `setTimeout` at call time, so sinon fake timers drive it too.
 */
export class SimClock {
  private readonly timers = new Set<ReturnType<typeof setTimeout>>();
  private readonly origin: number;

  constructor(
    private speedFactor = 1,
    private readonly wall: Clock = systemClock,
    private readonly log: Logger = silentLogger,
  ) {
    if (!(speedFactor > 0)) throw new RangeError(`SimClock speed must be > 0, got ${speedFactor}`);
    this.origin = wall.now();
  }

  /** Real milliseconds per simulated millisecond. */
  get speed(): number {
    return this.speedFactor;
  }

  /** Wall-clock time (ms since the epoch) for event timestamps. */
  wallNow(): number {
    return this.wall.now();
  }

  /** Simulated milliseconds since this clock was created. */
  simNow(): number {
    return (this.wall.now() - this.origin) / this.speedFactor;
  }

  /** Real milliseconds a simulated duration takes. */
  toRealMs(simMs: number): number {
    return Math.max(0, simMs * this.speedFactor);
  }

  /** Runs `fn` after `simMs` simulated milliseconds. A throwing callback is logged, never rethrown. */
  after(simMs: number, fn: () => void): SimTimer {
    const handle = setTimeout(() => {
      this.timers.delete(handle);
      this.run(fn);
    }, this.toRealMs(simMs));
    this.timers.add(handle);
    return {
      cancel: () => {
        clearTimeout(handle);
        this.timers.delete(handle);
      },
    };
  }

  /** Runs `fn` on a later macrotask, after the current REST response has been written. */
  defer(fn: () => void): SimTimer {
    return this.after(0, fn);
  }

  /** Cancels every pending timer (crash, restart, stop). */
  cancelAll(): void {
    for (const handle of this.timers) clearTimeout(handle);
    this.timers.clear();
  }

  /** Number of pending timers (tests check nothing leaks). */
  get pending(): number {
    return this.timers.size;
  }

  private run(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.log.error({ err }, 'simulator timer callback failed');
    }
  }
}
