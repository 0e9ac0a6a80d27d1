import { setImmediate as nextTurn } from 'node:timers/promises';
import { Semaphore } from './semaphore';

/**
 * Takes turns for CPU work on the one JS thread (silence check, in-process clean-up). One job at a
 * time, each starting on a fresh turn of the event loop: fifty recordings finishing together then
 * cost fifty short blocks with call-control I/O between them, not one long block (which is what
 * starting fifty jobs in one tick would do, whatever their `await`s).
 */
export class CpuTurns {
  private readonly slot = new Semaphore(1);

  /** Runs `job` alone, after yielding to the event loop once. `job` may yield more itself. */
  run<T>(job: () => T | Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.slot.run(async () => {
      await nextTurn();
      return job();
    }, signal);
  }
}
