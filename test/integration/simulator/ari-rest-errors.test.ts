import 'reflect-metadata';
import assert from 'node:assert/strict';
import { AriSimulator } from '../../../engine/src/simulator/ari/ari-simulator';
import { CAPTURE_APP, CAPTURE_USER, captureWorld, frameKey } from '../../unit/engine/simulator/ari/support/capture-world';
import { assertSameResponse, capturedKeys, replayRequests, type ReplayStep } from './support/capture-replay';
import { EventSocket } from './support/event-socket';
import { readRawCapture } from './support/raw-capture';

const SPEED = 0.05;

/** RTP statistics were cut from this capture ("[omitted ... RTPAUDIOQOS* x5]"). */
const notRtp = (frame: Record<string, unknown>): boolean => !String(frame['variable'] ?? '').startsWith('RTPAUDIOQOS');

describe('simulator ARI: REST errors replayed from captures/ari-10-rest-errors.ari.txt', function () {
  this.timeout(30_000);
  let sim: AriSimulator;
  let events: EventSocket;
  let steps: ReplayStep[];
  const entries = readRawCapture('ari-10-rest-errors');

  before(async () => {
    const world = captureWorld({ speed: SPEED });
    // The capture ran after ari-08, which left the stored recording cap-rec-1 behind.
    world.store.write('cap-rec-1', 'wav', new Int16Array(8000));
    sim = await AriSimulator.start({ world, users: [CAPTURE_USER] });
    events = await EventSocket.open(sim.port, `app=${CAPTURE_APP}&api_key=engine:engine-secret`);
    steps = await replayRequests(entries, { port: sim.port, speed: SPEED, events });
    await new Promise((resolve) => setTimeout(resolve, 100));
  });

  after(async () => {
    events.close();
    await sim.stop();
  });

  it('replays all 43 requests (REST and raw WebSocket upgrades)', () => {
    assert.equal(steps.length, 43);
  });

  it('answers each one like Asterisk: status line, header order and values, body', () => {
    for (const step of steps) assertSameResponse(step);
  });

  it('sends the app the same events in the same order', () => {
    const ours = events.frames.filter(notRtp).map(frameKey);
    assert.deepEqual(ours, capturedKeys(entries, notRtp));
  });
});
