import 'reflect-metadata';
import assert from 'node:assert/strict';
import { FastAgiServer } from '../../../engine/src/adapters/asterisk/fastagi/fastagi-server';
import { isEngineError } from '../../../engine/src/errors';
import type { InboundSession } from '../../../engine/src/ports/inbound-gateway.port';
import { customerBehaviours } from '../../../engine/src/simulator/core/customer-script';
import type { WorldEvent } from '../../../engine/src/simulator/core/world-events';
import type { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import { CaptureLogger } from '../../fakes/capture-logger';
import { connectAmi, connectAri, LINE, Seen, startPbx, TRUNK, type AmiLink, type AriLink, until } from './support/pbx-harness';

const CALLER = '09121234567';

/** The engine side of the vetting, reduced to a table: the route each caller gets. */
const ROUTES: Readonly<Record<string, string>> = { '09350000001': 'busy', '09350000002': 'reject', '09350000003': 'closed' };

async function vet(s: InboundSession): Promise<void> {
  const route = ROUTES[s.env.callerId ?? ''] ?? 'stasis';
  await s.setVariable('SALEHI_ROUTE', route);
  if (route !== 'stasis') return;
  await s.setVariable('SALEHI_CALL_ID', `call-${s.env.uniqueId}`);
  await s.setVariable('SALEHI_SCENARIO', 'academy');
  await s.setVariable('SALEHI_LINE', s.params.did ?? '');
}

describe('PBX simulator: inbound calls run salehi-inbound (FastAGI, then Stasis) against the engine adapters', function () {
  this.timeout(20_000);
  let sim: PbxSimulator;
  let agi: FastAgiServer;
  let ari: AriLink;
  let ami: AmiLink;
  let world: Seen<WorldEvent>;

  beforeEach(async () => {
    sim = await startPbx();
    agi = new FastAgiServer({ host: '127.0.0.1', port: 0, allow: ['127.0.0.1', '::ffff:127.0.0.1'], logger: new CaptureLogger(), lingerMs: 200 });
    agi.route('inbound', vet);
    sim.setAgiTarget(await agi.listen());
    ari = await connectAri(sim);
    ami = await connectAmi(sim);
    world = new Seen<WorldEvent>();
    sim.world.on(world.push);
  });

  afterEach(async () => {
    await ari.adapter.stop();
    await ami.monitor.stop();
    await agi.close();
    await sim.stop();
  });

  it('FastAGI with the exact environment → variables set on the channel → StasisStart with inbound, call id, scenario, line', async () => {
    const outcome = await sim.placeInboundCall({ from: CALLER, did: LINE, behaviour: customerBehaviours.staysSilent() });
    const id = outcome.channelId;
    assert.equal(outcome.route, 'stasis');
    assert.deepEqual(outcome.stasisArgs, ['inbound', `call-${id}`, 'academy', LINE]);
    assert.equal(outcome.agi.agiStatus, 'SUCCESS');
    assert.deepEqual(outcome.agi.commands, [
      'SET VARIABLE SALEHI_ROUTE stasis', `SET VARIABLE SALEHI_CALL_ID call-${id}`, 'SET VARIABLE SALEHI_SCENARIO academy', `SET VARIABLE SALEHI_LINE ${LINE}`,
    ]);
    const env = outcome.agi.transcript[0]?.text ?? '';
    assert.equal(env.split('\n').slice(0, 3).join('\n'), `agi_network: yes\nagi_network_script: inbound?did=${LINE}\nagi_request: agi://127.0.0.1:${sim.agiTarget.port}/inbound?did=${LINE}`);
    for (const line of [`agi_channel: ${outcome.channelName}`, 'agi_type: PJSIP', `agi_uniqueid: ${id}`, `agi_callerid: ${CALLER}`, `agi_dnid: ${LINE}`, 'agi_context: salehi-inbound', `agi_extension: ${LINE}`, 'agi_priority: 3']) {
      assert.ok(env.includes(`\n${line}\n`), `env block has "${line}"`);
    }
    assert.match(outcome.channelName, new RegExp(`^PJSIP/${TRUNK}-[0-9a-f]{8}$`));

    const entered = await ari.waitFor('call.entered', id);
    assert.deepEqual([entered.args, entered.state, entered.channel.callerNumber, entered.channel.context, entered.channel.extension], [
      ['inbound', `call-${id}`, 'academy', LINE], 'ring', CALLER, 'salehi-inbound', LINE,
    ]);
    assert.equal(await ari.adapter.getVariable(id, 'SALEHI_CALL_ID'), `call-${id}`);
    const steps = world.items.flatMap((e) => (e.type === 'channel.dialplan' && e.channel.id === id ? [`${e.channel.dialplan.priority} ${e.app}`] : []));
    assert.deepEqual(steps, ['1 NoOp', '2 Set', '3 AGI', '4 GotoIf', '5 GotoIf', '9 Stasis']);
    await ami.seen['line.usage.changed'].waitFor((u) => u.line === LINE && u.channels === 1);

    await ari.adapter.answer(id);
    await ari.adapter.hangup(id);
    await ari.waitFor('call.ended', id);
    await ami.seen['line.usage.changed'].waitFor((u) => u.line === LINE && u.channels === 0);
  });

  it('busy / reject / closed: the dialplan hangs up with 17 / 21 / 16; an unreachable engine sends the caller to fallback (34)', async () => {
    const causes: Array<[string, number | undefined, number | undefined]> = [];
    for (const from of ['09350000001', '09350000002', '09350000003']) {
      const outcome = await sim.placeInboundCall({ from });
      const destroyed = await world.waitFor<Extract<WorldEvent, { type: 'channel.destroyed' }>>((e) => e.type === 'channel.destroyed' && e.channel.id === outcome.channelId);
      causes.push([outcome.route, outcome.hangupCause, destroyed.cause]);
    }
    sim.setAgiTarget({ host: '127.0.0.1', port: 1 });
    const down = await sim.placeInboundCall({ from: CALLER });
    const destroyed = await world.waitFor<Extract<WorldEvent, { type: 'channel.destroyed' }>>((e) => e.type === 'channel.destroyed' && e.channel.id === down.channelId);
    causes.push([down.route, down.hangupCause, destroyed.cause]);
    assert.deepEqual(causes, [['busy', 17, 17], ['reject', 21, 21], ['closed', 16, 16], ['fallback', 34, 34]]);
    assert.equal(down.agi.agiStatus, 'FAILURE');
    assert.equal(ari.events.items.some((e) => e.type === 'call.entered'), false, 'none of them reached Stasis');
    await until(() => ami.seen['channel.ended'].items.length === 4, 5000, 'four AMI hangups');
    assert.deepEqual(ami.seen['channel.ended'].items.map((e) => [e.cause, e.channel.line, e.known]), [[17, LINE, true], [21, LINE, true], [16, LINE, true], [34, LINE, true]]);
  });

  it('an app nobody registered: STASISSTATUS=FAILED and the caller goes to fallback; a bad spec is CE_SIM_INBOUND_FAILED', async () => {
    await ari.adapter.stop();
    const outcome = await sim.placeInboundCall({ from: CALLER });
    assert.deepEqual([outcome.route, outcome.hangupCause], ['fallback', 34]);
    assert.equal(sim.world.channels.get(outcome.channelId)?.state, 'Up', 'fallback answers and plays ss-noservice first');
    await assert.rejects(sim.placeInboundCall({ from: CALLER, trunk: 'no-such-trunk' }), (err: unknown) => isEngineError(err, 'CE_SIM_INBOUND_FAILED'));
  });
});
