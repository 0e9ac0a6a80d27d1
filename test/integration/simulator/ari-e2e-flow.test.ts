import 'reflect-metadata';
import assert from 'node:assert/strict';
import { AriSimulator } from '../../../engine/src/simulator/ari/ari-simulator';
import { customerBehaviours, operatorBehaviours, SPOKEN } from '../../../engine/src/simulator/core/customer-script';
import { readWavInfo } from '../../../engine/src/simulator/core/wav-audio';
import { ariClient } from './support/ari-http';
import { EventSocket } from './support/event-socket';

const USER = { username: 'salehi', password: 's3cret' };
const TRUNK = 'TO-CUCM-Gaptel';

/** One outbound call through real HTTP and WebSocket, as the engine will drive it. */
describe('simulator ARI end to end over HTTP and WebSocket', function () {
  this.timeout(20_000);
  let sim: AriSimulator;
  let events: EventSocket;
  let ari: ReturnType<typeof ariClient>;

  before(async () => {
    sim = await AriSimulator.start({ speed: 0.01, users: [USER], media: { durations: { 'custom/offer': 4 } } });
    sim.script('09121234567', customerBehaviours.saysYes({ ringSeconds: 2 })).script('200', operatorBehaviours.answers(1));
    ari = ariClient(sim.url, USER.username, USER.password);
    events = await EventSocket.open(sim.port, 'app=engine&api_key=salehi:s3cret');
  });

  after(async () => {
    events.close();
    await sim.stop();
  });

  it('originate → StasisStart → play → record → WAV → bridge with an operator → hangup → ChannelDestroyed', async () => {
    const originate = await ari('POST', `/channels?endpoint=${encodeURIComponent(`PJSIP/09121234567@${TRUNK}`)}&app=engine&appArgs=outbound,att-1&callerId=${encodeURIComponent('"Acme" <4055550100>')}&channelId=att-1&timeout=30`, {
      variables: { ENGINE_ATTEMPT: 'att-1' },
    });
    assert.equal(originate.status, 200);
    assert.deepEqual((originate.json as { state: string }).state, 'Down');
    const start = await events.waitForType('StasisStart', 'att-1');
    assert.deepEqual(start['args'], ['outbound', 'att-1']);
    assert.deepEqual((await ari('GET', '/channels/att-1/variable?variable=ENGINE_ATTEMPT')).json, { value: 'att-1' });

    const play = await ari('POST', '/channels/att-1/play?media=sound:custom/offer&playbackId=pb-1');
    assert.equal(play.status, 201);
    assert.equal(play.headers.get('location'), '/ari/playbacks/pb-1');
    const finished = await events.waitForType('PlaybackFinished', 'pb-1');
    assert.equal((finished['playback'] as { state: string }).state, 'done');

    const record = await ari('POST', '/channels/att-1/record?name=att-1-answer&format=wav&maxDurationSeconds=20&maxSilenceSeconds=2&ifExists=overwrite');
    assert.equal(record.status, 201);
    assert.equal(record.headers.get('location'), '/ari/recordings/live/att-1-answer');
    const recorded = (await events.waitForType('RecordingFinished', 'att-1-answer'))['recording'] as { state: string; duration: number };
    assert.equal(recorded.state, 'done');
    const file = await ari('GET', '/recordings/stored/att-1-answer/file');
    assert.equal(file.status, 200);
    assert.equal(file.headers.get('content-type'), 'audio/wav');
    const info = readWavInfo(file.bytes);
    const spoken = sim.world.spokenText.get('att-1-answer');
    assert.equal(spoken?.text, SPOKEN.yes);
    assert.equal(info?.sampleRate, 8000);
    assert.equal(info?.bitsPerSample, 16);
    assert.equal(file.bytes.length, 44 + Math.round((spoken?.durationSec ?? 0) * 8000) * 2);
    assert.equal(recorded.duration, Math.round(spoken?.durationSec ?? 0));

    assert.equal((await ari('POST', `/channels/op-1?endpoint=${encodeURIComponent(`PJSIP/200@${TRUNK}`)}&app=engine&appArgs=operator`)).status, 200);
    await events.waitForType('StasisStart', 'op-1');
    assert.equal((await ari('POST', '/bridges?type=mixing&bridgeId=br-1')).status, 200);
    assert.equal((await ari('POST', '/bridges/br-1/addChannel?channel=att-1,op-1')).status, 204);
    await events.waitFor((f) => f['type'] === 'ChannelEnteredBridge' && (f['channel'] as { id: string }).id === 'op-1');

    assert.equal((await ari('DELETE', '/channels/att-1')).status, 204);
    const destroyed = await events.waitForType('ChannelDestroyed', 'att-1');
    assert.equal(destroyed['cause'], 16);
    assert.equal((await ari('DELETE', '/channels/op-1?reason=normal')).status, 204);
    assert.equal((await ari('DELETE', '/bridges/br-1')).status, 204);
    await events.waitForType('BridgeDestroyed', 'br-1');

    const customer = events.frames
      .filter((f) => JSON.stringify(f['channel'] ?? f['peer'] ?? {}).includes('"att-1"') || JSON.stringify(f['playback'] ?? f['recording'] ?? {}).includes('att-1'))
      .map((f) => String(f['type']))
      .filter((t) => t !== 'ChannelVarset');
    assert.deepEqual(customer, [
      'Dial', 'ChannelStateChange', 'Dial', 'ChannelStateChange', 'Dial', 'StasisStart',
      'PlaybackStarted', 'PlaybackFinished', 'RecordingStarted', 'RecordingFinished',
      'ChannelEnteredBridge', 'ChannelConnectedLine', 'ChannelHangupRequest', 'ChannelLeftBridge', 'StasisEnd', 'ChannelDestroyed',
    ]);
    assert.deepEqual((await ari('GET', '/channels')).json, []);
  });

  it('controls playbacks and recordings over REST, and answers the system resources', async () => {
    sim.script('0935', customerBehaviours.staysSilent({ ringSeconds: 0 }));
    await ari('POST', `/channels?endpoint=${encodeURIComponent(`PJSIP/0935@${TRUNK}`)}&app=engine&channelId=c-2`);
    await events.waitForType('StasisStart', 'c-2');
    assert.equal((await ari('POST', '/channels/c-2/play/pb-2?media=sound:silence/10')).status, 201);
    await events.waitForType('PlaybackStarted', 'pb-2');
    assert.equal((await ari('POST', '/playbacks/pb-2/control?operation=pause')).status, 204);
    assert.deepEqual(((await ari('GET', '/playbacks/pb-2')).json as { state: string }).state, 'paused');
    assert.deepEqual((await ari('POST', '/playbacks/pb-2/control?operation=bogus')).json, { message: 'Invalid operation parameter' });
    assert.equal((await ari('DELETE', '/playbacks/pb-2')).status, 204);
    await events.waitForType('PlaybackFinished', 'pb-2');

    assert.equal((await ari('POST', '/channels/c-2/record?name=open-ended&format=wav')).status, 201);
    await events.waitForType('RecordingStarted', 'open-ended');
    assert.deepEqual(((await ari('GET', '/recordings/live/open-ended')).json as { state: string }).state, 'recording');
    assert.equal((await ari('POST', '/recordings/live/open-ended/stop')).status, 204);
    await events.waitForType('RecordingFinished', 'open-ended');
    assert.deepEqual((await ari('GET', '/recordings/stored/open-ended')).json, { name: 'open-ended', format: 'wav' });
    assert.equal((await ari('DELETE', '/recordings/stored/open-ended')).status, 204);
    assert.equal((await ari('GET', '/recordings/stored/open-ended')).status, 404);
    assert.equal((await ari('POST', '/channels/c-2/record?name=dropped&format=wav')).status, 201);
    await events.waitForType('RecordingStarted', 'dropped');
    assert.equal((await ari('DELETE', '/recordings/live/dropped')).status, 204);
    const canceled = await events.waitForType('RecordingFinished', 'dropped');
    assert.equal((canceled['recording'] as { state: string }).state, 'canceled');

    assert.deepEqual((await ari('GET', '/endpoints')).json, [{ technology: 'PJSIP', resource: TRUNK, state: 'online', channel_ids: ['c-2'] }]);
    assert.deepEqual(((await ari('GET', '/applications/engine')).json as { channel_ids: string[] }).channel_ids, ['c-2']);
    const info = (await ari('GET', '/asterisk/info?only=system')).json as Record<string, unknown>;
    assert.deepEqual(Object.keys(info), ['system']);
    assert.equal((await ari('POST', '/channels/c-2/hold')).status, 204);
    await events.waitForType('ChannelHold', 'c-2');
    assert.equal((await ari('DELETE', '/channels/c-2?reason=nosuchreason')).status, 400);
    assert.equal((await ari('DELETE', '/channels/c-2?reason_code=21')).status, 204);
    assert.equal((await events.waitForType('ChannelDestroyed', 'c-2'))['cause'], 21);
  });
});
