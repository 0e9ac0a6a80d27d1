import type { ScenarioBody, RawStep } from './scenario.schema';

/** A validated scenario, ready to run: steps parsed by their own schemas and indexed by id. */
export interface LoadedScenario {
  readonly name: string;
  readonly file: string;
  readonly body: ScenarioBody;
  readonly outbound: LoadedFlow;
  /** Present when the file has an `inbound_flow`. */
  readonly inbound?: LoadedFlow;
}

export interface LoadedFlow {
  readonly entry: string;
  readonly steps: ReadonlyMap<string, RawStep>;
}
