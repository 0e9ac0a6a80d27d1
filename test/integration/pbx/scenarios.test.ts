import 'reflect-metadata';
import assert from 'node:assert/strict';
import { buildEngine, type Engine } from '../../../engine/src/build-engine';
import { resolveToken } from '../../../engine/src/di/token';
import { CALL_SERVICE, LINE_MONITOR_PORT, TELEPHONY_PORT } from '../../../engine/src/di/tokens';
import type { AriRequestRecord } from '../../../engine/src/simulator/ari-request-log';
import { customerBehaviours as say, operatorBehaviours, type CustomerScript } from '../../../engine/src/simulator/core/customer-script';
import type { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import { sttPlugin, SIMULATOR_SPEECH } from '../../../plugins/stt';
import { CaptureLogger } from '../../fakes/capture-logger';
import { engineConfigFor, freePort } from './support/engine-config';
import { LINE, startPbx, TRUNK, until } from './support/pbx-harness';

const OPERATOR = '09120000001';
/** Simulated time runs 50× faster (startPbx); the engine's ring and operator timers shrink with it. */
const ORIGINATION_TIMEOUT_SEC = 2;
const OPERATOR_TIMEOUT_SEC = 3;

type ScenarioName = 'academy' | 'academy-repeat';

interface Case {
  readonly behaviour: string;
  readonly script: () => CustomerScript;
  readonly result: string;
  /** The customer leg's final Q.850 cause, for calls that were never answered. */
  readonly cause?: number;
  /** The ARI commands of the call, compacted (see `compact`), per scenario. */
  readonly commands: Readonly<Record<ScenarioName, readonly string[]>>;
}

const ORIGINATE = `originate PJSIP/{phone}@${TRUNK}`;
const play = (prompt: string): string => `play sound:custom/academy/${prompt}`;
const both = (commands: readonly string[]): Readonly<Record<ScenarioName, readonly string[]>> => ({ academy: commands, 'academy-repeat': commands });
const unanswered = both([ORIGINATE]);
/** A record command, then the engine fetching the finished recording for STT. */
const listen = ['record', 'recordings.getStoredFile'];

/** Every simulated customer behaviour, with the result PRODUCT.md §3/§5 asks for and the ARI commands that lead there. */
const CASES: readonly Case[] = [
  {
    behaviour: 'says yes (operator answers, customer hangs up later)',
    script: () => say.saysYes({ hangupAfterSeconds: 30 }),
    result: 'connected_to_operator',
    // Hold music while the operator rings, stopped when they are bridged; the customer hangs up 30 s
    // after answering and the engine tears down the operator leg and the bridge (no leg left behind).
    commands: both([
      ORIGINATE, play('hello'), ...listen, play('yes'), play('onhold'), `originate PJSIP/${OPERATOR}@${TRUNK}`,
      'bridges.create', 'playbacks.stop', 'bridges.addChannel', 'hangup operator', 'bridges.destroy',
    ]),
  },
  { behaviour: 'says no', script: () => say.saysNo(), result: 'not_interested', commands: both([ORIGINATE, play('hello'), ...listen, play('goodby'), 'hangup customer']) },
  {
    behaviour: 'asks where we got the number',
    script: () => say.asksWhereNumberCameFrom(),
    result: 'unknown',
    // The question is answered once; the same question again counts as unclear (check_retry_limit).
    commands: both([ORIGINATE, play('hello'), ...listen, play('number'), ...listen, play('goodby'), 'hangup customer']),
  },
  {
    behaviour: 'says something unclear',
    script: () => say.saysSomethingUnclear(),
    result: 'unknown',
    commands: {
      academy: [ORIGINATE, play('hello'), ...listen, play('goodby'), 'hangup customer'],
      'academy-repeat': [ORIGINATE, play('hello'), ...listen, play('repeat'), ...listen, play('goodby'), 'hangup customer'],
    },
  },
  // An empty recording gets the short "alo?" and one more listen (PRODUCT.md §3), then `hangup`.
  { behaviour: 'stays silent', script: () => say.staysSilent(), result: 'hangup', commands: both([ORIGINATE, play('hello'), ...listen, play('alo'), ...listen, 'hangup customer']) },
  // Answered after 2 s, gone 2 s later, in the middle of the 4 s hello: nothing more is sent to a dead channel.
  { behaviour: 'hangs up during the prompt', script: () => say.hangsUpDuringPrompt(2), result: 'hangup', commands: both([ORIGINATE, play('hello')]) },
  { behaviour: 'busy', script: () => say.busy(1), result: 'busy', cause: 17, commands: unanswered },
  // The originate's own timeout ends the ring (cause 19): the engine sends nothing more.
  { behaviour: 'no answer', script: () => say.noAnswer(), result: 'missed', cause: 19, commands: unanswered },
  { behaviour: 'unavailable (480 after ringing, cause 19)', script: () => say.unavailable(2), result: 'missed', cause: 19, commands: unanswered },
  { behaviour: 'powered off (cause 20)', script: () => say.poweredOff(20), result: 'power_off', cause: 20, commands: unanswered },
  { behaviour: 'powered off (cause 38)', script: () => say.poweredOff(38), result: 'power_off', cause: 38, commands: unanswered },
  { behaviour: 'rejects (603, cause 21)', script: () => say.rejects(), result: 'banned', cause: 21, commands: unanswered },
  { behaviour: 'congestion (503, cause 34)', script: () => say.congestion(), result: 'banned', cause: 34, commands: unanswered },
  { behaviour: 'unallocated number (404, cause 1)', script: () => say.unallocated(), result: 'failed:invalid_number', cause: 1, commands: unanswered },
];

/** One ARI request as a short, stable word: what the engine did, without generated ids. */
function compact(r: AriRequestRecord, callId: string): string {
  switch (r.operation) {
    case 'channels.originate':
    case 'channels.originateWithId':
      return `originate ${(r.params['endpoint'] ?? '').replace(/^PJSIP\/09122\d{6}@/, 'PJSIP/{phone}@')}`;
    case 'channels.play':
    case 'channels.playWithId':
      return `play ${r.params['media'] ?? ''}`;
    case 'channels.record':
      return 'record';
    case 'channels.hangup':
      return r.path === `/channels/salehi-${callId}` ? 'hangup customer' : r.path === `/channels/${callId}-op1` ? 'hangup operator' : `hangup ${r.path}`;
    default:
      return r.operation;
  }
}

/**
 * Issue #4 "done when" #1: the whole engine (buildEngine, real ARI/AMI adapters, SQLite :memory:, the
 * stt plugin on the simulator's speech) places one call per behaviour and scenario through
 * CallService.placeOutbound; the call's result and the exact ARI command sequence are asserted.
 */
describe('PBX simulator + the whole engine: every customer behaviour through both shipped scenarios', function () {
  this.timeout(30_000);
  let sim: PbxSimulator;
  let engine: Engine;
  let logger: CaptureLogger;

  before(async () => {
    // A 4 s hello (so "hangs up after 2 s" falls inside it) and hold music longer than the operator's ring.
    sim = await startPbx({ media: { durations: { 'custom/academy/hello': 4, 'custom/academy/onhold': 30 } } });
    sim.script(OPERATOR, operatorBehaviours.answers(2));
    logger = new CaptureLogger();
    const config = engineConfigFor(sim, await freePort(), {
      lines: { trunk: TRUNK, numbers: [LINE], originationTimeoutSec: ORIGINATION_TIMEOUT_SEC },
      operator: { mobileNumbers: [OPERATOR], timeoutSec: OPERATOR_TIMEOUT_SEC },
      plugins: { stt: { enabled: true, provider: 'simulator' } },
    });
    engine = buildEngine(config, {
      plugins: [sttPlugin],
      logger,
      overrides: (c) => c.register(SIMULATOR_SPEECH, { useValue: (name: string) => sim.world.spokenText.get(name)?.text }),
    });
    await engine.start();
    const telephony = resolveToken(engine.container, TELEPHONY_PORT);
    const monitor = resolveToken(engine.container, LINE_MONITOR_PORT);
    await until(() => telephony.isConnected() && monitor.connectionStatus().pbxBooted, 5000, 'the engine connected to ARI and AMI');
    await until(() => logger.find('info', /ARI reconcile done/) !== undefined, 2000, 'the first reconcile');
  });

  afterEach(function () {
    if (this.currentTest?.state !== 'failed') return;
    for (const r of logger.records.filter((x) => x.level !== 'trace')) process.stderr.write(`${r.level} ${r.msg} ${JSON.stringify(r.obj ?? {})}\n`);
    for (const r of sim.ariRequests()) process.stderr.write(`${r.method} ${r.path} ${r.status} ${JSON.stringify(r.params)}\n`);
  });

  after(async () => {
    await engine.stop();
    await sim.stop();
  });

  let n = 0;
  for (const scenario of ['academy', 'academy-repeat'] as const) {
    describe(scenario, () => {
      for (const c of CASES) {
        it(`${c.behaviour} → ${c.result}`, async function () {
          const phone = `0912${String(2000000 + n++).padStart(7, '0')}`;
          sim.script(phone, c.script());
          sim.requests.clear();
          const report = await resolveToken(engine.container, CALL_SERVICE).placeOutbound({
            phone, endpoint: `PJSIP/${phone}@${TRUNK}`, callerId: LINE, line: LINE, scenario,
          });
          await until(() => sim.world.channels.list().length === 0, 5000, 'every leg hung up');
          const requests = sim.ariRequests();
          assert.equal(report.result, c.result);
          if (c.cause !== undefined) assert.deepEqual([report.answered, report.cause], [false, c.cause]);
          if (c.result === 'connected_to_operator') assert.equal(report.operatorAgent, OPERATOR);
          assert.deepEqual(requests.map((r) => compact(r, report.callId)), c.commands[scenario]);
          assert.ok(requests.every((r) => r.status >= 200 && r.status < 300), 'no ARI request failed');
          assert.ok(requests.every((r) => `${r.path} ${JSON.stringify(r.params)}`.includes(report.callId)), 'every request belongs to this call');
          const originate = requests[0];
          assert.deepEqual(
            [originate?.params['endpoint'], originate?.params['callerId'], originate?.params['channelId'], originate?.params['appArgs']],
            [`PJSIP/${phone}@${TRUNK}`, LINE, `salehi-${report.callId}`, `outbound,${report.callId}`],
          );
          // Every listen is a NEW recording (legacy reused the name and stalled) with the scenario's limits.
          const records = requests.filter((r) => r.operation === 'channels.record');
          assert.equal(new Set(records.map((r) => r.params['name'])).size, records.length);
          for (const r of records) assert.deepEqual([r.params['maxDurationSeconds'], r.params['maxSilenceSeconds'], r.params['format']], ['10', '2', 'wav']);
        });
      }
    });
  }
});
