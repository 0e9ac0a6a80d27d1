import 'reflect-metadata';
import assert from 'node:assert/strict';
import { AriSimulator } from '../../../engine/src/simulator/ari/ari-simulator';
import { CAPTURE_APP, CAPTURE_USER, captureWorld, frameKey } from '../../unit/engine/simulator/ari/support/capture-world';
import { assertSameResponse, capturedKeys, replayRequests, type ReplayStep } from './support/capture-replay';
import { EventSocket } from './support/event-socket';
import { readRawCapture } from './support/raw-capture';

const SPEED = 0.05;

/**
 * The frames about the two Stasis channels, their media and the bridge. The `;2` halves run the
 * real customer-sim/operator-sim dialplans (NoOp, Set, Playback...), which the simulator models
 * more simply, so their frames are not compared here.
 */
function primary(frame: Record<string, unknown>): boolean {
  const id = String(((frame['channel'] ?? frame['peer']) as { id?: string } | undefined)?.id ?? '');
  return !id.endsWith('-2');
}

describe('simulator ARI: end-to-end call replayed from captures/ari-08-stasis-e2e.ari.txt', function () {
  this.timeout(30_000);
  let sim: AriSimulator;
  let events: EventSocket;
  let steps: ReplayStep[];
  const entries = readRawCapture('ari-08-stasis-e2e');

  before(async () => {
    sim = await AriSimulator.start({ world: captureWorld({ speed: SPEED }), users: [CAPTURE_USER] });
    events = await EventSocket.open(sim.port, `app=${CAPTURE_APP}&api_key=engine:engine-secret`);
    steps = await replayRequests(entries, { port: sim.port, speed: SPEED, events });
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  after(async () => {
    events.close();
    await sim.stop();
  });

  it('answers originate, play, record, stored recording (+file), bridge and hangups like Asterisk', () => {
    assert.deepEqual(
      steps.map((s) => `${s.line.split(' ')[0]} ${s.actual[0]?.status}`),
      ['POST 200', 'POST 201', 'POST 201', 'GET 200', 'GET 200', 'POST 200', 'POST 200', 'POST 204', 'GET 200', 'DELETE 204', 'DELETE 204', 'DELETE 204'],
    );
    for (const step of steps) assertSameResponse(step);
  });

  it('sends the same events about the Stasis channels, the playback, the recording and the bridge, in order', () => {
    assert.deepEqual(events.frames.filter(primary).map(frameKey), capturedKeys(entries, primary));
  });

  it('serves a real 8 kHz 16-bit mono WAV of the recorded 3 s', () => {
    const file = steps[4]?.actual[0]?.body ?? Buffer.alloc(0);
    assert.equal(file.readUInt32LE(24), 8000);
    assert.equal(file.readUInt16LE(22), 1);
    assert.equal(file.readUInt16LE(34), 16);
    assert.equal(file.length, 44 + 3 * 8000 * 2);
  });
});
