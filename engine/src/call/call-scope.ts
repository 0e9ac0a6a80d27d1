import type { DependencyContainer } from 'tsyringe';
import { CLOCK, CONFIG, INTENT_CLASSIFIER_PORT, LINE_CAPACITY_PORT, LOGGER, OPERATOR_ROSTER_PORT, STT_PORT, TELEPHONY_PORT } from '../di/tokens';
import { createToken, resolveToken } from '../di/token';
import type { CallInfo } from '../flow/step-context';
import type { StepRegistry } from '../flow/step-registry';
import { CallSession } from './call-session';
import { callTimeouts } from './call-timeouts';
import type { CallSessionDeps } from './call-session-deps';
import type { ScenarioCatalog } from './scenario-catalog';
import type { SessionRegistry } from './session-registry';
import type { SessionFactory } from './call-service';

/** The call a child container belongs to (resolvable inside the call's scope). */
export const CALL_CONTEXT = createToken<CallInfo>('CALL_CONTEXT');

export interface CallScopeDeps {
  readonly root: DependencyContainer;
  readonly registry: SessionRegistry;
  readonly steps: StepRegistry;
  readonly catalog: ScenarioCatalog;
  readonly addToDnc: CallSessionDeps['addToDnc'];
  readonly observeStage?: CallSessionDeps['observeStage'];
}

/**
 * One child container per call: it holds the call's context and its logger, the session is built
 * from it, and it is disposed when the call's report is out.
 */
export function createSessionFactory(s: CallScopeDeps): SessionFactory {
  return (info, scenarioName, originationTimeoutSec) => {
    const scope = s.root.createChildContainer();
    scope.register(CALL_CONTEXT, { useValue: info });
    const config = resolveToken(scope, CONFIG);
    const scenario = s.catalog.get(scenarioName);
    const deps: CallSessionDeps = {
      config,
      logger: resolveToken(scope, LOGGER),
      clock: resolveToken(scope, CLOCK),
      telephony: resolveToken(scope, TELEPHONY_PORT),
      stt: scope.isRegistered(STT_PORT, true) ? resolveToken(scope, STT_PORT) : undefined,
      classifier: resolveToken(scope, INTENT_CLASSIFIER_PORT),
      roster: resolveToken(scope, OPERATOR_ROSTER_PORT),
      lines: resolveToken(scope, LINE_CAPACITY_PORT),
      registry: s.registry,
      steps: s.steps,
      scenario,
      addToDnc: s.addToDnc,
      ...(s.observeStage ? { observeStage: s.observeStage } : {}),
    };
    const session = new CallSession(info, deps, callTimeouts(config, scenario, originationTimeoutSec));
    void session.done.finally(() => scope.dispose());
    return session;
  };
}
