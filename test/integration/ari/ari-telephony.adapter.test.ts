import 'reflect-metadata';
import assert from 'node:assert/strict';
import { CallGoneError, isEngineError } from '../../../engine/src/errors';
import type { CallEvent } from '../../../engine/src/ports/call-event';
import { capturedEvents, capturedResponse, loadCapture, type AriJson } from '../../fixtures/ari-events/ari-fixtures';
import { startHarness, until, type Harness } from './support/adapter-harness';
import type { RestReply } from './support/ari-test-server';

/** A captured HTTP answer, replayed as the test server's reply. */
function replay(capture: Parameters<typeof capturedResponse>[0], requestStart: string, occurrence = 0): RestReply {
  const res = capturedResponse(capture, requestStart, occurrence);
  return { status: res.status ?? 500, statusText: res.reason, ...(res.body === undefined ? {} : { body: res.body }) };
}

const rejectsWith = (code: string) => (err: unknown) => isEngineError(err) && err.code === code;

describe('AriTelephonyAdapter (integration, test ARI server)', () => {
  let h: Harness;

  beforeEach(async () => {
    h = await startHarness({ requestTimeoutSec: 0.3 });
  });

  afterEach(async () => {
    await h.stop();
  });

  describe('originate with a pre-assigned channel id', () => {
    it('delivers the channel events that arrive BEFORE the HTTP 200, then resolves', async () => {
      // Captured run where Dial, Up and StasisStart all beat the 200 (ari-08b part 4).
      const frames = loadCapture('ari-08b-hangup-sources').frames;
      const reqAt = frames.findIndex((f) => f.kind === 'http-request' && f.target?.includes('channelId=cap-h-4'));
      const resAt = frames.findIndex((f, i) => i > reqAt && f.kind === 'http-response');
      const early = frames.slice(reqAt, resAt).filter((f) => f.kind === 'ws').map((f) => f.event as AriJson);
      assert.ok(early.some((e) => e.type === 'StasisStart'), 'the capture has StasisStart before the 200');
      let resolved = false;
      let resolvedBeforeReply: boolean | undefined;
      h.server.route('POST', '/channels', async () => {
        for (const e of early) h.server.send(e);
        await h.waitFor((e) => e.type === 'call.entered' && e.channelId === 'cap-h-4');
        resolvedBeforeReply = resolved;
        return replay('ari-08b-hangup-sources', 'POST /ari/channels?endpoint=Local%2F60%40caller-sim&app=salehi&channelId=cap-h-4');
      });

      const channel = await h.adapter.originate({ channelId: 'cap-h-4', endpoint: 'Local/60@caller-sim' });
      resolved = true;

      assert.equal(resolvedBeforeReply, false, 'all early events were delivered while originate was still pending');
      assert.deepEqual(channel, { channelId: 'cap-h-4', name: 'Local/60@caller-sim-00000012;1', state: 'down' });
      const mine = h.events.filter((e) => 'channelId' in e && e.channelId === 'cap-h-4').map((e) => e.type);
      assert.deepEqual(mine, ['dial.progressed', 'call.answered', 'dial.progressed', 'variable.set', 'call.entered']);
    });

    it('sends the id, our app, the args, caller id, timeout and variables', async () => {
      h.server.route('POST', '/channels', replay('ari-08-stasis-e2e', 'POST /ari/channels?endpoint=Local%2F100'));
      await h.adapter.originate({
        channelId: 'cap-cust-1',
        otherChannelId: 'cap-cust-1-2',
        endpoint: 'Local/100@customer-sim',
        appArgs: ['outbound', 'att-1'],
        callerId: '"Acme" <4055550100>',
        timeoutSec: 30,
        variables: { ENGINE_ATTEMPT: 'att-1' },
      });
      const req = h.server.requests.find((r) => r.path === '/channels');
      assert.deepEqual(req?.query, {
        endpoint: 'Local/100@customer-sim',
        app: 'salehi',
        appArgs: 'outbound,att-1',
        callerId: '"Acme" <4055550100>',
        timeout: '30',
        channelId: 'cap-cust-1',
        otherChannelId: 'cap-cust-1-2',
      });
      assert.deepEqual(req?.body, { variables: { ENGINE_ATTEMPT: 'att-1' } });
    });

    it('500 Allocation failed (unknown endpoint) → CE_TELEPHONY_ORIGINATE_FAILED', async () => {
      h.server.route('POST', '/channels', replay('ari-09-originate-pjsip-unknown-endpoint', 'POST /ari/channels'));
      await assert.rejects(h.adapter.originate({ channelId: 'cap-x', endpoint: 'PJSIP/100@nosuchtrunk' }), rejectsWith('CE_TELEPHONY_ORIGINATE_FAILED'));
    });

    it('409 duplicate channel id → CE_TELEPHONY_REQUEST_FAILED with status 409', async () => {
      h.server.route('POST', '/channels', replay('ari-10-rest-errors', 'POST /ari/channels?endpoint=PJSIP%2F200%40failtrunk&app=salehi&channelId=cap-e-1', 1));
      await assert.rejects(h.adapter.originate({ channelId: 'cap-e-1', endpoint: 'PJSIP/200@failtrunk' }), (err: unknown) => {
        return isEngineError(err, 'CE_TELEPHONY_REQUEST_FAILED') && (err.details as { status: number }).status === 409;
      });
    });

    it('is refused while the event link is down (Asterisk would drop the answered call)', async () => {
      await h.adapter.stop();
      await assert.rejects(h.adapter.originate({ channelId: 'c', endpoint: 'PJSIP/1@t' }), rejectsWith('CE_TELEPHONY_NOT_CONNECTED'));
      assert.equal(h.server.requests.length, 0, 'nothing was sent');
    });
  });

  describe('REST errors and timeouts', () => {
    it('a request Asterisk never answers rejects with CE_TELEPHONY_TIMEOUT', async () => {
      h.server.route('POST', /\/answer$/, () => 'hang');
      await assert.rejects(h.adapter.answer('cap-slow'), rejectsWith('CE_TELEPHONY_TIMEOUT'));
    });

    it('play on a channel that hung up → CallGoneError, quietly (nothing logged above debug)', async () => {
      h.server.route('POST', '/channels/cap-e-1/play', replay('ari-10-rest-errors', 'POST /ari/channels/cap-e-1/play'));
      await assert.rejects(h.adapter.play('cap-e-1', { media: 'sound:custom/hello' }), (err: unknown) => err instanceof CallGoneError);
      assert.deepEqual(h.logger.records.filter((r) => r.level === 'warn' || r.level === 'error'), []);
    });

    it('answer on a channel no longer in our app (409) → CallGoneError', async () => {
      h.server.route('POST', '/channels/cap-e-2/answer', replay('ari-10-rest-errors', 'POST /ari/channels/cap-e-2/answer'));
      await assert.rejects(h.adapter.answer('cap-e-2'), (err: unknown) => err instanceof CallGoneError);
    });

    it('hangup of a channel already gone resolves false, never throws', async () => {
      h.server.route('DELETE', '/channels/cap-e-1', replay('ari-10-rest-errors', 'DELETE /ari/channels/cap-e-1', 1));
      assert.equal(await h.adapter.hangup('cap-e-1'), false);
      h.server.route('DELETE', '/channels/live', { status: 204 });
      assert.equal(await h.adapter.hangup('live', 'busy'), true);
      assert.deepEqual(h.server.requests.at(-1)?.query, { reason: 'busy' });
    });

    it('bridge membership: missing channel (400) and not in Stasis (422) are CallGone, missing bridge is NOT_FOUND', async () => {
      h.server.route('POST', '/bridges/cap-e-br/addChannel', (req) =>
        req.query.channel === 'nosuch-channel'
          ? replay('ari-10-rest-errors', 'POST /ari/bridges/cap-e-br/addChannel?channel=nosuch')
          : replay('ari-10-rest-errors', 'POST /ari/bridges/cap-e-br/addChannel?channel=cap-e-2'),
      );
      h.server.route('POST', '/bridges/nosuch-bridge/addChannel', replay('ari-10-rest-errors', 'POST /ari/bridges/nosuch-bridge/addChannel'));
      await assert.rejects(h.adapter.addToBridge('cap-e-br', ['nosuch-channel']), (err: unknown) => err instanceof CallGoneError);
      await assert.rejects(h.adapter.addToBridge('cap-e-br', ['cap-e-2']), (err: unknown) => err instanceof CallGoneError);
      await assert.rejects(h.adapter.addToBridge('nosuch-bridge', ['cap-e-2']), rejectsWith('CE_TELEPHONY_NOT_FOUND'));
    });

    it('getVariable: 404 on a live channel is "unset"; 404 on a gone channel is CallGone', async () => {
      h.server.route('GET', '/channels/cap-e-2/variable', (req) =>
        req.query.variable === 'CHANNEL(state)'
          ? replay('ari-10-rest-errors', 'GET /ari/channels/cap-e-2/variable?variable=CHANNEL')
          : replay('ari-10-rest-errors', 'GET /ari/channels/cap-e-2/variable?variable=NOSUCHVAR'),
      );
      h.server.route('GET', '/channels/cap-e-2', { status: 200, body: { id: 'cap-e-2', state: 'Up' } });
      assert.equal(await h.adapter.getVariable('cap-e-2', 'CHANNEL(state)'), 'Up');
      assert.equal(await h.adapter.getVariable('cap-e-2', 'NOSUCHVAR'), undefined);
      h.server.route('GET', /^\/channels\/gone(\/variable)?$/, { status: 404, body: { message: 'Channel not found' } });
      await assert.rejects(h.adapter.getVariable('gone', 'X'), (err: unknown) => err instanceof CallGoneError);
    });

    it('record 409: "recording exists" on a live channel is a failure, on a gone channel CallGone', async () => {
      h.server.route('POST', /\/record$/, replay('ari-10-rest-errors', 'POST /ari/channels/cap-e-1/record?name=cap-rec-1'));
      h.server.route('GET', '/channels/live-1', { status: 200, body: { id: 'live-1', dialplan: { app_name: 'Stasis', app_data: 'salehi,inbound' } } });
      h.server.route('GET', '/channels/gone-1', { status: 404, body: { message: 'Channel not found' } });
      await assert.rejects(h.adapter.record('live-1', { name: 'cap-rec-1', ifExists: 'fail' }), rejectsWith('CE_TELEPHONY_REQUEST_FAILED'));
      await assert.rejects(h.adapter.record('gone-1', { name: 'cap-rec-1', ifExists: 'fail' }), (err: unknown) => err instanceof CallGoneError);
    });

    it('teardown of finished media resolves (404 playback / live recording / bridge)', async () => {
      const notFound = replay('ari-10-rest-errors', 'DELETE /ari/playbacks/nosuch');
      h.server.route('DELETE', /^\/playbacks\//, notFound);
      h.server.route('POST', /^\/recordings\/live\/.*\/stop$/, notFound);
      h.server.route('DELETE', /^\/bridges\//, replay('ari-10-rest-errors', 'DELETE /ari/bridges/cap-e-br', 1));
      await h.adapter.stopPlayback('pb-1');
      await h.adapter.stopRecording('rec-1');
      await h.adapter.destroyBridge('cap-e-br');
      assert.equal(h.server.requests.length, 3);
    });
  });

  describe('media and bridges', () => {
    it('play pre-assigns the playback id and sends the media list', async () => {
      h.server.route('POST', '/channels/cap-cust-1/play', replay('ari-08-stasis-e2e', 'POST /ari/channels/cap-cust-1/play'));
      const handle = await h.adapter.play('cap-cust-1', { media: ['sound:custom/hello', 'sound:custom/yes'], playbackId: 'cap-pb-1' });
      assert.deepEqual(handle, { playbackId: 'cap-pb-1', channelId: 'cap-cust-1' });
      assert.deepEqual(h.server.requests[0].query, { media: 'sound:custom/hello,sound:custom/yes', playbackId: 'cap-pb-1' });
      const auto = await h.adapter.play('cap-cust-1', { media: 'sound:custom/hello' });
      assert.match(auto.playbackId, /^[0-9a-f-]{36}$/);
    });

    it('record asks for a wav with limits and resolves with the handle', async () => {
      h.server.route('POST', '/channels/cap-cust-1/record', replay('ari-08-stasis-e2e', 'POST /ari/channels/cap-cust-1/record'));
      const rec = await h.adapter.record('cap-cust-1', { name: 'cap-rec-1', maxDurationSec: 10, maxSilenceSec: 2 });
      assert.deepEqual(rec, { name: 'cap-rec-1', format: 'wav', channelId: 'cap-cust-1' });
      assert.deepEqual(h.server.requests[0].query, {
        name: 'cap-rec-1',
        format: 'wav',
        maxDurationSeconds: '10',
        maxSilenceSeconds: '2',
        ifExists: 'overwrite',
        beep: 'false',
        terminateOn: 'none',
      });
    });

    it('fetchRecording returns the bytes and the content type', async () => {
      const wav = Buffer.from('52494646e4e4000057415645', 'hex');
      h.server.route('GET', '/recordings/stored/cap-rec-1/file', { status: 200, body: wav, contentType: 'audio/wav' });
      const file = await h.adapter.fetchRecording('cap-rec-1');
      assert.equal(file.contentType, 'audio/wav');
      assert.deepEqual(file.data, wav);
      h.server.route('GET', '/recordings/stored/nosuch-recording/file', replay('ari-10-rest-errors', 'GET /ari/recordings/stored/nosuch-recording/file'));
      await assert.rejects(h.adapter.fetchRecording('nosuch-recording'), rejectsWith('CE_TELEPHONY_NOT_FOUND'));
    });

    it('creates a bridge, adds both legs, continues a channel in the dialplan', async () => {
      h.server.route('POST', '/bridges', replay('ari-08-stasis-e2e', 'POST /ari/bridges?type=mixing'));
      h.server.route('POST', '/bridges/cap-br-1/addChannel', replay('ari-08-stasis-e2e', 'POST /ari/bridges/cap-br-1/addChannel'));
      h.server.route('POST', '/channels/cap-h-4/continue', replay('ari-08b-hangup-sources', 'POST /ari/channels/cap-h-4/continue'));
      assert.deepEqual(await h.adapter.createBridge({ bridgeId: 'cap-br-1', name: 'cap-bridge' }), { bridgeId: 'cap-br-1' });
      await h.adapter.addToBridge('cap-br-1', ['cap-cust-1', 'cap-op-1']);
      await h.adapter.continueInDialplan('cap-h-4', { context: 'cap-park', extension: 's' });
      assert.deepEqual(
        h.server.requests.map((r) => [r.path, r.query]),
        [
          ['/bridges', { type: 'mixing', bridgeId: 'cap-br-1', name: 'cap-bridge' }],
          ['/bridges/cap-br-1/addChannel', { channel: 'cap-cust-1,cap-op-1' }],
          ['/channels/cap-h-4/continue', { context: 'cap-park', extension: 's', priority: '1' }],
        ],
      );
    });

    it('refuses arguments ARI would misread, without sending anything', async () => {
      await assert.rejects(h.adapter.play('c1', { media: [] }), rejectsWith('CE_TELEPHONY_INVALID_REQUEST'));
      await assert.rejects(h.adapter.addToBridge('b', ['a,b']), rejectsWith('CE_TELEPHONY_INVALID_REQUEST'));
      await assert.rejects(h.adapter.originate({ channelId: 'x', endpoint: 'PJSIP/1@t', appArgs: ['a,b'] }), rejectsWith('CE_TELEPHONY_INVALID_REQUEST'));
      assert.equal(h.server.requests.length, 0);
    });
  });

  describe('event stream', () => {
    it('replays the whole captured end-to-end call as domain events', async () => {
      for (const e of capturedEvents('ari-08-stasis-e2e')) h.server.send(e);
      await h.waitFor((e) => e.type === 'bridge.destroyed');
      const customer = h.events
        .filter((e) => e.type !== 'variable.set' && 'channelId' in e && e.channelId === 'cap-cust-1')
        .map((e) => e.type);
      assert.deepEqual(customer, [
        'dial.progressed',
        'call.answered',
        'dial.progressed',
        'call.entered',
        'playback.started',
        'playback.finished',
        'recording.started',
        'recording.finished',
        'bridge.joined',
        'call.hangup-requested',
        'bridge.left',
        'call.left',
        'call.ended',
      ]);
    });

    it('drops duplicates: RecordingFinished and ChannelDestroyed sent twice arrive once', async () => {
      const finished = capturedEvents('ari-08-stasis-e2e').find((e) => e.type === 'RecordingFinished');
      const destroyed = capturedEvents('ari-09-originate-pjsip-486').find((e) => e.type === 'ChannelDestroyed');
      for (const e of [finished, finished, destroyed, destroyed]) h.server.send(e);
      h.server.send({ type: 'StasisEnd', timestamp: '2026-11-22T04:06:53.026+0000', channel: { id: 'marker' } });
      await h.waitFor((e) => e.type === 'call.left' && e.channelId === 'marker');
      assert.equal(h.events.filter((e) => e.type === 'recording.finished').length, 1);
      assert.equal(h.events.filter((e) => e.type === 'call.ended').length, 1);
    });

    it('ignores unknown event types (debug log only) and survives malformed frames', async () => {
      h.server.send('{not json');
      h.server.send('[1,2,3]');
      h.server.send({ type: 'BrandNewAsterisk23Event', channel: { id: 'x' } });
      h.server.send({ type: 'StasisStart', channel: 'not an object' });
      h.server.send(capturedEvents('ari-08-stasis-e2e').find((e) => e.type === 'StasisStart'));
      const entered = await h.waitFor<Extract<CallEvent, { type: 'call.entered' }>>((e) => e.type === 'call.entered');
      assert.equal(entered.channelId, 'cap-cust-1');
      assert.equal(h.events.length, 1, 'only the valid event came through');
      assert.ok(h.logger.find('debug', /unknown ARI event type/));
      assert.equal(h.adapter.isConnected(), true);
    });

    it('an event listener that throws does not break the stream', async () => {
      h.adapter.onEvent(() => {
        throw new Error('consumer bug');
      });
      for (const e of capturedEvents('ari-09-originate-pjsip-486')) h.server.send(e);
      await h.waitFor((e) => e.type === 'call.ended');
      assert.equal(h.events.length, 4);
      await until(() => h.adapter.isConnected());
    });
  });
});
