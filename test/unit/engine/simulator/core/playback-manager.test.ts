import assert from 'node:assert/strict';
import { customerBehaviours } from '../../../../../engine/src/simulator/core/customer-script';
import type { WorldEvent } from '../../../../../engine/src/simulator/core/world-events';
import { APP, TRUNK, harness, type Harness } from './support/world-harness';

const ID = 'c-1';
const target = { kind: 'channel', id: ID } as const;

function playbackLines(events: readonly WorldEvent[]): string[] {
  return events.flatMap((e) => (e.type.startsWith('playback.') && 'playback' in e ? [`${e.type} ${e.playback.id} ${e.playback.mediaUri} ${e.playback.state}`] : []));
}

describe('simulated playbacks', () => {
  let h: Harness;

  beforeEach(() => {
    h = harness({ media: { durations: { 'custom/hello': 3, 'custom/bye': 1 } } });
    h.world.directory.set('0912', customerBehaviours.staysSilent({ ringSeconds: 0 }));
    h.world.channels.originate({ endpoint: `PJSIP/0912@${TRUNK}`, app: APP, timeoutSec: 30, channelId: ID });
    h.clock.tick(10);
    h.events.length = 0;
  });

  afterEach(() => h.dispose());

  it('plays for the known prompt length, scaled by the SimClock: started, then finished done', () => {
    const result = h.world.playbacks.play(target, ['sound:custom/hello'], { playbackId: 'pb-1' });
    assert.deepEqual(result.ok && result.value, { id: 'pb-1', mediaUri: 'sound:custom/hello', targetUri: `channel:${ID}`, language: 'en', state: 'queued' });
    h.clock.tick(2999);
    assert.deepEqual(playbackLines(h.events), ['playback.started pb-1 sound:custom/hello playing']);
    h.clock.tick(1);
    assert.deepEqual(playbackLines(h.events).at(-1), 'playback.finished pb-1 sound:custom/hello done');
  });

  it('plays a media list with PlaybackContinuing between items', () => {
    h.world.playbacks.play(target, ['sound:custom/hello', 'sound:custom/bye'], { playbackId: 'pb-2' });
    h.clock.tick(4001);
    assert.deepEqual(playbackLines(h.events), [
      'playback.started pb-2 sound:custom/hello playing',
      'playback.continuing pb-2 sound:custom/bye continuing',
      'playback.finished pb-2 sound:custom/bye done',
    ]);
  });

  it('queues a second playback on the same channel until the first one ends', () => {
    h.world.playbacks.play(target, ['sound:custom/bye'], { playbackId: 'a' });
    h.world.playbacks.play(target, ['sound:custom/bye'], { playbackId: 'b' });
    h.clock.tick(500);
    assert.equal(h.world.playbacks.get('b')?.state, 'queued');
    h.clock.tick(1600);
    assert.deepEqual(playbackLines(h.events).map((l) => l.split(' ').slice(0, 2).join(' ')), ['playback.started a', 'playback.finished a', 'playback.started b', 'playback.finished b']);
  });

  it('fails media Asterisk cannot play (unknown scheme) with PlaybackFinished failed', () => {
    h.world.playbacks.play(target, ['nosuch:thing'], { playbackId: 'bad' });
    h.clock.tick(10);
    assert.deepEqual(playbackLines(h.events), ['playback.started bad nosuch:thing playing', 'playback.finished bad nosuch:thing failed']);
  });

  it('stops (DELETE) at once, and pauses/unpauses keeping the remaining time', () => {
    h.world.playbacks.play(target, ['sound:custom/hello'], { playbackId: 'p' });
    h.clock.tick(1000);
    assert.equal(h.world.playbacks.control('p', 'pause').ok, true);
    assert.deepEqual(h.world.playbacks.control('p', 'pause'), { ok: false, rejection: { kind: 'playback-state-conflict' } });
    h.clock.tick(10_000);
    assert.equal(h.world.playbacks.get('p')?.state, 'paused');
    assert.equal(h.world.playbacks.control('p', 'unpause').ok, true);
    h.clock.tick(1999);
    assert.equal(h.world.playbacks.get('p')?.state, 'playing');
    h.clock.tick(1);
    assert.equal(h.world.playbacks.get('p'), undefined);
    h.world.playbacks.play(target, ['sound:custom/hello'], { playbackId: 'q' });
    h.clock.tick(100);
    assert.equal(h.world.playbacks.stop('q').ok, true);
    assert.deepEqual(playbackLines(h.events).at(-1), 'playback.finished q sound:custom/hello done');
    assert.deepEqual(h.world.playbacks.stop('q'), { ok: false, rejection: { kind: 'playback-not-found' } });
    assert.deepEqual(h.world.playbacks.control('q', 'pause'), { ok: false, rejection: { kind: 'playback-not-found' } });
  });

  it('rejects an unknown control operation', () => {
    h.world.playbacks.play(target, ['sound:custom/hello'], { playbackId: 'p' });
    assert.deepEqual(h.world.playbacks.control('p', 'rewind'), { ok: false, rejection: { kind: 'playback-invalid-operation' } });
  });

  it('skips forward by skipms', () => {
    h.world.playbacks.play(target, ['sound:custom/hello'], { playbackId: 'p', skipMs: 1000 });
    h.clock.tick(500);
    h.world.playbacks.control('p', 'forward');
    h.clock.tick(1499);
    assert.equal(h.world.playbacks.get('p')?.state, 'playing');
    h.clock.tick(1);
    assert.equal(h.world.playbacks.get('p'), undefined, '3 s - 0.5 s played - 1 s skipped = 1.5 s left');
  });

  it('ends every playback of a channel that hangs up (done)', () => {
    h.world.playbacks.play(target, ['sound:silence/10'], { playbackId: 'long' });
    h.clock.tick(100);
    h.world.channels.hangup(ID, 16);
    assert.deepEqual(playbackLines(h.events).at(-1), 'playback.finished long sound:silence/10 done');
  });
});
