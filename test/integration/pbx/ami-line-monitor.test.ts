import 'reflect-metadata';
import assert from 'node:assert/strict';
import { customerBehaviours } from '../../../engine/src/simulator/core/customer-script';
import type { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import { connectAmi, connectAri, LINE, startPbx, TRUNK, type AmiLink, type AriLink } from './support/pbx-harness';

const OTHER_LINE = '02191300000';

describe('PBX simulator: trunk and line monitoring through the engine AMI adapter', function () {
  this.timeout(20_000);
  let sim: PbxSimulator;
  let ami: AmiLink;
  let ari: AriLink;

  beforeEach(async () => {
    sim = await startPbx();
    sim.script('09121110001', customerBehaviours.staysSilent({ ringSeconds: 1 })).script('09121110002', customerBehaviours.staysSilent({ ringSeconds: 1 }));
    ami = await connectAmi(sim, [LINE, OTHER_LINE]);
    ari = await connectAri(sim);
  });

  afterEach(async () => {
    await ari.adapter.stop();
    await ami.monitor.stop();
    await sim.stop();
  });

  it('sees the trunk registered, lost and registered again, with contact and endpoint changes', async () => {
    const { monitor, seen } = ami;
    assert.deepEqual(monitor.registrations().map((r) => [r.name, r.state, r.clientUri]), [[TRUNK, 'registered', `sip:${LINE}@carrier.example`]]);
    assert.deepEqual(monitor.endpoints().map((e) => [e.name, e.state]), [[TRUNK, 'not_in_use']]);
    assert.equal(monitor.connectionStatus().pbxBooted, true);

    assert.equal(sim.setRegistered(TRUNK, false), true);
    await seen['registration.changed'].waitFor((c) => c.registration.state === 'unregistered');
    await seen['contact.changed'].waitFor((c) => c.contact.state === 'unreachable');
    await seen['endpoint.changed'].waitFor((c) => c.endpoint.state === 'unavailable');
    assert.equal(monitor.registration(TRUNK)?.state, 'unregistered');

    sim.setRegistered(TRUNK, true);
    await seen['registration.changed'].waitFor((c) => c.previous === 'unregistered' && c.registration.state === 'registered');
    await seen['endpoint.changed'].waitFor((c) => c.endpoint.state === 'not_in_use' && c.endpoint.reachable === true);
    assert.deepEqual(seen['registration.changed'].items.map((c) => `${c.previous}→${c.registration.state}`), ['unknown→registered', 'registered→unregistered', 'unregistered→registered']);
    assert.deepEqual(seen['contact.changed'].items.map((c) => c.contact.state), ['reachable', 'unreachable', 'reachable']);
    assert.equal(sim.setRegistered('no-such-trunk', false), false);
  });

  it('counts live channels per line while calls are up (ARI and AMI originates) and back to 0; CoreShowChannels agrees', async () => {
    const { monitor, seen, connection, frames } = ami;
    assert.deepEqual(monitor.lineUsage(), [{ line: LINE, channels: 0 }, { line: OTHER_LINE, channels: 0 }]);

    // a-1 shows the operator caller id 1000: only its SALEHI_LINE tag (manager.conf channelvars) names its line.
    await ari.adapter.originate({ channelId: 'a-1', endpoint: `PJSIP/09121110001@${TRUNK}`, callerId: '1000', variables: { SALEHI_LINE: LINE }, appArgs: ['outbound', 'a-1'] });
    const queued = await connection.action({
      action: 'Originate',
      fields: { Channel: `PJSIP/09121110002@${TRUNK}`, Application: 'Stasis', Data: 'salehi,outbound,a-2', CallerID: `"Salehi" <${OTHER_LINE}>`, ChannelId: 'a-2', Timeout: 30000, Async: true },
    });
    assert.equal(queued.get('Message'), 'Originate successfully queued');
    await Promise.all([ari.waitFor('call.entered', 'a-1'), ari.waitFor('call.entered', 'a-2')]);
    const response = await frames.waitFor((f) => f.event === 'OriginateResponse');
    assert.deepEqual([response.get('Response'), response.get('Reason'), response.get('Uniqueid'), response.get('ActionID')], ['Success', '4', 'a-2', queued.actionId]);
    await seen['line.usage.changed'].waitFor((u) => u.line === OTHER_LINE && u.channels === 1);
    assert.deepEqual(monitor.lineUsage(), [{ line: LINE, channels: 1 }, { line: OTHER_LINE, channels: 1 }]);
    assert.deepEqual(monitor.endpointUsage(), [{ endpoint: TRUNK, channels: 2 }]);
    assert.equal(monitor.endpoints()[0]?.state, 'in_use');

    const tagged = frames.items.find((f) => f.event === 'Newstate' && f.get('Uniqueid') === 'a-1');
    assert.deepEqual(tagged?.all('ChanVariable'), [`SALEHI_LINE=${LINE}`]);
    const listed = await connection.listAction({ action: 'CoreShowChannels' });
    assert.deepEqual(listed.items.map((i) => i.get('Uniqueid')).sort(), ['a-1', 'a-2']);
    assert.equal(listed.complete?.get('ListItems'), '2');
    assert.deepEqual(listed.items.map((i) => i.get('Application')), ['Stasis', 'Stasis']);
    assert.deepEqual(listed.items.map((i) => i.get('ChanVariable')).sort(), ['SALEHI_LINE=', `SALEHI_LINE=${LINE}`]);

    await ari.adapter.hangup('a-1');
    await connection.action({ action: 'Hangup', fields: { Channel: sim.world.channels.get('a-2')?.name ?? '', Cause: 16 } });
    await seen['channel.ended'].waitFor((e) => e.channel.id === 'a-2');
    assert.deepEqual(monitor.lineUsage(), [{ line: LINE, channels: 0 }, { line: OTHER_LINE, channels: 0 }]);
    assert.deepEqual(seen['channel.ended'].items.map((e) => [e.channel.id, e.cause, e.outcome, e.channel.line, e.known]), [
      ['a-1', 16, 'completed', LINE, true],
      ['a-2', 16, 'completed', OTHER_LINE, true],
    ]);
    assert.deepEqual(seen['line.usage.changed'].items.filter((u) => u.line === LINE).map((u) => u.channels), [1, 0]);
    await seen['endpoint.changed'].waitFor((c) => c.endpoint.state === 'not_in_use');
    assert.equal((await connection.listAction({ action: 'CoreShowChannels' })).complete?.get('ListItems'), '0');
  });

  it('an AMI originate to a busy number: OriginateResponse Failure with Reason 0, the leg hung up 17/486 (PROTOCOLS §1.6)', async () => {
    sim.script('09350000000', customerBehaviours.busy(0));
    const { connection, frames, seen } = ami;
    await connection.action({ action: 'Originate', fields: { Channel: `PJSIP/09350000000@${TRUNK}`, Exten: 's', Context: 'salehi-park', Priority: 1, ChannelId: 'b-1', Async: true } });
    const response = await frames.waitFor((f) => f.event === 'OriginateResponse');
    assert.deepEqual([response.get('Response'), response.get('Reason'), response.get('Channel'), response.get('Uniqueid')], ['Failure', '0', `PJSIP/09350000000@${TRUNK}`, 'b-1']);
    const ended = await seen['channel.ended'].waitFor((e) => e.channel.id === 'b-1');
    assert.deepEqual([ended.cause, ended.techCause, ended.dialStatus, ended.outcome], [17, 486, 'busy', 'busy']);
    const ofLeg = frames.items.filter((f) => f.get('Uniqueid') === 'b-1' || f.get('DestUniqueid') === 'b-1');
    assert.deepEqual(ofLeg.map((f) => f.event).filter((e) => e !== 'VarSet'), ['Newchannel', 'DialBegin', 'HangupRequest', 'DialEnd', 'Hangup', 'OriginateResponse']);
    assert.deepEqual([ofLeg[1]?.get('DialString'), ofLeg[3]?.get('DialStatus'), ofLeg[4]?.get('Cause'), ofLeg[4]?.get('TechCause')], [`09350000000@${TRUNK}`, 'BUSY', '17', '486']);
    const refused = await connection.action({ action: 'Originate', fields: { Channel: `PJSIP/1@${TRUNK}`, Exten: 's', Context: 'no-such-context', Priority: 1 } }).catch((err: unknown) => err);
    assert.match(String((refused as Error).message), /Extension does not exist/);
  });
});
