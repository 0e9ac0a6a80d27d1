import type { EngineConfig } from '../config/config.schema';
import type { LoadedScenario } from '../flow/loaded-scenario';

/** Every timer of a call, by name, in milliseconds. No wait in a call is ever unbounded. */
export interface CallTimeouts {
  /** Ring time given to the PBX, plus a grace for the PBX's own timeout to fire first. */
  readonly originationMs: number;
  /** The whole call inside the flow. */
  readonly maxDurationMs: number;
  /** From the moment an operator is bridged: the human conversation's own ceiling. */
  readonly maxBridgedMs: number;
  /** After our hangup, how long to wait for the channel's end before settling anyway. */
  readonly hangupGraceMs: number;
  /** Default limit for one step's wait (a prompt, a recording, STT, classification). */
  readonly stepMs: number;
  /** A PBX request that normally answers at once (play, record start, bridge). */
  readonly requestMs: number;
}

const ORIGINATION_GRACE_MS = 5_000;
const HANGUP_GRACE_MS = 5_000;

export function callTimeouts(config: EngineConfig, scenario: LoadedScenario, originationTimeoutSec = config.lines.originationTimeoutSec): CallTimeouts {
  return {
    originationMs: originationTimeoutSec * 1000 + ORIGINATION_GRACE_MS,
    maxDurationMs: scenario.body.limits.max_call_duration_sec * 1000,
    maxBridgedMs: scenario.body.limits.max_bridged_duration_sec * 1000,
    hangupGraceMs: HANGUP_GRACE_MS,
    stepMs: scenario.body.limits.step_timeout_sec * 1000,
    requestMs: config.asterisk.ari.requestTimeoutSec * 1000,
  };
}
