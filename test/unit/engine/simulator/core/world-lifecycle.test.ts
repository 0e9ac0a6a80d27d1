import assert from 'node:assert/strict';
import { customerBehaviours } from '../../../../../engine/src/simulator/core/customer-script';
import { parseCallerId, parseEndpoint } from '../../../../../engine/src/simulator/core/originate-target';
import { StasisApps } from '../../../../../engine/src/simulator/core/stasis-apps';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

describe('simulated PBX lifecycle', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness({ registrations: [{ name: 'carrier-reg', serverUri: 'sip:carrier', clientUri: 'sip:us@carrier', endpoint: TRUNK }] });
    h.world.directory.setDefault(customerBehaviours.staysSilent({ ringSeconds: 0 }));
  });

  afterEach(() => h.dispose());

  it('shutdown: soft 4 requests, StasisEnd, cause 0 for every channel, then no channels, bridges or apps', () => {
    h.world.channels.originate({ endpoint: `PJSIP/1@${TRUNK}`, app: APP, timeoutSec: 30, channelId: 'p' });
    h.clock.tick(1);
    h.world.bridges.create({ bridgeId: 'b' });
    h.world.shutdown(true);
    assert.deepEqual(h.lines('p').filter((l) => !l.includes('RTPAUDIOQOS')).slice(-4), ['channel.hangup-requested p 4 soft', 'stasis.ended p', 'channel.varset p STASISSTATUS=SUCCESS', 'channel.destroyed p 0']);
    assert.deepEqual([h.world.channels.list().length, h.world.bridges.list().length, h.world.apps.list().length], [0, 0, 0]);
    assert.equal(h.world.booted, false);
  });

  it('crash: everything vanishes without a single event, and pending timers die', () => {
    h.world.channels.originate({ endpoint: `PJSIP/1@${TRUNK}`, app: APP, timeoutSec: 30, channelId: 'p' });
    h.clock.tick(1);
    h.world.playbacks.play({ kind: 'channel', id: 'p' }, ['sound:silence/5'], {});
    const before = h.events.length;
    h.world.crash();
    h.clock.tick(60_000);
    assert.equal(h.events.length, before);
    assert.equal(h.world.channels.list().length, 0);
  });

  it('boot emits system.booted; endpoints go offline and registrations change with events', () => {
    h.world.boot();
    assert.equal(h.world.endpoints.setOnline(TRUNK, false), true);
    assert.deepEqual(h.world.channels.originate({ endpoint: `PJSIP/1@${TRUNK}`, app: APP, timeoutSec: 30 }), { ok: false, rejection: { kind: 'allocation-failed' } });
    assert.equal(h.world.endpoints.setRegistration('carrier-reg', 'Rejected'), true);
    assert.deepEqual(h.events.map((e) => e.type), ['system.booted', 'contact.status-changed', 'peer.status-changed', 'endpoint.state-changed', 'registration.changed']);
    assert.equal(h.world.endpoints.snapshot(TRUNK)?.state, 'offline');
    assert.equal(h.world.endpoints.listRegistrations()[0]?.status, 'Rejected');
  });
});

describe('Stasis applications', () => {
  it('an event reaches the apps subscribed to its channel or bridge, and subscribe-all apps', () => {
    const apps = new StasisApps();
    apps.activate('a');
    apps.activate('b');
    apps.activate('all', true);
    apps.subscribe('a', 'channel', 'c1');
    apps.subscribe('b', 'bridge', 'b1');
    assert.deepEqual(apps.audienceFor({ channels: ['c1'] }), ['a', 'all']);
    assert.deepEqual(apps.audienceFor({ channels: ['c2'], bridge: 'b1' }), ['b', 'all']);
    apps.forget('channel', 'c1');
    assert.deepEqual(apps.audienceFor({ channels: ['c1'] }), ['all']);
    assert.equal(apps.subscribe('nope', 'channel', 'c1'), false);
  });

  it('a closed socket deactivates the app but keeps its channels', () => {
    const apps = new StasisApps();
    apps.activate('a');
    apps.subscribe('a', 'channel', 'c1');
    apps.deactivate('a');
    assert.equal(apps.isActive('a'), false);
    assert.deepEqual(apps.get('a')?.channelIds, ['c1']);
  });
});

describe('originate endpoint strings', () => {
  it('parses PJSIP trunk, PJSIP endpoint, Local with options and unknown technologies', () => {
    assert.deepEqual(parseEndpoint('PJSIP/0912@trunk'), { tech: 'PJSIP', kind: 'trunk', number: '0912', trunk: 'trunk', dialstring: '0912@trunk' });
    assert.deepEqual(parseEndpoint('PJSIP/101'), { tech: 'PJSIP', kind: 'endpoint', resource: '101', dialstring: '101' });
    assert.deepEqual(parseEndpoint('Local/486@ctx/n'), { tech: 'Local', exten: '486', context: 'ctx', dialstring: '486@ctx/n' });
    assert.deepEqual(parseEndpoint('FOO/bar'), { tech: 'unknown', dialstring: 'bar' });
    for (const bad of ['nonsense', '/x', 'PJSIP/', '']) assert.equal(parseEndpoint(bad), undefined, bad);
  });

  it('parses caller ids like ast_callerid_parse', () => {
    assert.deepEqual(parseCallerId('"Acme" <4055550100>'), { name: 'Acme', number: '4055550100' });
    assert.deepEqual(parseCallerId('Acme Co <123>'), { name: 'Acme Co', number: '123' });
    assert.deepEqual(parseCallerId('4055550100'), { name: '', number: '4055550100' });
    assert.deepEqual(parseCallerId(undefined), { name: '', number: '' });
  });
});
