import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import { join } from 'node:path';
import { createSessionFactory } from '../../../../engine/src/call/call-scope';
import type { CallReport } from '../../../../engine/src/call/call-report';
import { CallService } from '../../../../engine/src/call/call-service';
import { ConfigOperatorRoster } from '../../../../engine/src/call/config-operator-roster';
import { ScenarioCatalog } from '../../../../engine/src/call/scenario-catalog';
import { SessionRegistry } from '../../../../engine/src/call/session-registry';
import { SharedLineCapacity } from '../../../../engine/src/call/shared-line-capacity';
import { straightToOperatorScenario } from '../../../../engine/src/call/straight-to-operator.scenario';
import type { EngineConfig } from '../../../../engine/src/config/config.schema';
import { CLOCK, CONFIG, INTENT_CLASSIFIER_PORT, LINE_CAPACITY_PORT, LOGGER, OPERATOR_ROSTER_PORT, STT_PORT, TELEPHONY_PORT } from '../../../../engine/src/di/tokens';
import { loadScenarios } from '../../../../engine/src/flow/load-scenarios';
import { StepRegistry } from '../../../../engine/src/flow/step-registry';
import { systemClock } from '../../../../engine/src/ports/clock.port';
import type { TelephonyPort } from '../../../../engine/src/ports/telephony.port';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { ScriptedStt, WordClassifier } from '../../../helpers/call-harness';
import { repoRoot } from '../../../helpers/repo-root';

export interface CallRuntime {
  readonly service: CallService;
  readonly registry: SessionRegistry;
  readonly reports: CallReport[];
  readonly logger: CaptureLogger;
}

/**
 * The engine's call runtime (sessions, scenarios, operator transfer) on a given telephony port, as
 * the composition root wires it, minus the store: here the real ARI adapter on the simulator.
 */
export function callRuntime(config: EngineConfig, telephony: TelephonyPort, logger = new CaptureLogger()): CallRuntime {
  const root = rootContainer.createChildContainer();
  root.register(CONFIG, { useValue: config });
  root.register(LOGGER, { useValue: logger });
  root.register(CLOCK, { useValue: systemClock });
  root.register(TELEPHONY_PORT, { useValue: telephony });
  root.register(STT_PORT, { useValue: new ScriptedStt() });
  root.register(INTENT_CLASSIFIER_PORT, { useValue: new WordClassifier() });
  root.register(OPERATOR_ROSTER_PORT, { useValue: new ConfigOperatorRoster(config) });
  root.register(LINE_CAPACITY_PORT, { useValue: new SharedLineCapacity(config) });
  const steps = new StepRegistry();
  const catalog = new ScenarioCatalog(loadScenarios(join(repoRoot(), 'assets', 'scenarios'), steps), straightToOperatorScenario(steps), ['academy']);
  const registry = new SessionRegistry();
  const reports: CallReport[] = [];
  const createSession = createSessionFactory({ root, registry, steps, catalog, addToDnc: async () => undefined });
  const service = new CallService({ telephony, registry, catalog, createSession, logger, onReport: (r) => reports.push(r) });
  service.start();
  return { service, registry, reports, logger };
}
