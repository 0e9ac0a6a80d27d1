import 'reflect-metadata';
import assert from 'node:assert/strict';
import { customerBehaviours, operatorBehaviours, SPOKEN } from '../../../engine/src/simulator/core/customer-script';
import type { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import { CaptureLogger } from '../../fakes/capture-logger';
import { connectAri, LINE, startPbx, TRUNK, type AriLink } from './support/pbx-harness';

const CUSTOMER = '09121234567';
const OPERATOR = '09120000001';

/** Reads a PCM WAV header: format, rate, and the length the data chunk holds. */
function wavFacts(data: Buffer): { riff: string; wave: string; channels: number; sampleRate: number; bits: number; durationSec: number } {
  const byteRate = data.readUInt32LE(28);
  let offset = 12;
  let dataBytes = 0;
  while (offset + 8 <= data.length) {
    const id = data.toString('ascii', offset, offset + 4);
    const size = data.readUInt32LE(offset + 4);
    if (id === 'data') dataBytes = size;
    offset += 8 + size;
  }
  return {
    riff: data.toString('ascii', 0, 4),
    wave: data.toString('ascii', 8, 12),
    channels: data.readUInt16LE(22),
    sampleRate: data.readUInt32LE(24),
    bits: data.readUInt16LE(34),
    durationSec: dataBytes / byteRate,
  };
}

describe('PBX simulator: an outbound call through the engine ARI adapter', function () {
  this.timeout(20_000);
  let sim: PbxSimulator;
  let ari: AriLink;

  beforeEach(async () => {
    sim = await startPbx({ media: { durations: { 'custom/hello': 3 } } });
    sim.script(CUSTOMER, customerBehaviours.saysYes({ ringSeconds: 2 })).script(OPERATOR, operatorBehaviours.answers(1));
    ari = await connectAri(sim, new CaptureLogger());
  });

  afterEach(async () => {
    await ari.adapter.stop();
    await sim.stop();
  });

  it('originate → entered → play → record → WAV → operator bridged → hangup → ended, with exactly these ARI requests', async () => {
    sim.requests.clear();
    const t = ari.adapter;
    const originated = await t.originate({ channelId: 'c-1', endpoint: `PJSIP/${CUSTOMER}@${TRUNK}`, callerId: LINE, timeoutSec: 30, appArgs: ['outbound', 'c-1'], variables: { SALEHI_CALL_ID: 'c-1' } });
    assert.equal(originated.state, 'down');
    const entered = await ari.waitFor('call.entered', 'c-1');
    assert.deepEqual([entered.args, entered.state, entered.channel.callerNumber], [['outbound', 'c-1'], 'up', LINE]);
    assert.equal(await t.getVariable('c-1', 'SALEHI_CALL_ID'), 'c-1');

    await t.play('c-1', { media: 'sound:custom/hello', playbackId: 'pb-1' });
    const played = await ari.waitFor('playback.finished', 'c-1');
    assert.equal(played.playbackId, 'pb-1');

    await t.record('c-1', { name: 'c-1-reply', format: 'wav', maxDurationSec: 10, maxSilenceSec: 2 });
    const recorded = await ari.waitFor('recording.finished', 'c-1');
    assert.equal(recorded.canceled, false);
    const file = await t.fetchRecording('c-1-reply');
    const wav = wavFacts(file.data);
    const spoken = sim.world.spokenText.get('c-1-reply');
    assert.equal(spoken?.text, SPOKEN.yes, 'the recording holds what the scripted customer said');
    assert.deepEqual([file.contentType, wav.riff, wav.wave, wav.channels, wav.sampleRate, wav.bits], ['audio/wav', 'RIFF', 'WAVE', 1, 8000, 16]);
    assert.ok(Math.abs(wav.durationSec - (spoken?.durationSec ?? 0)) < 0.01, `WAV lasts ${wav.durationSec}s, speech ${spoken?.durationSec}s`);
    assert.equal(recorded.durationSec, Math.round(wav.durationSec));

    await t.originate({ channelId: 'op-1', endpoint: `PJSIP/${OPERATOR}@${TRUNK}`, callerId: LINE, timeoutSec: 30, appArgs: ['operator', 'c-1'] });
    await ari.waitFor('call.entered', 'op-1');
    await t.createBridge({ bridgeId: 'br-1', type: 'mixing' });
    await t.addToBridge('br-1', ['c-1', 'op-1']);
    assert.deepEqual(sim.world.bridges.get('br-1')?.channelIds, ['c-1', 'op-1']);

    assert.equal(await t.hangup('c-1'), true);
    const ended = await ari.waitFor('call.ended', 'c-1');
    assert.deepEqual([ended.cause, ended.vanished], [16, false]);
    await t.hangup('op-1');
    await ari.waitFor('call.ended', 'op-1');
    await t.destroyBridge('br-1');

    assert.deepEqual(sim.ariRequests().map((r) => `${r.method} ${r.path} ${r.status}`), [
      'POST /channels 200',
      'GET /channels/c-1/variable 200',
      'POST /channels/c-1/play 201',
      'POST /channels/c-1/record 201',
      'GET /recordings/stored/c-1-reply/file 200',
      'POST /channels 200',
      'POST /bridges 200',
      'POST /bridges/br-1/addChannel 204',
      'DELETE /channels/c-1 204',
      'DELETE /channels/op-1 204',
      'DELETE /bridges/br-1 204',
    ]);
    const first = sim.ariRequests()[0];
    assert.deepEqual(
      { ...first?.params, variables: first?.variables },
      { endpoint: `PJSIP/${CUSTOMER}@${TRUNK}`, app: 'salehi', appArgs: 'outbound,c-1', callerId: LINE, timeout: '30', channelId: 'c-1', variables: { SALEHI_CALL_ID: 'c-1' } },
    );
    assert.deepEqual(sim.world.channels.list(), [], 'nothing left on the PBX');
  });

  it('a busy customer: dial.progressed busy and call.ended 17/486, no call.entered', async () => {
    sim.script('09350000000', customerBehaviours.busy(1));
    await ari.adapter.originate({ channelId: 'c-busy', endpoint: `PJSIP/09350000000@${TRUNK}`, timeoutSec: 30, appArgs: ['outbound', 'c-busy'] });
    const ended = await ari.waitFor('call.ended', 'c-busy');
    assert.deepEqual([ended.cause, ended.techCause], [17, 486]);
    const dials = ari.events.items.filter((e) => e.type === 'dial.progressed' && e.channelId === 'c-busy').map((e) => (e.type === 'dial.progressed' ? e.status : ''));
    assert.deepEqual(dials, ['dialing', 'ringing', 'busy']);
    assert.equal(ari.events.items.some((e) => e.type === 'call.entered' && e.channelId === 'c-busy'), false);
  });
});
