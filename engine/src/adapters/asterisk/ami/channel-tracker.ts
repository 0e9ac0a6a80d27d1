import { attemptOutcome, causeText } from '../../../call/hangup-cause';
import type { DialStatus } from '../../../ports/call-event';
import type { ChannelEnded, EndpointUsage, LineUsage, LiveChannel } from '../../../ports/line-monitor.port';
import type { AmiChannelSnap, AmiMappedEvent } from './ami-event-map';
import { attributeLine, endpointOf, isRealLeg, lineMatchers, technologyOf, type LineMatcher } from './line-attribution';
import { emit, type MonitorEmit } from './monitor-emit';

export interface ChannelTrackerOptions {
  /** Configured lines (outbound numbers) whose usage is reported. */
  readonly lines: readonly string[];
  /** Channel variable that names a channel's line, when exported through manager.conf `channelvars`. */
  readonly lineVariable?: string;
  /** How long ended channels stay queryable. */
  readonly endedTtlMs: number;
  /** Most ended channels kept. */
  readonly endedMax: number;
  /** Most live channels tracked (a broken or hostile PBX cannot grow memory without bound). */
  readonly maxTracked?: number;
}

interface Tracked {
  channel: LiveChannel;
  dialStatus?: DialStatus;
  /** Sequence number of the last event applied to this channel. */
  seq: number;
}

/**
 * Live channels as the PBX reports them, their per-line and per-endpoint counts, and the recent ends.
 * Pure state: every mutator returns the domain events to emit. Ordering rules for resyncs: a listing
 * never resurrects a channel whose hangup was seen (ids are never reused), and a channel touched by an
 * event after the listing started keeps the event's view.
 */
export class ChannelTracker {
  private readonly live = new Map<string, Tracked>();
  private readonly ended = new Map<string, ChannelEnded>();
  private readonly unknown = new Map<string, LiveChannel>();
  private readonly matchers: LineMatcher[];
  private usage = new Map<string, number>();
  /** Real legs per line among the live channels, kept as channels come and go (not recounted per event). */
  private readonly legsPerLine = new Map<string, number>();
  private seqNo = 0;

  constructor(private readonly opts: ChannelTrackerOptions) {
    this.matchers = lineMatchers(opts.lines);
    for (const m of this.matchers) this.usage.set(m.line, 0);
  }

  /** Sequence number of the last applied event (taken before a listing to order it against events). */
  seq(): number {
    return this.seqNo;
  }

  apply(ev: AmiMappedEvent, now: number): MonitorEmit[] {
    const id = 'snap' in ev ? ev.snap.id : 'dest' in ev ? ev.dest.id : undefined;
    // Late events of a channel whose hangup was already seen (ids are never reused): never resurrect it.
    if (id !== undefined && !this.live.has(id) && this.ended.get(id)?.known === true) {
      if (ev.kind === 'dial.end') this.patchEnded(id, ev.status);
      return [];
    }
    switch (ev.kind) {
      case 'channel.created':
      case 'channel.state':
        this.upsert(ev.snap, now);
        return this.usageChanges();
      case 'dial.begin':
      case 'dial.state':
        this.upsert(ev.dest, now);
        return this.usageChanges();
      case 'dial.end':
        return this.onDialEnd(ev.dest, ev.status, now);
      case 'channel.hungup':
        return this.onHangup(ev.snap, ev.cause, ev.causeText, ev.techCause, now);
      default:
        return [];
    }
  }

  /** Applies a full listing taken when `seq()` was `startSeq`. */
  resync(items: readonly AmiChannelSnap[], startSeq: number, now: number): MonitorEmit[] {
    const out: MonitorEmit[] = [];
    const listed = new Set(items.map((i) => i.id));
    for (const [id, t] of [...this.live]) {
      if (!listed.has(id) && t.seq <= startSeq) out.push(this.end(t, { cause: 0, known: false }, now));
    }
    for (const item of items) {
      if (this.ended.get(item.id)?.known === true) continue;
      const t = this.live.get(item.id);
      if (t && t.seq > startSeq) continue;
      this.upsert(item, now, false);
      const lost = this.unknown.get(item.id);
      if (lost) {
        this.ended.delete(item.id);
        out.push(emit('channel.recovered', { channel: this.live.get(item.id)?.channel ?? lost }));
      }
    }
    this.unknown.clear();
    return [...out, ...this.usageChanges()];
  }

  /** The connection dropped: every tracked channel is reported ended-unknown (its hangup may never be seen). */
  markAllUnknown(now: number): MonitorEmit[] {
    const out: MonitorEmit[] = [];
    for (const t of [...this.live.values()]) {
      this.unknown.set(t.channel.id, t.channel);
      out.push(this.end(t, { cause: 0, known: false }, now));
    }
    // Losses without a successful resync in between must not pile up forever.
    for (const id of this.unknown.keys()) {
      if (this.unknown.size <= (this.opts.maxTracked ?? 10_000)) break;
      this.unknown.delete(id);
    }
    return [...out, ...this.usageChanges()];
  }

  channels(): LiveChannel[] {
    return [...this.live.values()].map((t) => t.channel);
  }

  lineUsage(): LineUsage[] {
    return [...this.usage].map(([line, channels]) => ({ line, channels }));
  }

