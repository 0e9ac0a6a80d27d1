/**
 * One chaotic call, end to end through the real call runtime (CallService, call scope, session,
 * flow runner, steps) against the ChaosTelephony PBX, in simulated time (sinon fake timers), and the
 * checks of the no-stall property: exactly one valid result, in time, no leaked session, timer,
 * channel, bridge, line slot or busy operator, and the oracle's result for calm runs.
 */
import 'reflect-metadata';
import { join } from 'node:path';
import sinon from 'sinon';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { loadConfig } from '../../engine/src/config/load-config';
import type { EngineConfig } from '../../engine/src/config/config.schema';
import { CLOCK, CONFIG, INTENT_CLASSIFIER_PORT, LINE_CAPACITY_PORT, LOGGER, OPERATOR_ROSTER_PORT, STT_PORT, TELEPHONY_PORT } from '../../engine/src/di/tokens';
import { systemClock } from '../../engine/src/ports/clock.port';
import { StepRegistry } from '../../engine/src/flow/step-registry';
import { loadScenarios } from '../../engine/src/flow/load-scenarios';
import type { LoadedScenario } from '../../engine/src/flow/loaded-scenario';
import { SessionRegistry } from '../../engine/src/call/session-registry';
import { ScenarioCatalog } from '../../engine/src/call/scenario-catalog';
import { straightToOperatorScenario } from '../../engine/src/call/straight-to-operator.scenario';
import { ConfigOperatorRoster } from '../../engine/src/call/config-operator-roster';
import { SharedLineCapacity } from '../../engine/src/call/shared-line-capacity';
import { createSessionFactory } from '../../engine/src/call/call-scope';
import { CallService } from '../../engine/src/call/call-service';
import { callTimeouts } from '../../engine/src/call/call-timeouts';
import { isCallResult } from '../../engine/src/call/call-result';
import type { CallReport } from '../../engine/src/call/call-report';
import { ChaosTelephony, type ChaosStats } from '../fakes/chaos-telephony';
import { ChaosParties, ChaosStt } from '../fakes/chaos-parties';
import { CaptureLogger } from '../fakes/capture-logger';
import { WordClassifier } from './call-harness';
import { expectedResults, randomPlan, type CallPlan } from './chaos-call-plan';
import { SeededRandom } from './seeded-random';
import { repoRoot } from './repo-root';

const LINE = '02191302954';
const AGENTS = ['09120000001', '09120000002'];
/** call-session.ts FLOW_WIND_DOWN_MS: finalize waits this long for an aborted flow. */
const WIND_DOWN_MS = 2_000;
const T0 = Date.UTC(2025, 2, 1, 8, 0, 0);

/** What every run shares (loaded once: config, steps, the shipped scenarios). */
export interface ChaosWorld {
  readonly config: EngineConfig;
  readonly steps: StepRegistry;
  readonly scenarios: readonly LoadedScenario[];
  readonly fallback: LoadedScenario;
}

export function chaosWorld(): ChaosWorld {
  const config = loadConfig({ env: { OPERATOR_MOBILE_NUMBERS: AGENTS.join(','), OUTBOUND_NUMBERS: LINE }, envFile: null });
  const steps = new StepRegistry();
  return { config, steps, scenarios: loadScenarios(join(repoRoot(), 'assets', 'scenarios'), steps), fallback: straightToOperatorScenario(steps) };
}

export interface RunOutcome {
  readonly plan: CallPlan;
  readonly result?: string;
  readonly problems: readonly string[];
  readonly trace: readonly string[];
  readonly stats: ChaosStats;
}

interface ReportSnapshot {
  readonly report: CallReport;
  readonly at: number;
  readonly engineTimers: number;
  readonly registrySize: number;
  readonly ownedChannels: number;
  readonly openLegs: readonly string[];
}

interface Run {
  readonly plan: CallPlan;
  readonly world: ChaosWorld;
  readonly clock: sinon.SinonFakeTimers;
  readonly pbx: ChaosTelephony;
  readonly parties: ChaosParties;
  readonly logger: CaptureLogger;
  readonly roster: ConfigOperatorRoster;
  readonly lines: SharedLineCapacity;
  readonly registry: SessionRegistry;
  readonly reports: ReportSnapshot[];
  readonly callId: string;
  readonly startedAt: number;
  readonly problems: string[];
}

