import 'reflect-metadata';
import { container as rootContainer } from 'tsyringe';
import { join } from 'node:path';
import { loadConfig } from '../../engine/src/config/load-config';
import { CLOCK, CONFIG, INTENT_CLASSIFIER_PORT, LINE_CAPACITY_PORT, LOGGER, OPERATOR_ROSTER_PORT, STT_PORT, TELEPHONY_PORT } from '../../engine/src/di/tokens';
import { systemClock } from '../../engine/src/ports/clock.port';
import type { IntentClassifierPort, IntentRequest } from '../../engine/src/ports/intent.port';
import type { EngineConfig } from '../../engine/src/config/config.schema';
import type { Logger } from '../../engine/src/ports/logger.port';
import type { TelephonyPort } from '../../engine/src/ports/telephony.port';
import type { SttPort, SttRequest } from '../../engine/src/ports/stt.port';
import { StepRegistry } from '../../engine/src/flow/step-registry';
import { loadScenarios } from '../../engine/src/flow/load-scenarios';
import { SessionRegistry } from '../../engine/src/call/session-registry';
import { ScenarioCatalog } from '../../engine/src/call/scenario-catalog';
import { straightToOperatorScenario } from '../../engine/src/call/straight-to-operator.scenario';
import { ConfigOperatorRoster } from '../../engine/src/call/config-operator-roster';
import { SharedLineCapacity } from '../../engine/src/call/shared-line-capacity';
import { createSessionFactory } from '../../engine/src/call/call-scope';
import { CallService } from '../../engine/src/call/call-service';
import type { CallReport } from '../../engine/src/call/call-report';
import { FakeTelephony } from '../fakes/fake-telephony';
import { CaptureLogger } from '../fakes/capture-logger';
import { repoRoot } from './repo-root';

/** STT fake: answers each recording with the next scripted text ('' = silence). */
export class ScriptedStt implements SttPort {
  readonly requests: SttRequest[] = [];
  constructor(public texts: string[] = []) {}
  async transcribe(req: SttRequest) {
    this.requests.push(req);
    const text = this.texts.shift() ?? '';
    return { text, status: text ? ('ok' as const) : ('silent' as const), provider: 'scripted', timings: { precheckMs: 0, enhanceMs: 0, requestMs: 0 } };
  }
}

/** A tiny exact-word classifier for flow tests (the real Persian classifier has its own tests). */
export class WordClassifier implements IntentClassifierPort {
  async classify(req: IntentRequest) {
    const words = req.text.split(/\s+/);
    const table: Record<string, string> = { بله: 'yes', آره: 'yes', نه: 'no', کجا: 'number_question' };
    const hit = words.map((w) => table[w]).find((l) => l && req.labels.includes(l));
    return { label: hit ?? req.fallbackLabel, source: 'local' as const, latencyMs: 0 };
  }
}

export interface CallHarness {
  readonly telephony: FakeTelephony;
  readonly stt: ScriptedStt;
  readonly logger: CaptureLogger;
  readonly registry: SessionRegistry;
  readonly service: CallService;
  readonly catalog: ScenarioCatalog;
  readonly reports: CallReport[];
  readonly dnc: string[];
}

export interface CallRuntimeParts {
  readonly config: EngineConfig;
  readonly telephony: TelephonyPort;
  readonly stt: SttPort;
  readonly classifier: IntentClassifierPort;
  readonly logger: Logger;
}

/** The call runtime wired as build-engine wires it, on the given ports (no store: reports are kept). */
export function wireCallRuntime(p: CallRuntimeParts) {
  const root = rootContainer.createChildContainer();
  root.register(CONFIG, { useValue: p.config });
  root.register(LOGGER, { useValue: p.logger });
  root.register(CLOCK, { useValue: systemClock });
  root.register(TELEPHONY_PORT, { useValue: p.telephony });
  root.register(STT_PORT, { useValue: p.stt });
  root.register(INTENT_CLASSIFIER_PORT, { useValue: p.classifier });
  root.register(OPERATOR_ROSTER_PORT, { useValue: new ConfigOperatorRoster(p.config) });
  root.register(LINE_CAPACITY_PORT, { useValue: new SharedLineCapacity(p.config) });
  const steps = new StepRegistry();
  const catalog = new ScenarioCatalog(loadScenarios(join(repoRoot(), 'assets', 'scenarios'), steps), straightToOperatorScenario(steps), ['academy']);
  const registry = new SessionRegistry();
  const reports: CallReport[] = [];
  const dnc: string[] = [];
  const createSession = createSessionFactory({ root, registry, steps, catalog, addToDnc: async (phone) => void dnc.push(phone) });
  const service = new CallService({ telephony: p.telephony, registry, catalog, createSession, logger: p.logger, onReport: (r) => void reports.push(r) });
  service.start();
  return { service, registry, catalog, reports, dnc };
}

export function callHarness(env: Record<string, string> = {}): CallHarness {
  const config = loadConfig({ env: { OPERATOR_MOBILE_NUMBERS: '09120000001,09120000002', OUTBOUND_NUMBERS: '02191302954', ...env }, envFile: null });
  const telephony = new FakeTelephony();
  const stt = new ScriptedStt();
  const logger = new CaptureLogger();
  const wired = wireCallRuntime({ config, telephony, stt, classifier: new WordClassifier(), logger });
  return { telephony, stt, logger, ...wired };
}

/** The media URIs played to a channel, in order. */
export function playedTo(t: FakeTelephony, channelId: string): string[] {
  return t.callsOf('play').filter((c) => c.args[0] === channelId).map((c) => String((c.args[1] as { media: string }).media));
}

/** Resolves on the next macrotask (lets the session's promise chains run). */
export const tick = (ms = 0): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Waits until `cond()` is true (polling), failing after `ms`. */
export async function until(cond: () => boolean, ms = 2000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await tick(1);
  }
}
