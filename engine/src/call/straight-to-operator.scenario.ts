import type { LoadedScenario } from '../flow/loaded-scenario';
import { loadScenarioText, scenarioError, type ScenarioIssue } from '../flow/load-scenarios';
import type { StepRegistry } from '../flow/step-registry';

/** The default inbound path when no scenario has an `inbound_flow`: straight to an operator. */
const TEXT = `
scenario:
  name: straight-to-operator
  display_name: "Inbound: straight to an operator"
  flow:
    - { step: start, type: entry, next: end }
    - { step: end, type: hangup }
  inbound_flow:
    - { step: start, type: entry, next: transfer }
    - { step: transfer, type: transfer_to_operator, agent_type: inbound, hold_prompt: "sound:custom/onhold", on_success: connected, on_failure: failed }
    - { step: connected, type: set_result, result: inbound_call, next: wait }
    - { step: failed, type: set_result, result: disconnected, next: end }
    - { step: wait, type: wait }
    - { step: end, type: hangup }
`;

export function straightToOperatorScenario(steps: StepRegistry): LoadedScenario {
  const issues: ScenarioIssue[] = [];
  const s = loadScenarioText(TEXT, 'built-in:straight-to-operator', steps, issues);
  if (!s) throw scenarioError(issues);
  return s;
}
