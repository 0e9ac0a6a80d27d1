import { EngineError } from '../errors';
import type { AnyStepDefinition } from './step-definition';
import { entryStep } from './steps/entry.step';
import { playPromptStep } from './steps/play-prompt.step';
import { recordStep } from './steps/record.step';
import { classifyIntentStep } from './steps/classify-intent.step';
import { routeByIntentStep } from './steps/route-by-intent.step';
import { checkRetryLimitStep } from './steps/check-retry-limit.step';
import { setResultStep } from './steps/set-result.step';
import { transferToOperatorStep } from './steps/transfer-to-operator.step';
import { hangupStep, disconnectStep } from './steps/hangup.step';
import { waitStep } from './steps/wait.step';
import { collectDtmfStep } from './steps/collect-dtmf.step';
import { amdStep } from './steps/amd.step';
import { addToDncStep } from './steps/add-to-dnc.step';

/** Every step type the engine ships (PRODUCT.md §3). */
export const BUILT_IN_STEPS: readonly AnyStepDefinition[] = [
  entryStep,
  playPromptStep,
  recordStep,
  classifyIntentStep,
  routeByIntentStep,
  checkRetryLimitStep,
  setResultStep,
  transferToOperatorStep,
  hangupStep,
  disconnectStep,
  waitStep,
  collectDtmfStep,
  amdStep,
  addToDncStep,
];

/** Step types by name; plugins add their own (e.g. `llm-turn`) before scenarios are loaded. */
export class StepRegistry {
  private readonly byType = new Map<string, AnyStepDefinition>();

  constructor(initial: readonly AnyStepDefinition[] = BUILT_IN_STEPS) {
    for (const def of initial) this.add(def);
  }

  add(def: AnyStepDefinition): void {
    if (this.byType.has(def.type)) throw new EngineError('CE_SCENARIO_INVALID', `Step type '${def.type}' is registered twice`);
    this.byType.set(def.type, def);
  }

  get(type: string): AnyStepDefinition | undefined {
    return this.byType.get(type);
  }

  types(): string[] {
    return [...this.byType.keys()];
  }
}
