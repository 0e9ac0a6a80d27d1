import assert from 'node:assert/strict';
import { EventInbox } from '../../../../../../engine/src/call/event-inbox';
import { TelephonyCallMedia } from '../../../../../../engine/src/call/call-media';
import { FirstResultRecorder } from '../../../../../../engine/src/call/result-recorder';
import { loadScenarioText, formatScenarioIssue, type ScenarioIssue } from '../../../../../../engine/src/flow/load-scenarios';
import type { LoadedScenario } from '../../../../../../engine/src/flow/loaded-scenario';
import type { RawStep } from '../../../../../../engine/src/flow/scenario.schema';
import type { CallControl, CallInfo, StepContext } from '../../../../../../engine/src/flow/step-context';
import { StepRegistry } from '../../../../../../engine/src/flow/step-registry';
import type { CallEvent } from '../../../../../../engine/src/ports/call-event';
import { CaptureLogger } from '../../../../../fakes/capture-logger';
import { FakeTelephony } from '../../../../../fakes/fake-telephony';

export const CALL_ID = 'att-7';
export const CHANNEL = 'salehi-att-7';

function scenarioText(flowYaml: string, prompts: Readonly<Record<string, string>>): string {
  return [
    'scenario:',
    '  name: steps',
    '  prompts:',
    ...Object.entries(prompts).map(([k, v]) => `    ${k}: "${v}"`),
    '  flow:',
    ...flowYaml.trim().split('\n').map((l) => `    ${l}`),
  ].join('\n');
}

const PROMPTS = { menu: 'sound:custom/menu' };

/** A scenario around the given flow steps (YAML), loaded by the real loader with every check. */
export function scenarioWith(flowYaml: string, prompts: Readonly<Record<string, string>> = PROMPTS): LoadedScenario {
  const issues: ScenarioIssue[] = [];
  const loaded = loadScenarioText(scenarioText(flowYaml, prompts), 'steps.yaml', new StepRegistry(), issues);
  assert.ok(loaded, `scenario does not load: ${issues.map(formatScenarioIssue).join('; ')}`);
  return loaded;
}

/** The problems the loader finds in a flow (empty when it loads). */
export function problemsOf(flowYaml: string): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  loadScenarioText(scenarioText(flowYaml, PROMPTS), 'steps.yaml', new StepRegistry(), issues);
  return issues;
}

export function stepOf(scenario: LoadedScenario, id: string): RawStep {
  const step = scenario.outbound.steps.get(id);
  assert.ok(step, `no step ${id}`);
  return step;
}

export interface StepHarness {
  readonly ctx: StepContext;
  readonly telephony: FakeTelephony;
  readonly inbox: EventInbox;
  readonly logger: CaptureLogger;
  readonly result: FirstResultRecorder;
  readonly dncWrites: string[];
  /** Delivers a call event to the step's waits (as the call session does). */
  push(event: CallEvent): void;
  key(digit: string): void;
  /** The n-th prompt (1-based) played to its end. */
  promptFinished(n: number): void;
  /** The call ended: the session aborts the flow's waits. */
  hangUp(): void;
}

export interface HarnessOptions {
  readonly control?: Partial<CallControl>;
  readonly dnc?: (reason: string) => Promise<void>;
  readonly phone?: string;
}

/**
 * A StepContext as the call session builds it, on the real media facade (TelephonyCallMedia over an
 * EventInbox and the fake telephony, prompts never finishing by themselves) with a stub call control.
 */
export function stepHarness(scenario: LoadedScenario, o: HarnessOptions = {}): StepHarness {
  const telephony = new FakeTelephony();
  telephony.autoFinishPlayback = false;
  const inbox = new EventInbox();
  const over = new AbortController();
  const logger = new CaptureLogger();
  const result = new FirstResultRecorder(logger);
  const dncWrites: string[] = [];
  const call: CallInfo = { callId: CALL_ID, channelId: CHANNEL, direction: 'outbound', phone: o.phone ?? '09121234567' };
  const media = new TelephonyCallMedia({ callId: CALL_ID, channelId: CHANNEL, telephony, inbox, scenario, signal: over.signal, log: logger, mediaTimeoutMs: 120_000 });
  const control: CallControl = {
    isUp: () => !over.signal.aborted,
    hangup: async () => undefined,
    waitForHangup: async () => 'timeout',
    detectMachine: async () => 'human',
    transferToOperator: async () => 'failed',
    ...o.control,
  };
  const ctx: StepContext = {
    call,
    scenario,
    flow: 'outbound',
    log: logger,
    signal: over.signal,
    state: { counters: new Map() },
    media,
    speech: { transcribe: async () => ({ text: '', status: 'silent' }), classify: async () => ({ label: 'unknown', source: 'local' }) },
    control,
    result,
    dnc: { add: o.dnc ?? (async (reason) => void dncWrites.push(`${call.phone} ${reason}`)) },
  };
  const push = (event: CallEvent): void => inbox.push(event);
  return {
    ctx,
    telephony,
    inbox,
    logger,
    result,
    dncWrites,
    push,
    key: (digit) => push({ type: 'dtmf.received', at: 0, channelId: CHANNEL, digit, durationMs: 100 }),
    promptFinished: (n) => push({ type: 'playback.finished', at: 0, playbackId: `${CALL_ID}-pb${n}`, media: '', channelId: CHANNEL }),
    hangUp: () => {
      over.abort();
      inbox.close();
    },
  };
}
