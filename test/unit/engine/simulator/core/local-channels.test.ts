import assert from 'node:assert/strict';
import { customerBehaviours, operatorBehaviours, type CustomerScript } from '../../../../../engine/src/simulator/core/customer-script';
import { APP, harness, type Harness } from './support/world-harness';

const ID = 'lo-1';

function originate(h: Harness, endpoint: string, timeoutSec = 30, variables: Record<string, string> = {}): void {
  const result = h.world.channels.originate({ endpoint, app: APP, appArgs: ['outbound', ID], timeoutSec, channelId: ID, variables });
  assert.equal(result.ok, true, JSON.stringify(result));
}

function finalCause(h: Harness, id = ID): string | undefined {
  return h.lines(id).find((l) => l.startsWith('channel.destroyed'))?.split(' ')[2];
}

/** Local channels: ;1 answers when ;2 answers; ;2's cause reaches ;1 (PROTOCOLS.md §2.6.6, §4.2). */
describe('simulated Local channels', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness();
  });

  afterEach(() => h.dispose());

  const outcomes: Array<[string, CustomerScript, string]> = [
    ['busy', customerBehaviours.busy(), '17'],
    ['unavailable 480', customerBehaviours.unavailable(1), '19'],
    ['unallocated 404', customerBehaviours.unallocated(), '1'],
    ['congestion 503', customerBehaviours.congestion(), '34'],
    ['rejected 603', customerBehaviours.rejects(), '21'],
    ['powered off', customerBehaviours.poweredOff(20), '20'],
  ];
  for (const [name, script, cause] of outcomes) {
    it(`salehi-outbound dial context, ${name}: ;1 ends with cause ${cause} (no tech_cause on a Local leg)`, () => {
      h.world.directory.set('0912', script);
      originate(h, 'Local/0912@salehi-outbound/n', 30, { ENGINE_TRUNK: 'TO-CUCM-Gaptel' });
      h.clock.tick(5000);
      assert.equal(finalCause(h), cause);
      assert.ok(h.lines(`${ID};2`).includes('channel.varset lo-1;2 ENGINE_TRUNK=TO-CUCM-Gaptel'), 'variables reach ;2');
      assert.equal(h.world.channels.list().length, 0, 'the carrier leg is gone too');
      assert.equal(h.world.clock.pending, 0, 'no timer outlives the call');
    });
  }

  it('dial context, answered: ;1 Up then StasisStart; the customer hanging up gives ;1 cause 0', () => {
    h.world.directory.set('0912', customerBehaviours.saysYes({ ringSeconds: 2, hangupAfterSeconds: 10 }));
    originate(h, 'Local/0912@salehi-outbound/n');
    h.clock.tick(2000);
    assert.ok(h.lines(ID).includes('stasis.started lo-1'));
    assert.equal(h.world.channels.find(ID)?.party?.label, 'says-yes', ';1 hears the carrier-side person');
    h.clock.tick(10_000);
    assert.equal(finalCause(h), '0');
    assert.equal(finalCause(h, `${ID};2`), '16');
    assert.equal(h.world.clock.pending, 0, 'no timer outlives the call');
  });

  it('dial context, ringing past the originate timeout: cause 19 on both halves', () => {
    h.world.directory.set('0912', customerBehaviours.noAnswer());
    originate(h, 'Local/0912@salehi-outbound/n', 4);
    h.clock.tick(4000);
    assert.equal(finalCause(h), '19');
    assert.equal(finalCause(h, `${ID};2`), '19');
  });

  it('party context (customer-sim), answered after ringing, then DELETE with reason busy: cause 17 on both halves', () => {
    h.world.directory.set('100', customerBehaviours.staysSilent({ ringSeconds: 3 }));
    originate(h, 'Local/100@customer-sim');
    h.clock.tick(2000);
    assert.equal(h.world.channels.get(ID)?.state, 'Ringing');
    h.clock.tick(1000);
    assert.equal(h.world.channels.get(ID)?.state, 'Up');
    h.world.channels.hangup(ID, 17);
    assert.deepEqual(h.lines(`${ID};2`).filter((l) => l.includes('hangup') || l.includes('destroyed')), ['channel.hangup-requested lo-1;2 17', 'channel.hangup-requested lo-1;2 16 soft', 'channel.destroyed lo-1;2 17']);
    assert.equal(finalCause(h), '17');
  });

  it('party context, busy operator: cause 17 reaches ;1', () => {
    h.world.directory.set('1000', operatorBehaviours.busy());
    originate(h, 'Local/1000@operator-sim');
    h.clock.tick(100);
    assert.equal(finalCause(h), '17');
  });

  it('park context answers at once and ends its dialplan after the wait', () => {
    originate(h, 'Local/s@salehi-park');
    h.clock.tick(1);
    assert.ok(h.lines(ID).includes('stasis.started lo-1'));
    h.clock.tick(20_000);
    assert.equal(finalCause(h), '0');
  });

  it('an unknown context cannot be allocated; otherChannelId names ;2', () => {
    assert.deepEqual(h.world.channels.originate({ endpoint: 'Local/1@nowhere', app: APP, timeoutSec: 30 }), { ok: false, rejection: { kind: 'allocation-failed' } });
    h.world.channels.originate({ endpoint: 'Local/s@salehi-park', app: APP, timeoutSec: 30, channelId: 'one', otherChannelId: 'two' });
    assert.deepEqual(h.world.channels.list().map((c) => c.id), ['one', 'two']);
    assert.deepEqual(h.world.channels.originate({ endpoint: 'Local/s@salehi-park', app: APP, timeoutSec: 30, channelId: 'three', otherChannelId: 'two' }), { ok: false, rejection: { kind: 'channel-id-taken' } });
  });

  it('an app that is not connected: the channel is answered, Stasis fails (STASISSTATUS=FAILED) and it is hung up', () => {
    h.world.apps.deactivate(APP);
    originate(h, 'Local/s@salehi-park');
    h.clock.tick(10);
    assert.ok(h.lines(ID).includes('channel.varset lo-1 STASISSTATUS=FAILED'));
    assert.ok(!h.lines(ID).some((l) => l.startsWith('stasis.started')));
    assert.equal(h.world.channels.list().length, 0);
  });
});
