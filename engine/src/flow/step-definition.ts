import type { ZodType } from 'zod';
import type { RawStep } from './scenario.schema';
import type { StepContext, StepOutcome } from './step-context';

/** What must hold before a step runs; the runner checks it and fails the step otherwise. */
export type StepPrecondition = 'answered';

/** A reference from a step to another step (for the graph checks at load time). */
export interface StepTarget {
  readonly field: string;
  readonly id: string;
}

/**
 * One step type: its schema (validated at load time), preconditions, the step ids it can jump to,
 * and its run function. One file per type in flow/steps/, registered in the step registry.
 */
export interface StepDefinition<S extends RawStep = RawStep> {
  readonly type: string;
  readonly schema: ZodType<S>;
  readonly preconditions: readonly StepPrecondition[];
  /** Every step id this step may continue with. */
  targets(step: S): readonly StepTarget[];
  /** A step that may end the flow by itself (no `next` needed). */
  readonly terminal: boolean;
  run(ctx: StepContext, step: S): Promise<StepOutcome>;
}

/** Erases the step's own type for storage in the registry. */
export type AnyStepDefinition = StepDefinition<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export function defineStep<S extends RawStep>(def: StepDefinition<S>): StepDefinition<S> {
  return Object.freeze(def);
}

/** Collects `{field, id}` for each named field of a step that is set. */
export function targetsOf(step: Record<string, unknown>, fields: readonly string[]): StepTarget[] {
  return fields.flatMap((field) => (typeof step[field] === 'string' ? [{ field, id: step[field] as string }] : []));
}

/** A step failure the flow can route around (`on_failure`), as opposed to a bug that ends the call. */
export class NonFatalStepError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NonFatalStepError';
  }
}
