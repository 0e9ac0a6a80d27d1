import type { EngineConfig } from '../config/config.schema';
import type { Clock } from '../ports/clock.port';
import type { Logger } from '../ports/logger.port';
import type { TelephonyPort } from '../ports/telephony.port';
import type { SttPort } from '../ports/stt.port';
import type { IntentClassifierPort } from '../ports/intent.port';
import type { LineCapacityPort, OperatorRosterPort } from '../ports/operator.port';
import type { LoadedScenario } from '../flow/loaded-scenario';
import type { StepRegistry } from '../flow/step-registry';
import type { SessionRegistry } from './session-registry';

/** Everything one call session uses (resolved per call by call-scope.ts). */
export interface CallSessionDeps {
  readonly config: EngineConfig;
  readonly logger: Logger;
  readonly clock: Clock;
  readonly telephony: TelephonyPort;
  readonly stt?: SttPort;
  readonly classifier: IntentClassifierPort;
  readonly roster: OperatorRosterPort;
  readonly lines: LineCapacityPort;
  readonly registry: SessionRegistry;
  readonly steps: StepRegistry;
  readonly scenario: LoadedScenario;
  /** Adds a number to the do-not-call list. */
  readonly addToDnc: (phone: string, reason: string) => Promise<void>;
  /** Stage latency observer for metrics (seconds). */
  readonly observeStage?: (stage: string, seconds: number) => void;
}
