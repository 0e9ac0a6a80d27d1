import assert from 'node:assert/strict';
import sinon from 'sinon';
import { resolveToken } from '../../../engine/src/di/token';
import { CALL_STORE_PORT } from '../../../engine/src/di/tokens';
import { EngineError } from '../../../engine/src/errors';
import { customerBehaviours as people } from '../../../engine/src/simulator/core/customer-script';
import { LINE, startFlowEngine, until, type FlowEngine } from './support/flow-engine';

/** Pressing 9 twenty simulated seconds (0.4 s real) after the 2 s opt-out prompt ended, inside the 2 s wait. */
const pressesNine = () => people.pressesKeys('9', { afterSeconds: 22 });
const OPTED_OUT = ['originate', 'play optout', 'play goodbye', 'hangup customer'];

/**
 * Issue #4: the `add_to_dnc` step through the whole engine (SQLite store) and the PBX simulator.
 * Scenario dnc-optout: "press 9 never to be called again" → add_to_dnc → not_interested.
 */
describe('add_to_dnc step through the PBX simulator (scenario dnc-optout)', function () {
  this.timeout(30_000);
  let flow: FlowEngine;

  beforeEach(async () => {
    flow = await startFlowEngine();
  });

  afterEach(async function () {
    if (this.currentTest?.state === 'failed') flow.dump();
    sinon.restore();
    await flow.stop();
  });

  const store = () => resolveToken(flow.engine.container, CALL_STORE_PORT);

  it('writes the number to the DNC list; the dialer check right before an originate (checkDnc) now refuses it', async () => {
    const { report, commands } = await flow.call('dnc-optout', pressesNine());
    assert.deepEqual(commands, OPTED_OUT);
    assert.equal(report.result, 'not_interested');
    const entry = await store().checkDnc(report.phone);
    assert.deepEqual([entry?.phone, entry?.reason, entry?.source], [report.phone, 'pressed 9 to opt out', 'scenario:add_to_dnc']);
    assert.equal((await store().listDnc()).items.length, 1);
  });

  it('a caller who does not press 9 is not listed', async () => {
    const { report, commands } = await flow.call('dnc-optout', people.staysSilent());
    assert.deepEqual(commands, ['originate', 'play optout', 'hangup customer']);
    assert.equal(await store().checkDnc(report.phone), null);
  });

  it('a store error does not crash the call or lose its result', async () => {
    sinon.stub(store(), 'addDnc').rejects(new EngineError('CE_STORE_FAILED', 'database is locked'));
    const { report, commands } = await flow.call('dnc-optout', pressesNine());
    assert.deepEqual(commands, OPTED_OUT, 'the flow went on: result, goodbye, hangup');
    assert.equal(report.result, 'not_interested');
    const logged = flow.logger.find('error', /could not add the caller to the do-not-call list/);
    assert.equal((logged?.obj as { err?: EngineError } | undefined)?.err?.code, 'CE_STORE_FAILED');
  });

  it('an inbound caller is listed under the normalised number, and their next call is refused', async () => {
    // Caller ID without the leading 0 (as some trunks present it): the engine normalises it.
    const first = await flow.sim.placeInboundCall({ from: '9121234567', did: LINE, behaviour: pressesNine() });
    assert.equal(first.route, 'stasis');
    const reported = await flow.results.waitFor((r) => r.callId === first.stasisArgs?.[1], 10_000, 'the inbound result');
    assert.deepEqual([reported.result, reported.phone], ['not_interested', '09121234567']);
    await until(() => flow.sim.world.channels.list().length === 0, 5000, 'the caller hung up');
    assert.equal((await store().checkDnc('09121234567'))?.reason, 'pressed 9 to opt out');
    const again = await flow.sim.placeInboundCall({ from: '9121234567', did: LINE, behaviour: people.staysSilent() });
    assert.equal(again.route, 'reject', 'the FastAGI vetting refuses a listed caller');
  });
});