/** Runs the call of `seed` (or a pinned plan) in simulated time and checks it. Never throws for a failed check. */
export async function runChaosCall(world: ChaosWorld, seedOrPlan: number | CallPlan): Promise<RunOutcome> {
  const plan = typeof seedOrPlan === 'number' ? randomPlan(seedOrPlan) : seedOrPlan;
  // A sandbox per run: the default one would keep every run's clock (sinon warns about leaked fakes).
  const sandbox = sinon.createSandbox();
  const clock = sandbox.useFakeTimers({ now: T0, toFake: ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval', 'Date', 'performance'], shouldClearNativeTimers: true });
  try {
    const run = startCall(world, plan, clock);
    const deadline = reportDeadlineMs(run);
    await clock.tickAsync(deadline + 1_000);
    await clock.runAllAsync().catch((err: unknown) => run.problems.push(`timers never settle after the call: ${String(err)}`));
    check(run, deadline);
    return { plan, result: run.reports[0]?.report.result, problems: run.problems, trace: run.pbx.link.trace, stats: run.pbx.link.stats };
  } finally {
    sandbox.restore();
  }
}

function startCall(world: ChaosWorld, plan: CallPlan, clock: sinon.SinonFakeTimers): Run {
  const problems: string[] = [];
  if (clock.countTimers() !== 0) problems.push('timers pending before the call started');
  const rng = new SeededRandom(plan.seed ^ 0x9e3779b9);
  const pbx = new ChaosTelephony(rng, plan.knobs);
  const callId = `run-${plan.seed}`;
  const parties = new ChaosParties(plan, rng, pbx, plan.direction === 'outbound' ? `salehi-${callId}` : `inbound-${plan.seed}`);
  pbx.farEnds = parties;
  const logger = new CaptureLogger();
  const roster = new ConfigOperatorRoster(world.config);
  const lines = new SharedLineCapacity(world.config);
  occupyUntil(plan, pbx, roster, lines);
  const root = callContainer(world, { logger, pbx, stt: new ChaosStt(plan, rng, pbx, parties.customer), roster, lines });
  const registry = new SessionRegistry();
  const catalog = new ScenarioCatalog(world.scenarios, world.fallback, ['academy', 'academy-repeat']);
  const reports: ReportSnapshot[] = [];
  const onReport = (report: CallReport): void => void reports.push(snapshot(report, clock, pbx, parties, registry));
  const createSession = createSessionFactory({ root, registry, steps: world.steps, catalog, addToDnc: async () => undefined });
  const service = new CallService({ telephony: pbx, registry, catalog, createSession, logger, onReport });
  service.start();
  const startedAt = Date.now();
  if (plan.direction === 'outbound') {
    service
      .placeOutbound({ phone: '09121234567', endpoint: 'PJSIP/09121234567@trunk', attemptId: callId, line: LINE, scenario: plan.scenario })
      .catch((err: unknown) => problems.push(`placeOutbound rejected: ${String(err)}`));
  } else {
    pbx.placeInbound(parties.customer, ['inbound', callId, 'default', LINE], '9121234567', plan.inboundState);
    parties.arrived();
  }
  return { plan, world, clock, pbx, parties, logger, roster, lines, registry, reports, callId, startedAt, problems };
}

/** Other calls hold both agents and/or every slot of the line for a while (the transfer must wait, bounded). */
function occupyUntil(plan: CallPlan, pbx: ChaosTelephony, roster: ConfigOperatorRoster, lines: SharedLineCapacity): void {
  if (plan.agentsBusyMs !== undefined) {
    const frees = AGENTS.map((id) => roster.occupy(id));
    pbx.link.timers.after(plan.agentsBusyMs, () => frees.forEach((free) => free()));
  }
  if (plan.lineFullMs !== undefined) {
    const leases = [lines.acquire('outbound', LINE), lines.acquire('outbound', LINE)];
    pbx.link.timers.after(plan.lineFullMs, () => leases.forEach((lease) => lease?.release()));
  }
}

/** The ports a call resolves from its scope, as the composition root would register them. */
function callContainer(world: ChaosWorld, p: { logger: CaptureLogger; pbx: ChaosTelephony; stt: ChaosStt; roster: ConfigOperatorRoster; lines: SharedLineCapacity }): DependencyContainer {
  const root = rootContainer.createChildContainer();
  root.register(CONFIG, { useValue: world.config });
  root.register(LOGGER, { useValue: p.logger });
  root.register(CLOCK, { useValue: systemClock });
  root.register(TELEPHONY_PORT, { useValue: p.pbx });
  root.register(STT_PORT, { useValue: p.stt });
  root.register(INTENT_CLASSIFIER_PORT, { useValue: new WordClassifier() });
  root.register(OPERATOR_ROSTER_PORT, { useValue: p.roster });
  root.register(LINE_CAPACITY_PORT, { useValue: p.lines });
  return root;
}

/** What holds at the moment the report goes out (engine timers = all fake timers minus the fakes' own). */
function snapshot(report: CallReport, clock: sinon.SinonFakeTimers, pbx: ChaosTelephony, parties: ChaosParties, registry: SessionRegistry): ReportSnapshot {
  const hungUp = (id: string): boolean => pbx.link.calls.some((c) => c.method === 'hangup' && c.args[0] === id);
  return {
    report,
    at: Date.now(),
    engineTimers: clock.countTimers() - pbx.link.timers.pending,
    registrySize: registry.size(),
    ownedChannels: [...registry.ownedChannelIds()].length,
    openLegs: parties.legs.filter((id) => pbx.channels.get(id)?.state !== 'gone' && !hungUp(id)),
  };
}

/**
 * The latest a report may come: ring time + origination grace (outbound), the scenario's max call
 * duration, the hangup grace, the flow wind-down, and finalize's two PBX requests (legs hung up in
 * parallel, then the bridge destroyed), each at worst a request timeout.
 */
function reportDeadlineMs(run: Run): number {
  const scenario = run.world.scenarios.find((s) => s.name === (run.plan.direction === 'inbound' ? 'academy' : run.plan.scenario)) as LoadedScenario;
  const t = callTimeouts(run.world.config, scenario);
  const k = run.plan.knobs;
  const request = k.requestTimeoutRate > 0 ? k.requestTimeoutMs : 2 * k.requestMs[1];
  // Once an operator is bridged the human conversation gets its own ceiling (limits.max_bridged_duration_sec).
  const mayBridge = run.plan.replies.includes('yes') || run.plan.direction === 'inbound';
  return (run.plan.direction === 'outbound' ? t.originationMs : 0) + t.maxDurationMs + (mayBridge ? t.maxBridgedMs : 0) + t.hangupGraceMs + WIND_DOWN_MS + 2 * request;
}

function check(run: Run, deadline: number): void {
  const fail = (ok: boolean, what: () => string): void => {
    if (!ok) run.problems.push(what());
  };
  const { reports, plan } = run;
  fail(reports.length === 1, () => `expected exactly one report, got ${reports.length}`);
  const finished = run.logger.records.filter((r) => r.msg === 'call finished').length;
  fail(finished === 1, () => `the session finalized ${finished} times`);
  const first = reports[0];
  if (first) {
    const r = first.report;
    fail(r.callId === run.callId && r.direction === plan.direction, () => `report of the wrong call: ${r.callId} ${r.direction}`);
    fail(isCallResult(r.result), () => `invalid result word '${r.result}'`);
    // An inbound call starts for the engine when its StasisStart arrives (events may be delayed).
    const startedAt = plan.direction === 'inbound' ? r.startedAt : run.startedAt;
    fail(first.at - startedAt <= deadline, () => `report after ${first.at - startedAt} ms, later than ${deadline} ms`);
    fail(first.registrySize === 0 && first.ownedChannels === 0, () => `session registry not empty at the report (${first.registrySize} sessions, ${first.ownedChannels} channels)`);
    fail(first.engineTimers === 0, () => `${first.engineTimers} engine timer(s) still armed when the report went out`);
    fail(first.openLegs.length === 0, () => `operator leg(s) neither ended nor hung up at the report: ${first.openLegs.join(', ')}`);
    const expected = expectedResults(plan);
    fail(!expected || expected.includes(r.result), () => `result '${r.result}' (${r.reason ?? ''}), expected ${expected?.join(' | ')}`);
  }
  fail(run.clock.countTimers() === 0, () => `${run.clock.countTimers()} timer(s) still pending after the drain`);
  fail(run.registry.size() === 0, () => 'a session is still registered after the drain');
  checkPbx(run, fail);
}

function checkPbx(run: Run, fail: (ok: boolean, what: () => string) => void): void {
  const { pbx, plan } = run;
  // A hangup or bridge destroy lost to a timeout is not retried: the reconcile after a reconnect is that safety net.
  if (pbx.link.stats.lostCleanups === 0) {
    const orphans = pbx.liveChannels().map((c) => `${c.id} (${c.state})`);
    fail(orphans.length === 0, () => `channel(s) left alive on the PBX: ${orphans.join(', ')}`);
    fail(pbx.bridges.size === 0, () => `bridge(s) never destroyed: ${[...pbx.bridges.keys()].join(', ')}`);
  }
  fail(run.lines.usage(LINE) === 0, () => `${run.lines.usage(LINE)} line slot(s) never released`);
  fail(run.roster.candidates('outbound').length === 2, () => 'an operator stays marked busy');
  fail(pbx.link.listenerErrors.length === 0, () => `an event handler threw: ${String(pbx.link.listenerErrors[0])}`);
  const bugs = run.logger.records.filter((r) => {
    const err = (r.obj as { err?: unknown } | undefined)?.err;
    return err instanceof TypeError || err instanceof RangeError || err instanceof ReferenceError;
  });
  fail(bugs.length === 0, () => `programming error logged: ${bugs[0]?.msg} ${String((bugs[0]?.obj as { err?: unknown }).err)}`);
  if (plan.knobs.requestTimeoutRate === 0) checkOperatorLeft(run, fail);
}

/** An operator who hangs up after the bridge takes the customer's call down with them, promptly. */
function checkOperatorLeft(run: Run, fail: (ok: boolean, what: () => string) => void): void {
  const { pbx, parties, plan } = run;
  const customer = pbx.channels.get(parties.customer);
  const slack = plan.knobs.eventDelayMs[1] + 4 * 2 * plan.knobs.requestMs[1] + 100;
  for (const id of parties.bridgedLegs) {
    const leg = pbx.channels.get(id);
    if (leg?.endedBy !== 'far-end' || leg.endedAt === undefined || customer?.endedAt === undefined) continue;
    const lag = customer.endedAt - leg.endedAt;
    fail(lag <= slack, () => `operator ${id} hung up after the bridge but the customer stayed ${lag} ms (allowed ${slack} ms)`);
  }
}
