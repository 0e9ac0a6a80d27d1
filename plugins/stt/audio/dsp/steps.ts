import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * Long DSP loops are written as generators that `yield` between chunks of work. A caller on the event
 * loop drives them with `driveSteps` (one chunk per turn, so I/O and timers run in between); tests and
 * batch tools run them in one go with `runSteps`.
 */
export type Steps<T> = Generator<void, T>;

/** Runs a step generator to its end without pausing. */
export function runSteps<T>(steps: Steps<T>): T {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}

/** Runs a step generator, giving the event loop a turn between chunks. */
export async function driveSteps<T>(steps: Steps<T>): Promise<T> {
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
    await nextTurn();
  }
}
