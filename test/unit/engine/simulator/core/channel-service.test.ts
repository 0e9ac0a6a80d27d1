import assert from 'node:assert/strict';
import { customerBehaviours } from '../../../../../engine/src/simulator/core/customer-script';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

describe('simulated call control', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness();
    h.world.directory.setDefault(customerBehaviours.staysSilent({ ringSeconds: 5 }));
  });

  afterEach(() => h.dispose());

  function originate(id: string): void {
    h.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, timeoutSec: 30, channelId: id, callerId: '"Acme" <4055550100>', variables: { ENGINE_ATTEMPT: id } });
  }

  it('find_control: 404 for an unknown channel, 409 for one running dialplan or only subscribed', () => {
    originate('ring');
    h.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, dialplan: { context: 'salehi-park', exten: 's', priority: 1 }, timeoutSec: 30, channelId: 'dialplan' });
    h.clock.tick(10);
    assert.deepEqual(h.world.channels.answer('ghost'), { ok: false, rejection: { kind: 'channel-not-found' } });
    assert.deepEqual(h.world.channels.answer('dialplan'), { ok: false, rejection: { kind: 'channel-not-in-stasis' } });
    h.world.apps.subscribe(APP, 'channel', 'ring');
    assert.deepEqual(h.world.channels.answer('ring'), { ok: false, rejection: { kind: 'channel-not-in-stasis' } });
  });

  it('reads variables and functions on any channel; sets them (ChannelVarset) on Stasis channels', () => {
    originate('c');
    h.clock.tick(5000);
    assert.deepEqual(h.world.channels.getVariable('c', 'ENGINE_ATTEMPT'), { ok: true, value: 'c' });
    assert.deepEqual(h.world.channels.getVariable('c', 'CALLERID(num)'), { ok: true, value: '4055550100' });
    assert.deepEqual(h.world.channels.getVariable('c', 'CHANNEL(state)'), { ok: true, value: 'Up' });
    assert.deepEqual(h.world.channels.getVariable('c', 'NOSUCHVAR'), { ok: false, rejection: { kind: 'variable-not-found' } });
    assert.equal(h.world.channels.setVariable('c', 'RESULT', 'yes').ok, true);
    assert.ok(h.lines('c').includes('channel.varset c RESULT=yes'));
  });

  it('continue leaves Stasis at once; STASISSTATUS comes with the hangup (captures/ari-08b case 4)', () => {
    originate('c');
    h.clock.tick(5000);
    assert.equal(h.world.channels.continueInDialplan('c', { context: 'salehi-park', extension: 's', priority: 1 }).ok, true);
    assert.deepEqual(h.lines('c').slice(-2), ['stasis.ended c', 'channel.dialplan c']);
    assert.equal(h.world.channels.get('c')?.dialplan.appName, 'Wait');
    h.world.channels.hangup('c', 16);
    assert.deepEqual(h.lines('c').slice(-8, -1).filter((l) => !l.includes('RTPAUDIOQOS')), ['channel.hangup-requested c 32 soft', 'channel.varset c STASISSTATUS=SUCCESS']);
  });

  it('hold and unhold are reported as events', () => {
    originate('c');
    h.clock.tick(5000);
    h.world.channels.hold('c', true);
    h.world.channels.hold('c', false);
    assert.deepEqual(h.lines('c').slice(-2), ['channel.hold c', 'channel.unhold c']);
  });

  it('/channels/create puts a Down channel in Stasis without dialling; /dial then rings it', () => {
    const created = h.world.channels.create({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, channelId: 'made' });
    assert.equal(created.ok && created.value.state, 'Down');
    h.clock.tick(1);
    assert.deepEqual(h.lines('made').slice(1), ['channel.dialplan made', 'channel.varset made STASISSTATUS=', 'stasis.started made']);
    assert.deepEqual(h.world.channels.answer('made'), { ok: false, rejection: { kind: 'channel-invalid-state' } });
    assert.equal(h.world.channels.dial('made', null).ok, true);
    assert.deepEqual(h.world.channels.dial('made', null), { ok: false, rejection: { kind: 'dial-not-created-by-ari' } });
    h.clock.tick(5001);
    assert.equal(h.world.channels.get('made')?.state, 'Up');
    assert.equal(h.lines('made').filter((l) => l.startsWith('stasis.started')).length, 1, 'no second StasisStart');
  });

  it('a created channel that is never dialled ends with 16 / tech 603 (captures/ari-10)', () => {
    h.world.channels.create({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, channelId: 'made' });
    h.clock.tick(1);
    h.world.channels.hangup('made', 16);
    assert.deepEqual(h.lines('made').slice(-5), ['channel.hangup-requested made 32 soft', 'stasis.ended made', 'channel.varset made STASISSTATUS=SUCCESS', 'channel.hangup-requested made 16/603', 'channel.destroyed made 16/603']);
  });

  it('inbound calls: a ringing PJSIP channel that the dialplan hands to Stasis, then answered', () => {
    h.world.directory.set('09350000000', customerBehaviours.saysNo({ hangupAfterSeconds: 8 }));
    const inbound = h.world.inbound.start({ from: '09350000000', did: '02100000', channelId: 'in-1' });
    assert.ok(inbound.ok);
    assert.equal(inbound.value.state, 'Ring');
    assert.equal(inbound.value.dialplan.context, 'from-trunk');
    h.world.inbound.dialplanStep('in-1', 'AGI', 'agi://127.0.0.1:4573/inbound', 2);
    assert.deepEqual(h.world.inbound.enterStasis('in-1', APP, ['inbound', 'call-1']), { ok: true, value: true });
    assert.equal(h.world.channels.answer('in-1').ok, true);
    h.clock.tick(8000);
    assert.ok(h.lines('in-1').includes('channel.destroyed in-1 16'));
  });

  it('a DELETE of an unknown channel is refused; a DELETE works on channels outside Stasis', () => {
    assert.deepEqual(h.world.channels.hangup('ghost', 16), { ok: false, rejection: { kind: 'channel-not-found' } });
    h.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, dialplan: { context: 'salehi-park', exten: 's', priority: 1 }, timeoutSec: 30, channelId: 'dp' });
    h.clock.tick(10);
    assert.equal(h.world.channels.hangup('dp', 21).ok, true);
    assert.ok(h.lines('dp').includes('channel.destroyed dp 21'));
  });

  it('reports how an originate ended (for AMI OriginateResponse): answered, or the cause', () => {
    const outcomes: unknown[] = [];
    h.world.directory.set('busy', customerBehaviours.busy());
    h.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, timeoutSec: 30, channelId: 'ok', onOutcome: (o) => outcomes.push(o.answered) });
    h.world.channels.originate({ endpoint: `PJSIP/busy@${TRUNK}`, app: APP, timeoutSec: 30, channelId: 'no', onOutcome: (o) => outcomes.push(o.answered ? 'up' : `${o.cause}/${o.techCause}`) });
    h.clock.tick(6000);
    h.world.channels.hangup('ok', 16);
    assert.deepEqual(outcomes, ['17/486', true]);
  });

  it('gives AMI what it needs: lookup by name, linkedid across Local halves and the carrier leg, LocalBridge', () => {
    h.world.channels.originate({ endpoint: 'Local/0912@salehi-outbound/n', app: APP, timeoutSec: 30, channelId: 'l' });
    h.clock.tick(100);
    const [one, two, carrier] = h.world.channels.list();
    assert.deepEqual([one?.linkedId, two?.linkedId, carrier?.linkedId], ['l', 'l', 'l']);
    assert.equal(h.world.channels.findByName(two?.name ?? '')?.id, 'l;2');
    const bridged = h.events.find((e) => e.type === 'local.bridged');
    assert.ok(bridged && bridged.type === 'local.bridged');
    assert.deepEqual([bridged.context, bridged.exten, bridged.optimize], ['salehi-outbound', '0912', false]);
  });

  it('dialplan-side control without Stasis (AGI ANSWER, SET VARIABLE)', () => {
    h.world.inbound.start({ from: '0935', did: '021', channelId: 'in' });
    assert.deepEqual(h.world.channels.setVariable('in', 'X', '1'), { ok: false, rejection: { kind: 'channel-not-in-stasis' } });
    assert.equal(h.world.inbound.setVariable('in', 'X', '1').ok, true);
    assert.equal(h.world.inbound.answer('in').ok, true);
    assert.equal(h.world.channels.get('in')?.state, 'Up');
    assert.deepEqual(h.world.inbound.answer('ghost'), { ok: false, rejection: { kind: 'channel-not-found' } });
  });
});
