import assert from 'node:assert/strict';
import { mapAmiEvent, type AmiChannelSnap, type AmiMappedEvent } from '../../../../../../engine/src/adapters/asterisk/ami/ami-event-map';
import { AmiFrame } from '../../../../../../engine/src/adapters/asterisk/ami/ami-frame';
import { ChannelTracker } from '../../../../../../engine/src/adapters/asterisk/ami/channel-tracker';
import type { MonitorEmit } from '../../../../../../engine/src/adapters/asterisk/ami/monitor-emit';
import type { ChannelEnded } from '../../../../../../engine/src/ports/line-monitor.port';
import { header, serverMessages } from '../../../../../fixtures/ami/capture-file';

const LINE = '02191302954';

function snap(id: string, over: Partial<AmiChannelSnap> = {}): AmiChannelSnap {
  return { id, name: `PJSIP/trunk-${id}`, linkedId: id, state: 'down', callerNumber: '2191302954', context: 'out', extension: 's', variables: new Map(), ...over };
}

const ended = (emits: MonitorEmit[]): ChannelEnded[] => emits.flatMap((e) => (e.event === 'channel.ended' ? [e.payload] : []));
const usage = (emits: MonitorEmit[]): Array<[string, number]> => emits.flatMap((e) => (e.event === 'line.usage.changed' ? [[e.payload.line, e.payload.channels] as [string, number]] : []));

function replay(t: ChannelTracker, capture: string): MonitorEmit[] {
  return serverMessages(capture)
    .filter((h) => header(h, 'Privilege') !== undefined)
    .map((h) => mapAmiEvent(new AmiFrame(h)))
    .filter((e): e is AmiMappedEvent => e !== undefined)
    .flatMap((e) => t.apply(e, 1000));
}

