import 'reflect-metadata';
import assert from 'node:assert/strict';
import { buildEngine, type Engine } from '../../../engine/src/build-engine';
import { resolveToken } from '../../../engine/src/di/token';
import { CALL_STORE_PORT, ENGINE_EVENTS, LINE_MONITOR_PORT, TELEPHONY_PORT } from '../../../engine/src/di/tokens';
import type { EngineEventOf } from '../../../engine/src/ports/engine-events.port';
import { customerBehaviours, operatorBehaviours } from '../../../engine/src/simulator/core/customer-script';
import type { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import { CaptureLogger } from '../../fakes/capture-logger';
import { engineConfigFor, freePort } from './support/engine-config';
import { LINE, Seen, startPbx, TRUNK, until } from './support/pbx-harness';

const CALLER = '09121234567';
const OPERATOR = '09120000001';

describe('PBX simulator + the whole engine (buildEngine): an inbound call end to end', function () {
  this.timeout(20_000);
  let sim: PbxSimulator;
  let engine: Engine;
  let logger: CaptureLogger;
  let results: Seen<EngineEventOf<'call.result.recorded'>>;

  beforeEach(async () => {
    sim = await startPbx();
    const agiPort = await freePort();
    sim.setAgiTarget({ host: '127.0.0.1', port: agiPort });
    sim.script(OPERATOR, operatorBehaviours.answers(2));
    logger = new CaptureLogger();
    engine = buildEngine(engineConfigFor(sim, agiPort, { operator: { mobileNumbers: [OPERATOR], timeoutSec: 20 } }), { logger });
    results = new Seen();
    resolveToken(engine.container, ENGINE_EVENTS).on('call.result.recorded', results.push);
    await engine.start();
    const telephony = resolveToken(engine.container, TELEPHONY_PORT);
    const monitor = resolveToken(engine.container, LINE_MONITOR_PORT);
    await until(() => telephony.isConnected() && monitor.connectionStatus().pbxBooted, 5000, 'the engine connected to ARI and AMI');
    // The reconcile after connecting lists channels; what follows is the calls' own traffic.
    await until(() => logger.find('info', /ARI reconcile done/) !== undefined, 2000, 'the first reconcile');
    sim.requests.clear();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') {
      for (const r of logger.records.filter((x) => x.level !== 'trace')) process.stderr.write(`${r.level} ${r.msg} ${JSON.stringify(r.obj ?? {})}\n`);
      for (const r of sim.ariRequests()) process.stderr.write(`${r.method} ${r.path} ${r.status} ${JSON.stringify(r.params)}\n`);
    }
    await engine.stop();
    await sim.stop();
  });

  it('vetted by the engine over FastAGI, adopted in Stasis, bridged to an operator, result stored and reported', async () => {
    const outcome = await sim.placeInboundCall({ from: CALLER, did: LINE, behaviour: customerBehaviours.staysSilent({ hangupAfterSeconds: 30 }) });
    assert.equal(outcome.route, 'stasis');
    const [, callId, scenario, line] = outcome.stasisArgs ?? [];
    assert.deepEqual([outcome.stasisArgs?.[0], scenario, line], ['inbound', 'academy', LINE]);
    assert.match(callId ?? '', /^[0-9a-f-]{36}$/);
    assert.deepEqual(outcome.agi.variablesSet.map(([name]) => name), ['SALEHI_ROUTE', 'SALEHI_CALL_ID', 'SALEHI_SCENARIO', 'SALEHI_LINE']);

    await until(() => sim.ariRequests().some((r) => r.operation === 'bridges.addChannel' && r.status === 204), 5000, 'the operator bridged');
    const addChannel = sim.ariRequests().find((r) => r.operation === 'bridges.addChannel');
    assert.equal(addChannel?.params['channel'], `${outcome.channelId},${callId}-op1`);
    const operatorLeg = sim.ariRequests().find((r) => r.operation === 'channels.originate');
    assert.deepEqual([operatorLeg?.params['endpoint'], operatorLeg?.params['appArgs']], [`PJSIP/${OPERATOR}@${TRUNK}`, `operator,${callId}`]);
    assert.equal(sim.world.channels.get(outcome.channelId)?.state, 'Up', 'the engine answered the caller');
    const monitor = resolveToken(engine.container, LINE_MONITOR_PORT);
    const usage = (): number => monitor.lineUsage().find((u) => u.line === LINE)?.channels ?? -1;
    await until(() => usage() >= 1, 3000, 'the AMI line monitor counts the caller on its line');

    const reported = await results.waitFor((r) => r.callId === callId, 10_000, 'the call result');
    assert.deepEqual([reported.result, reported.phone], ['inbound_call', CALLER]);
    const store = resolveToken(engine.container, CALL_STORE_PORT);
    // The inbound row is written after the report (recordInboundReport): poll briefly.
    let stored = await store.getResult(callId ?? '').catch(() => null);
    for (let i = 0; i < 100 && !stored; i++) {
      await new Promise((r) => setTimeout(r, 20));
      stored = await store.getResult(callId ?? '').catch(() => null);
    }
    assert.deepEqual([stored?.direction, stored?.result, stored?.phone, stored?.hangupCause], ['inbound', 'inbound_call', CALLER, 16]);
    await until(() => sim.world.channels.list().length === 0, 5000, 'every leg hung up (no operator outlives the caller)');
    await until(() => usage() === 0, 3000, 'the line is free again');
  });

  it('a caller on the block list: the engine answers reject and the dialplan hangs up with 21; the engine keeps no session', async () => {
    const store = resolveToken(engine.container, CALL_STORE_PORT);
    await store.addDnc({ phone: '09350000009', reason: 'asked not to be called', source: 'api' });
    const outcome = await sim.placeInboundCall({ from: '09350000009' });
    assert.deepEqual([outcome.route, outcome.hangupCause, outcome.agi.variables['SALEHI_ROUTE']], ['reject', 21, 'reject']);
    assert.equal(sim.ariRequests().length, 0, 'ARI never heard of it');
    await until(() => sim.world.channels.list().length === 0, 2000, 'the caller hung up');
  });
});
