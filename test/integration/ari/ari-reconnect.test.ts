import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { CallEvent } from '../../../engine/src/ports/call-event';
import { capturedEvents, findEvent } from '../../fixtures/ari-events/ari-fixtures';
import { startHarness, until, type Harness } from './support/adapter-harness';

const KEEP = { id: 'cap-keep-1', name: 'Local/40@caller-sim-00000017;1', state: 'Up', dialplan: { context: 'caller-sim', exten: '40', app_name: 'Stasis', app_data: 'salehi,keep' } };
const KEEP_HALF = { id: 'cap-keep-1;2', name: 'Local/40@caller-sim-00000017;2', state: 'Up', dialplan: { context: 'caller-sim', exten: '40', app_name: 'Wait', app_data: '40' } };
const STRAY = { id: 'stray-1', name: 'PJSIP/carrier-00000009', state: 'Up', dialplan: { context: 'from-trunk', exten: 's', app_name: 'Stasis', app_data: 'salehi,inbound' } };

describe('AriTelephonyAdapter reconnect and reconcile (integration)', () => {
  let h: Harness;

  afterEach(async () => {
    await h.stop();
  });

  it('a drop without close frame (1006) → connection.lost, reconnect with backoff, connection.restored', async () => {
    h = await startHarness();
    h.server.dropSockets();
    const lost = await h.waitFor((e) => e.type === 'connection.lost');
    assert.deepEqual({ ...lost, at: 0 }, { type: 'connection.lost', at: 0, reason: 'dropped', code: 1006 });
    const restored = await h.waitFor<Extract<CallEvent, { type: 'connection.restored' }>>((e) => e.type === 'connection.restored');
    assert.equal(restored.attempts, 1);
    assert.ok(restored.downtimeMs >= 15, `waited for the backoff (${restored.downtimeMs} ms)`);
    assert.equal(h.adapter.isConnected(), true);
    assert.equal(h.server.upgrades, 2);
    h.server.send(findEvent('ari-11a-reconnect-replaced', (e) => e.type === 'PlaybackFinished'));
    await h.waitFor((e) => e.type === 'playback.finished');
  });

  it('keeps retrying through the boot window (503 not booted, HTML 404) and never gives up', async () => {
    h = await startHarness();
    h.server.refuseUpgradesWith = 503;
    h.server.dropSockets();
    await until(() => h.server.refusedUpgrades >= 3);
    assert.equal(h.adapter.isConnected(), false);
    assert.deepEqual(h.adapter.healthIndicator().check(), { ok: false, detail: 'ARI event socket is not connected' });
    h.server.refuseUpgradesWith = 404;
    const refused = h.server.refusedUpgrades;
    await until(() => h.server.refusedUpgrades >= refused + 3);
    h.server.refuseUpgradesWith = undefined;
    const restored = await h.waitFor<Extract<CallEvent, { type: 'connection.restored' }>>((e) => e.type === 'connection.restored');
    assert.ok(restored.attempts >= 7, `attempts ${restored.attempts}`);
    assert.deepEqual(h.adapter.healthIndicator().check(), { ok: true });
  });

  it('ApplicationReplaced → app.replaced, lets the socket go, takes the app back after the longest backoff', async () => {
    h = await startHarness();
    h.server.send(findEvent('ari-11a-reconnect-replaced', (e) => e.type === 'ApplicationReplaced'));
    await h.waitFor((e) => e.type === 'app.replaced');
    const lost = await h.waitFor<Extract<CallEvent, { type: 'connection.lost' }>>((e) => e.type === 'connection.lost');
    assert.equal(lost.reason, 'application replaced');
    await h.waitFor((e) => e.type === 'connection.restored');
    assert.equal(h.server.upgrades, 2);
    assert.deepEqual(
      h.events.map((e) => e.type),
      ['app.replaced', 'connection.lost', 'connection.restored'],
    );
    assert.ok(h.logger.find('error', /took over our Stasis application/));
  });

  it('after a reconnect: re-adopts the known channel, hangs up the stray, ends the vanished session', async () => {
    h = await startHarness({ connect: false });
    h.server.route('GET', '/applications/salehi', { status: 200, body: { name: 'salehi', channel_ids: ['cap-keep-1', 'cap-keep-1;2', 'stray-1'] } });
    h.server.route('GET', '/channels', { status: 200, body: [KEEP, KEEP_HALF, STRAY] });
    h.server.route('DELETE', /^\/channels\//, { status: 204 });
    const owned = ['cap-keep-1'];
    h.adapter.setChannelDirectory({ ownedChannelIds: () => owned });
    h.adapter.start();
    await h.adapter.whenConnected();
    await until(() => h.server.requests.some((r) => r.method === 'DELETE'));
    h.server.requests.length = 0;
    h.events.length = 0;
    owned.push('att-gone'); // a session whose channel will have ended while the link was down

    h.server.dropSockets();
    await h.waitFor((e) => e.type === 'connection.restored');
    const readopted = await h.waitFor((e) => e.type === 'call.readopted');
    assert.deepEqual({ ...readopted, at: 0 }, { type: 'call.readopted', at: 0, channelId: 'cap-keep-1', state: 'up', inApplication: true });
    await until(() => h.server.requests.some((r) => r.method === 'DELETE'));
    assert.deepEqual(
      h.server.requests.filter((r) => r.method === 'DELETE').map((r) => [r.path, r.query]),
      [['/channels/stray-1', { reason: 'normal' }]],
      'only the stray; never the known call or its ;2 half',
    );
    const vanished = h.events.filter((e) => e.type === 'call.ended');
    assert.deepEqual(vanished.map((e) => ({ ...e, at: 0 })), [{ type: 'call.ended', at: 0, channelId: 'att-gone', cause: 0, causeText: 'Unknown', vanished: true }]);
    // Control works again on the re-adopted channel (REST does not need the socket, events flow again).
    h.server.send(findEvent('ari-11a-reconnect-replaced', (e) => e.type === 'ChannelDestroyed' && (e.channel as { id: string }).id === 'cap-keep-1'));
    await h.waitFor((e) => e.type === 'call.ended' && e.channelId === 'cap-keep-1' && !e.vanished);
  });

  it('Asterisk restart: the channel ended before the drop is reported once, not again as vanished', async () => {
    h = await startHarness({ connect: false });
    h.server.route('GET', '/applications/salehi', { status: 200, body: { name: 'salehi', channel_ids: [] } });
    let owned = ['cap-restart-1'];
    h.adapter.setChannelDirectory({ ownedChannelIds: () => owned });
    h.adapter.start();
    await h.adapter.whenConnected();
    for (const e of capturedEvents('ari-11b-restart', 'W1')) h.server.send(e);
    await h.waitFor((e) => e.type === 'call.ended' && e.channelId === 'cap-restart-1');
    h.server.dropSockets();
    await h.waitFor((e) => e.type === 'connection.restored');
    await until(() => h.logger.records.filter((r) => /ARI reconcile done/.test(r.msg)).length >= 2);
    const ended = h.events.filter((e) => e.type === 'call.ended' && e.channelId === 'cap-restart-1');
    assert.equal(ended.length, 1, 'the real end (cause 0 at shutdown), once');
    assert.deepEqual(
      h.events.filter((e) => e.type === 'call.hangup-requested' && e.channelId === 'cap-restart-1').map((e) => ({ ...e, at: 0 })),
      [{ type: 'call.hangup-requested', at: 0, channelId: 'cap-restart-1', soft: true, softFlag: 4 }],
    );
    owned = [];
  });

  it('without a channel directory the reconcile is skipped (nothing is hung up)', async () => {
    h = await startHarness();
    h.server.dropSockets();
    await h.waitFor((e) => e.type === 'connection.restored');
    await until(() => h.logger.find('debug', /reconcile skipped/) !== undefined);
    assert.deepEqual(h.server.requests, []);
  });
});
