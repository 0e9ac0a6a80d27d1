import assert from 'node:assert/strict';
import { EventDeduplicator, dedupKey } from '../../../../../../engine/src/adapters/asterisk/ari/ari-dedup';
import { mapAriEvent } from '../../../../../../engine/src/adapters/asterisk/ari/ari-event-map';
import type { CallEvent } from '../../../../../../engine/src/ports/call-event';
import { findEvent } from '../../../../../fixtures/ari-events/ari-fixtures';

function captured(type: string): CallEvent {
  const result = mapAriEvent(findEvent('ari-08-stasis-e2e', (e) => e.type === type), 0);
  assert.equal(result.kind, 'event');
  return (result as { event: CallEvent }).event;
}

describe('ari-dedup', () => {
  it('drops a second RecordingFinished of the same recording within the window', () => {
    const dedup = new EventDeduplicator({ windowMs: 1000 });
    const finished = captured('RecordingFinished');
    assert.equal(dedup.accept(finished, 0), true);
    assert.equal(dedup.accept({ ...finished }, 10), false);
  });

  it('drops a second call.ended of the same channel even with another cause', () => {
    const dedup = new EventDeduplicator({ windowMs: 1000 });
    const ended = captured('ChannelDestroyed');
    assert.equal(dedup.accept(ended, 0), true);
    assert.equal(dedup.accept({ ...ended, cause: 0, causeText: 'Unknown', vanished: true } as CallEvent, 5), false);
  });

  it('drops a repeated hangup request but keeps one with another cause', () => {
    const dedup = new EventDeduplicator({ windowMs: 1000 });
    const req: CallEvent = { type: 'call.hangup-requested', at: 1, channelId: 'c1', soft: false, cause: 16 };
    assert.equal(dedup.accept(req, 0), true);
    assert.equal(dedup.accept(req, 1), false);
    assert.equal(dedup.accept({ ...req, soft: true, cause: undefined, softFlag: 16 } as CallEvent, 2), true);
  });

  it('accepts the same key again after the window', () => {
    const dedup = new EventDeduplicator({ windowMs: 1000 });
    const left: CallEvent = { type: 'call.left', at: 1, channelId: 'c1' };
    assert.equal(dedup.accept(left, 0), true);
    assert.equal(dedup.accept(left, 999), false);
    assert.equal(dedup.accept(left, 1000), true);
  });

  it('lets a channel enter the application again (back from the AMD dialplan) but drops an exact replay', () => {
    const dedup = new EventDeduplicator({ windowMs: 10_000 });
    const entered = captured('StasisStart');
    assert.equal(entered.type, 'call.entered');
    assert.equal(dedup.accept(entered, 0), true);
    assert.equal(dedup.accept({ ...entered }, 5), false, 'the same StasisStart twice is a duplicate');
    const back = { ...entered, at: entered.at + 3200, args: ['amd', 'call-1', 'HUMAN'] } as CallEvent;
    assert.equal(dedup.accept(back, 3200), true, 'a second StasisStart after a dialplan detour is a new fact');
  });

  it('never drops repeated digits that the PBX stamped at different times', () => {
    const dedup = new EventDeduplicator({ windowMs: 1000 });
    const digit: CallEvent = { type: 'dtmf.received', at: 100, channelId: 'c1', digit: '1', durationMs: 80 };
    assert.equal(dedup.accept(digit, 0), true);
    assert.equal(dedup.accept({ ...digit, at: 400 }, 1), true);
    assert.equal(dedup.accept(digit, 2), false, 'an exact replay is a duplicate');
  });

  it('never deduplicates variables or connection events', () => {
    const dedup = new EventDeduplicator({ windowMs: 1000 });
    const v: CallEvent = { type: 'variable.set', at: 1, channelId: 'c1', name: 'X', value: '1' };
    const lost: CallEvent = { type: 'connection.lost', at: 1, reason: 'dropped', code: 1006 };
    assert.equal(dedupKey(v), undefined);
    assert.equal(dedup.accept(v, 0) && dedup.accept(v, 0) && dedup.accept(lost, 0) && dedup.accept(lost, 0), true);
  });

  it('forgets expired keys and stays within maxEntries', () => {
    const dedup = new EventDeduplicator({ windowMs: 1000, maxEntries: 100 });
    for (let i = 0; i < 500; i++) dedup.accept({ type: 'call.left', at: 0, channelId: `c${i}` }, 0);
    assert.ok(dedup.size() <= 100, `size ${dedup.size()}`);
    dedup.accept({ type: 'call.left', at: 0, channelId: 'late' }, 5000);
    assert.equal(dedup.size(), 1);
  });
});
