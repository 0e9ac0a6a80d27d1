import assert from 'node:assert/strict';
import { customerBehaviours, SPOKEN } from '../../../../../engine/src/simulator/core/customer-script';
import { planRecording } from '../../../../../engine/src/simulator/core/recording-plan';
import type { RecordOptions } from '../../../../../engine/src/simulator/core/recording-manager';
import { readWavInfo } from '../../../../../engine/src/simulator/core/wav-audio';
import { speechDurationSec } from '../../../../../engine/src/simulator/core/speech-audio';
import type { RecordingSnapshot } from '../../../../../engine/src/simulator/core/world-model';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

const ID = 'c-1';
const base: RecordOptions = { name: 'r', format: 'wav', maxDurationSeconds: 0, maxSilenceSeconds: 0, ifExists: 'overwrite' };

function recordingEvents(h: Harness): RecordingSnapshot[] {
  return h.events.flatMap((e) => ('recording' in e ? [e.recording] : []));
}

describe('simulated recordings', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness();
    h.world.directory.set('0912', customerBehaviours.saysNo({ ringSeconds: 0, speechDelaySeconds: 1 }));
    h.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, timeoutSec: 30, channelId: ID });
    h.clock.tick(10);
  });

  afterEach(() => h.dispose());

  function record(options: Partial<RecordOptions> = {}): void {
    const channel = h.world.channels.find(ID);
    assert.ok(channel);
    const result = h.world.recordings.record(channel, { ...base, ...options });
    assert.equal(result.ok, true, JSON.stringify(result));
  }

  it('plans when a recording stops: silence detection from the start, after the speech, capped by max duration', () => {
    assert.deepEqual(planRecording('', 0.5, { maxDurationSeconds: 0, maxSilenceSeconds: 3 }), { text: '', endSec: 3 });
    const talk = speechDurationSec(SPOKEN.no);
    assert.equal(planRecording(SPOKEN.no, 0.5, { maxDurationSeconds: 0, maxSilenceSeconds: 2 }).endSec, 0.5 + talk + 2);
    assert.equal(planRecording(SPOKEN.no, 0.5, { maxDurationSeconds: 2, maxSilenceSeconds: 2 }).endSec, 2);
    assert.equal(planRecording(SPOKEN.no, 5, { maxDurationSeconds: 0, maxSilenceSeconds: 2 }).endSec, 2, 'silent too long before speaking');
    assert.equal(planRecording('', 0.5, { maxDurationSeconds: 0, maxSilenceSeconds: 0 }).endSec, undefined);
  });

  it('records the maximum duration: queued, recording, done with duration, and a WAV of that length', () => {
    record({ maxDurationSeconds: 3 });
    h.clock.tick(3001);
    assert.deepEqual(recordingEvents(h).map((r) => `${r.state}:${r.duration ?? '-'}`), ['recording:-', 'done:3']);
    const info = readWavInfo(h.world.store.read('r')?.data ?? Buffer.alloc(0));
    assert.equal(info?.durationSec, 3);
    assert.equal(info?.sampleRate, 8000);
    assert.deepEqual(h.world.spokenText.get('r')?.text, SPOKEN.no);
    assert.equal(h.world.spokenText.get('/var/spool/asterisk/recording/r.wav')?.recordingName, 'r');
  });

  it('with silence detection reports talking and silence durations', () => {
    record({ maxSilenceSeconds: 2, maxDurationSeconds: 30 });
    h.clock.tick(30_000);
    const done = recordingEvents(h).at(-1);
    const talk = Math.round(speechDurationSec(SPOKEN.no));
    assert.equal(done?.talkingDuration, talk);
    assert.equal(done?.silenceDuration, (done?.duration ?? 0) - talk);
  });

  it('stop keeps what was recorded so far; cancel discards it', () => {
    record({ name: 'kept' });
    h.clock.tick(1500);
    assert.equal(h.world.recordings.stop('kept').ok, true);
    assert.equal(readWavInfo(h.world.store.read('kept')?.data ?? Buffer.alloc(0))?.durationSec, 1.5);
    record({ name: 'dropped' });
    h.clock.tick(1500);
    assert.equal(h.world.recordings.cancel('dropped').ok, true);
    assert.equal(h.world.store.find('dropped'), undefined);
    assert.deepEqual(recordingEvents(h).at(-1)?.state, 'canceled');
    assert.deepEqual(h.world.recordings.stop('dropped'), { ok: false, rejection: { kind: 'recording-not-found' } });
  });

  it('refuses an existing name with ifExists=fail, an unknown format and an invalid name', () => {
    h.world.store.write('old', 'wav', new Int16Array(10));
    const channel = h.world.channels.find(ID);
    assert.ok(channel);
    assert.deepEqual(h.world.recordings.record(channel, { ...base, name: 'old', ifExists: 'fail' }), { ok: false, rejection: { kind: 'recording-exists', name: 'old' } });
    assert.deepEqual(h.world.recordings.record(channel, { ...base, format: 'mp3' }), { ok: false, rejection: { kind: 'recording-format-unknown' } });
    assert.deepEqual(h.world.recordings.record(channel, { ...base, name: '../etc/passwd' }), { ok: false, rejection: { kind: 'recording-name-invalid' } });
  });

  it('appends to an existing file with ifExists=append', () => {
    record({ name: 'both', maxDurationSeconds: 1 });
    h.clock.tick(1001);
    record({ name: 'both', maxDurationSeconds: 2, ifExists: 'append' });
    h.clock.tick(2001);
    assert.equal(readWavInfo(h.world.store.read('both')?.data ?? Buffer.alloc(0))?.durationSec, 3);
  });

  it('fails asynchronously for a channel in a bridge', () => {
    h.world.bridges.create({ bridgeId: 'b' });
    h.world.bridges.add('b', [ID]);
    record({ name: 'in-bridge' });
    h.clock.tick(10);
    assert.deepEqual(recordingEvents(h).at(-1), { name: 'in-bridge', format: 'wav', state: 'failed', targetUri: `channel:${ID}`, cause: 'Cannot record channel while in bridge' });
  });

  it('the channel hanging up ends the recording with what was captured', () => {
    record({ name: 'cut' });
    h.clock.tick(2000);
    h.world.channels.hangup(ID, 16);
    assert.equal(recordingEvents(h).at(-1)?.duration, 2);
    assert.equal(readWavInfo(h.world.store.read('cut')?.data ?? Buffer.alloc(0))?.durationSec, 2);
  });
});