describe('ChannelTracker', () => {
  let t: ChannelTracker;
  beforeEach(() => (t = new ChannelTracker({ lines: [LINE], endedTtlMs: 60_000, endedMax: 100 })));

  it('counts a PJSIP leg against the line of its caller ID and reports its end with the cause', () => {
    assert.deepEqual(usage(t.apply({ kind: 'channel.created', snap: snap('c1') }, 1)), [[LINE, 1]]);
    assert.deepEqual(t.apply({ kind: 'channel.state', snap: snap('c1', { state: 'up' }) }, 2), []);
    const out = t.apply({ kind: 'channel.hungup', snap: snap('c1', { state: 'up' }), cause: 16, causeText: 'Normal Clearing' }, 3);
    assert.deepEqual(usage(out), [[LINE, 0]]);
    assert.deepEqual(ended(out).map((e) => [e.channel.id, e.cause, e.outcome, e.known, e.channel.answered]), [['c1', 16, 'completed', true, true]]);
    assert.equal(t.endedChannel('c1')?.causeText, 'Normal Clearing');
    assert.deepEqual(t.channels(), []);
  });

  it('replays the PJSIP 486 capture: the ChannelId-tagged attempt ends busy with TechCause 486 and DialEnd BUSY', () => {
    const out = replay(t, 'ami-04-originate-busy-pjsip.ami.txt');
    const mine = ended(out).find((e) => e.channel.id === 'cap-busy-2');
    assert.ok(mine);
    assert.deepEqual([mine.cause, mine.techCause, mine.dialStatus, mine.outcome, mine.channel.endpoint], [17, 486, 'busy', 'busy', 'failtrunk']);
    assert.equal(ended(out).length, 3);
    assert.deepEqual(t.channels(), []);
  });

  it('replays the Local Busy() capture: the ;1 ends with cause 0 but its DialEnd BUSY makes the outcome busy', () => {
    const out = replay(t, 'ami-04-originate-busy-dialplan.ami.txt');
    const one = ended(out).find((e) => e.channel.name.endsWith(';1'));
    assert.deepEqual([one?.cause, one?.dialStatus, one?.outcome], [0, 'busy', 'busy']);
    assert.equal(t.endedOfCall('1795320149.36').length, 2);
  });

  it('replays answered and no-answer captures: completed and missed', () => {
    const answered = ended(replay(t, 'ami-04-originate-answered-pjsip.ami.txt'));
    assert.deepEqual(answered.map((e) => [e.cause, e.outcome]), [[16, 'completed']]);
    const missed = ended(replay(t, 'ami-04-originate-noanswer-pjsip.ami.txt'));
    assert.deepEqual(missed.map((e) => [e.cause, e.techCause, e.outcome]), [[19, 480, 'missed']]);
  });

  it('ignores late events of a channel whose hangup was seen (no resurrection), but a late DialEnd refines its end', () => {
    t.apply({ kind: 'channel.created', snap: snap('c2') }, 1);
    t.apply({ kind: 'channel.hungup', snap: snap('c2'), cause: 0, causeText: 'Unknown' }, 2);
    assert.equal(t.endedChannel('c2')?.outcome, 'failed');
    assert.deepEqual(t.apply({ kind: 'channel.state', snap: snap('c2', { state: 'up' }) }, 3), []);
    t.apply({ kind: 'dial.end', dest: snap('c2'), status: 'congestion' }, 4);
    assert.equal(t.endedChannel('c2')?.outcome, 'congestion');
    assert.deepEqual(t.channels(), []);
  });

  it('on a lost connection every tracked channel ends unknown; a resync recovers the survivors and ends the rest', () => {
    t.apply({ kind: 'channel.created', snap: snap('a') }, 1);
    t.apply({ kind: 'channel.created', snap: snap('b') }, 1);
    const lost = t.markAllUnknown(2);
    assert.deepEqual(ended(lost).map((e) => [e.channel.id, e.known, e.outcome]), [['a', false, 'unknown'], ['b', false, 'unknown']]);
    assert.deepEqual(usage(lost), [[LINE, 0]]);
    const out = t.resync([snap('a', { state: 'up' })], t.seq(), 3);
    assert.deepEqual(out.filter((e) => e.event === 'channel.recovered').map((e) => (e.payload as { channel: { id: string } }).channel.id), ['a']);
    assert.deepEqual(usage(out), [[LINE, 1]]);
    assert.equal(t.endedChannel('a'), undefined, 'a recovered channel is not ended');
    assert.equal(t.endedChannel('b')?.known, false);
  });

  it('a listing never resurrects a channel hung up meanwhile, nor overrides a newer event', () => {
    t.apply({ kind: 'channel.created', snap: snap('x') }, 1);
    const start = t.seq();
    t.apply({ kind: 'channel.hungup', snap: snap('x'), cause: 16, causeText: '' }, 2);
    t.apply({ kind: 'channel.created', snap: snap('y') }, 2);
    t.apply({ kind: 'channel.state', snap: snap('y', { state: 'up' }) }, 2);
    // The listing was taken before: it still shows x, and y as ringing.
    t.resync([snap('x'), snap('y', { state: 'ringing' })], start, 3);
    assert.deepEqual(t.channels().map((c) => [c.id, c.state]), [['y', 'up']]);
  });

  it('a listing ends channels it no longer shows (their hangup was missed) as unknown', () => {
    t.apply({ kind: 'channel.created', snap: snap('gone') }, 1);
    const out = t.resync([], t.seq(), 2);
    assert.deepEqual(ended(out).map((e) => [e.channel.id, e.known]), [['gone', false]]);
  });

  it('keeps ended channels for a bounded time and count', () => {
    const small = new ChannelTracker({ lines: [], endedTtlMs: 1000, endedMax: 2 });
    for (const id of ['1', '2', '3']) {
      small.apply({ kind: 'channel.created', snap: snap(id) }, 0);
      small.apply({ kind: 'channel.hungup', snap: snap(id), cause: 17, causeText: '' }, 0);
    }
    assert.equal(small.endedChannel('1'), undefined);
    assert.ok(small.endedChannel('3'));
    small.apply({ kind: 'channel.created', snap: snap('4') }, 5000);
    small.apply({ kind: 'channel.hungup', snap: snap('4'), cause: 17, causeText: '' }, 5000);
    assert.equal(small.endedChannel('2'), undefined);
    assert.equal(small.endedChannel('3'), undefined);
    assert.ok(small.endedChannel('4'));
  });

  it('line usage follows channels that move between lines, exceed the tracking cap, or are lost', () => {
    const OTHER = '02191302955';
    const capped = new ChannelTracker({ lines: [LINE, OTHER], endedTtlMs: 60_000, endedMax: 100, maxTracked: 2 });
    capped.apply({ kind: 'channel.created', snap: snap('a') }, 1);
    capped.apply({ kind: 'channel.created', snap: snap('b') }, 1);
    assert.deepEqual(capped.lineUsage(), [{ line: LINE, channels: 2 }, { line: OTHER, channels: 0 }]);
    // Over the cap: not tracked, so neither its creation nor its hangup changes the counts.
    assert.deepEqual(usage(capped.apply({ kind: 'channel.created', snap: snap('c') }, 2)), []);
    assert.deepEqual(usage(capped.apply({ kind: 'channel.hungup', snap: snap('c'), cause: 16, causeText: '' }, 3)), []);
    // A later snapshot with another caller ID moves the leg to the other line.
    assert.deepEqual(usage(capped.apply({ kind: 'channel.state', snap: snap('b', { callerNumber: '2191302955', state: 'up' }) }, 4)), [
      [LINE, 1],
      [OTHER, 1],
    ]);
    assert.deepEqual(usage(capped.markAllUnknown(5)), [
      [LINE, 0],
      [OTHER, 0],
    ]);
    assert.deepEqual(usage(capped.resync([snap('a')], capped.seq(), 6)), [[LINE, 1]]);
  });

  it('per-endpoint usage counts real legs only, not Local halves', () => {
    t.apply({ kind: 'channel.created', snap: snap('p1', { name: 'PJSIP/TO-CUCM-Gaptel-0000001c' }) }, 1);
    t.apply({ kind: 'channel.created', snap: snap('l1', { name: 'Local/100@x-00000001;1' }) }, 1);
    assert.deepEqual(t.endpointUsage(), [{ endpoint: 'TO-CUCM-Gaptel', channels: 1 }]);
    assert.deepEqual(t.lineUsage(), [{ line: LINE, channels: 1 }]);
  });
});