  endpointUsage(): EndpointUsage[] {
    const counts = new Map<string, number>();
    for (const { channel } of this.live.values()) {
      if (channel.endpoint && isRealLeg(channel.name)) counts.set(channel.endpoint, (counts.get(channel.endpoint) ?? 0) + 1);
    }
    return [...counts].map(([endpoint, channels]) => ({ endpoint, channels }));
  }

  endedChannel(id: string): ChannelEnded | undefined {
    return this.ended.get(id);
  }

  endedOfCall(linkedId: string): ChannelEnded[] {
    return [...this.ended.values()].filter((e) => e.channel.linkedId === linkedId);
  }

  private upsert(snap: AmiChannelSnap, now: number, fromEvent = true): Tracked {
    const prev = this.live.get(snap.id);
    if (!prev && this.live.size >= (this.opts.maxTracked ?? 10_000)) return this.untracked(snap, now);
    const answered = (prev?.channel.answered ?? false) || snap.state === 'up';
    const channel: LiveChannel = {
      id: snap.id,
      name: snap.name,
      linkedId: snap.linkedId,
      technology: technologyOf(snap.name),
      endpoint: endpointOf(snap.name),
      line: attributeLine(snap, this.matchers, this.opts.lineVariable) ?? prev?.channel.line,
      state: snap.state,
      answered,
      callerNumber: snap.callerNumber,
      connectedNumber: snap.connectedNumber,
      context: snap.context,
      extension: snap.extension,
      since: prev?.channel.since ?? now,
    };
    const seq = fromEvent ? ++this.seqNo : (prev?.seq ?? 0);
    const t: Tracked = { channel, dialStatus: prev?.dialStatus, seq };
    if (prev) this.countLeg(prev.channel, -1);
    this.live.set(snap.id, t);
    this.countLeg(channel, 1);
    return t;
  }

  /** Over the cap: a record that is used for this event only and never stored. */
  private untracked(snap: AmiChannelSnap, now: number): Tracked {
    const channel: LiveChannel = {
      id: snap.id, name: snap.name, linkedId: snap.linkedId, technology: technologyOf(snap.name), state: snap.state, answered: snap.state === 'up',
      context: snap.context, extension: snap.extension, since: now,
    };
    return { channel, seq: this.seqNo };
  }

  private onDialEnd(dest: AmiChannelSnap, status: DialStatus, now: number): MonitorEmit[] {
    const t = this.upsert(dest, now);
    t.dialStatus = status;
    if (status === 'answered') t.channel = { ...t.channel, answered: true };
    return this.usageChanges();
  }

  private onHangup(snap: AmiChannelSnap, cause: number, text: string, techCause: number | undefined, now: number): MonitorEmit[] {
    this.seqNo++;
    const t = this.live.get(snap.id) ?? this.upsert(snap, now);
    if (snap.state === 'up') t.channel = { ...t.channel, answered: true };
    const out = [this.end(t, { cause, causeText: text, techCause, known: true }, now)];
    return [...out, ...this.usageChanges()];
  }

  private end(t: Tracked, how: { cause: number; causeText?: string; techCause?: number; known: boolean }, now: number): MonitorEmit {
    // An untracked record (over the cap) was never counted nor stored.
    if (this.live.get(t.channel.id) === t) {
      this.countLeg(t.channel, -1);
      this.live.delete(t.channel.id);
    }
    const record: ChannelEnded = {
      channel: t.channel,
      cause: how.cause,
      causeText: how.causeText || causeText(how.cause),
      ...(how.techCause ? { techCause: how.techCause } : {}),
      ...(t.dialStatus ? { dialStatus: t.dialStatus } : {}),
      outcome: how.known ? attemptOutcome({ cause: how.cause, answered: t.channel.answered, dialStatus: t.dialStatus }) : 'unknown',
      known: how.known,
      at: now,
    };
    this.remember(record, now);
    return emit('channel.ended', record);
  }

  /** A DialEnd that arrived after the channel's Hangup still refines how it ended. */
  private patchEnded(id: string, status: DialStatus): void {
    const e = this.ended.get(id);
    if (!e || e.dialStatus !== undefined) return;
    const outcome = attemptOutcome({ cause: e.cause, answered: e.channel.answered, dialStatus: status });
    this.ended.set(id, { ...e, dialStatus: status, outcome });
  }

  private remember(record: ChannelEnded, now: number): void {
    this.ended.delete(record.channel.id);
    this.ended.set(record.channel.id, record);
    for (const [id, e] of this.ended) {
      if (this.ended.size <= this.opts.endedMax && now - e.at <= this.opts.endedTtlMs) break;
      this.ended.delete(id);
    }
  }

  /** Line and name never change on a stored record (only `answered` does), so add on store, subtract on removal. */
  private countLeg(channel: LiveChannel, delta: 1 | -1): void {
    if (channel.line === undefined || !isRealLeg(channel.name)) return;
    const n = (this.legsPerLine.get(channel.line) ?? 0) + delta;
    if (n === 0) this.legsPerLine.delete(channel.line);
    else this.legsPerLine.set(channel.line, n);
  }

  private usageChanges(): MonitorEmit[] {
    if (this.matchers.length === 0) return [];
    const next = new Map<string, number>();
    for (const m of this.matchers) next.set(m.line, 0);
    for (const [line, n] of this.legsPerLine) next.set(line, n);
    const out: MonitorEmit[] = [];
    for (const [line, channels] of next) {
      if (this.usage.get(line) !== channels) out.push(emit('line.usage.changed', { line, channels }));
    }
    this.usage = next;
    return out;
  }
}
