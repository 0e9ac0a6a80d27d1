/**
 * A small seeded PRNG (mulberry32) for the property tests, so a failure can be replayed: every
 * assertion message carries the seed; set DIALER_PROPERTY_SEED=<seed> to rerun that exact case.
 */
import { SeededRandom } from '../../../../helpers/seeded-random';
export interface Random {
  readonly seed: number;
  /** [0, 1) */
  next(): number;
  /** Integer in [min, max] inclusive. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  chance(p: number): boolean;
}

export function seededRandom(seed: number): Random {
  return new SeededRandom(seed);
}

/** The seed for this run: DIALER_PROPERTY_SEED when set, else a fresh one (printed in failures). */
export function propertySeed(): number {
  const fixed = process.env.DIALER_PROPERTY_SEED;
  if (fixed !== undefined && /^\d+$/.test(fixed)) return Number(fixed);
  return Math.floor(Math.random() * 2 ** 31);
}
