import assert from 'node:assert/strict';
import { customerBehaviours } from '../../../../../engine/src/simulator/core/customer-script';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

describe('simulated bridges', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness();
    h.world.directory.setDefault(customerBehaviours.staysSilent({ ringSeconds: 0 }));
    for (const id of ['cust', 'op']) h.world.channels.originate({ endpoint: `PJSIP/${id}@${TRUNK}`, app: APP, timeoutSec: 30, channelId: id });
    h.world.channels.originate({ endpoint: `PJSIP/park@${TRUNK}`, dialplan: { context: 'salehi-park', exten: 's', priority: 1 }, timeoutSec: 30, channelId: 'parked' });
    h.clock.tick(10);
    h.events.length = 0;
  });

  afterEach(() => h.dispose());

  it('creates a mixing bridge (simple_bridge, video talker); a duplicate id is refused', () => {
    const created = h.world.bridges.create({ bridgeId: 'b1', name: 'call' });
    assert.ok(created.ok);
    assert.deepEqual({ ...created.value, creationTime: 0 }, {
      id: 'b1', technology: 'simple_bridge', bridgeType: 'mixing', bridgeClass: 'stasis', creator: 'Stasis', name: 'call', channelIds: [], creationTime: 0, videoMode: 'talker',
    });
    assert.deepEqual(h.world.bridges.create({ bridgeId: 'b1' }), { ok: false, rejection: { kind: 'bridge-id-taken', bridgeId: 'b1' } });
    assert.equal(h.events.find((e) => e.type === 'bridge.created')?.audience.length, 0, 'no app sees BridgeCreated of a REST bridge');
  });

  it('adds two channels: entered events, BRIDGEPEER of each is the other, connected line, app subscribed', () => {
    h.world.bridges.create({ bridgeId: 'b1' });
    assert.equal(h.world.bridges.add('b1', ['cust', 'op']).ok, true);
    assert.deepEqual(h.lines().filter((l) => !l.startsWith('bridge.created')), [
      'bridge.entered cust',
      'bridge.entered op',
      `channel.varset cust BRIDGEPEER=${h.world.channels.get('op')?.name}`,
      `channel.varset op BRIDGEPEER=${h.world.channels.get('cust')?.name}`,
      'channel.connected-line cust',
      'channel.connected-line op',
    ]);
    assert.deepEqual(h.world.apps.get(APP)?.bridgeIds, ['b1']);
  });

  it('checks the bridge first, then each channel (400 missing, 422 not in Stasis)', () => {
    h.world.bridges.create({ bridgeId: 'b1' });
    assert.deepEqual(h.world.bridges.add('nope', ['parked']), { ok: false, rejection: { kind: 'bridge-not-found' } });
    assert.deepEqual(h.world.bridges.add('b1', ['ghost']), { ok: false, rejection: { kind: 'bridge-channel-not-found' } });
    assert.deepEqual(h.world.bridges.add('b1', ['parked']), { ok: false, rejection: { kind: 'bridge-channel-not-in-stasis' } });
    assert.deepEqual(h.world.bridges.remove('b1', ['cust']), { ok: false, rejection: { kind: 'channel-not-in-bridge' } });
  });

  it('a hangup takes the channel out (BRIDGEPEER cleared first); destroy ejects the rest', () => {
    h.world.bridges.create({ bridgeId: 'b1' });
    h.world.bridges.add('b1', ['cust', 'op']);
    h.events.length = 0;
    h.world.channels.hangup('cust', 16);
    const cust = h.lines('cust');
    assert.ok(cust.indexOf('channel.varset cust BRIDGEPEER=') < cust.indexOf('bridge.left cust'));
    assert.ok(cust.indexOf('bridge.left cust') < cust.indexOf('stasis.ended cust'));
    assert.deepEqual(h.world.bridges.get('b1')?.channelIds, ['op']);
    assert.equal(h.world.bridges.destroy('b1').ok, true);
    assert.deepEqual(h.lines().slice(-3), ['channel.varset op BRIDGEPEER=', 'bridge.left op', 'bridge.destroyed']);
    assert.deepEqual(h.world.bridges.destroy('b1'), { ok: false, rejection: { kind: 'bridge-not-found' } });
    assert.equal(h.world.channels.get('op')?.state, 'Up', 'the channel stays in Stasis');
  });

  it('plays to a bridge and stops that playback when the bridge goes', () => {
    h.world.bridges.create({ bridgeId: 'b1' });
    h.world.playbacks.play({ kind: 'bridge', id: 'b1' }, ['sound:silence/5'], { playbackId: 'bp' });
    h.clock.tick(100);
    h.world.bridges.destroy('b1');
    const finished = h.events.find((e) => e.type === 'playback.finished');
    assert.ok(finished && 'playback' in finished);
    assert.equal(finished.playback.targetUri, 'bridge:b1');
  });
});
