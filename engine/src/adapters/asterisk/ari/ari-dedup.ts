/**
 * Drops duplicate call events: same type, same subject (channel, playback, recording, bridge) and
 * same relevant payload within a time window. Asterisk clients have seen RecordingFinished and
 * hangup events twice, and a reconnect or reconcile may report what was already reported; the
 * engine must see each fact once.
 *
 * Keys are built so that a legitimate repeat is never mistaken for a duplicate: a channel ends once (but may
 * enter the application again after a dialplan detour), a playback id finishes once, while DTMF digits and bridge joins include the PBX timestamp (only an
 * exact replay is dropped). Variable changes are never deduplicated.
 */
import type { CallEvent } from '../../../ports/call-event';

export interface DedupOptions {
  /** How long a key is remembered. */
  readonly windowMs: number;
  /** Upper bound on remembered keys (oldest are forgotten first). */
  readonly maxEntries?: number;
}

/** The identity of an event for duplicate detection; undefined = never a duplicate. */
export function dedupKey(e: CallEvent): string | undefined {
  switch (e.type) {
    // A channel may leave the application and come back (continue to the AMD dialplan, then Stasis
    // again): entering and leaving are keyed by the PBX timestamp too, so only an exact replay is dropped.
    case 'call.entered':
    case 'call.left':
      return `${e.type}|${e.channelId}|${e.at}`;
    case 'call.answered':
    case 'call.ended':
    case 'call.ringing':
      return `${e.type}|${e.channelId}`;
    case 'call.state-changed':
      return `${e.type}|${e.channelId}|${e.state}`;
    case 'call.hangup-requested':
      return `${e.type}|${e.channelId}|${e.soft}|${e.cause ?? e.softFlag}|${e.techCause ?? ''}`;
    case 'dial.progressed':
      return `${e.type}|${e.channelId}|${e.callerChannelId ?? ''}|${e.status}`;
    case 'playback.started':
    case 'playback.finished':
    case 'playback.failed':
      return `${e.type}|${e.playbackId}`;
    case 'playback.continuing':
      return `${e.type}|${e.playbackId}|${e.media}`;
    case 'recording.started':
    case 'recording.finished':
    case 'recording.failed':
      return `${e.type}|${e.name}`;
    case 'dtmf.received':
      return `${e.type}|${e.channelId}|${e.digit}|${e.at}`;
    case 'bridge.joined':
    case 'bridge.left':
      return `${e.type}|${e.bridgeId}|${e.channelId}|${e.at}`;
    case 'bridge.destroyed':
      return `${e.type}|${e.bridgeId}`;
    default:
      return undefined;
  }
}

export class EventDeduplicator {
  private readonly seen = new Map<string, number>();
  // Keys in the order they were remembered, with the expiry they got then (one window for all keys,
  // so this is also expiry order). A Map iterated from its front after many deletions walks over
  // every deleted slot; at a few thousand events/s that scan was most of the adapter's event cost.
  private keys: string[] = [];
  private expiries: number[] = [];
  private head = 0;
  private readonly maxEntries: number;

  constructor(private readonly options: DedupOptions) {
    this.maxEntries = options.maxEntries ?? 50_000;
  }

  /** True when the event is new (pass it on); false for a duplicate within the window. */
  accept(event: CallEvent, now: number): boolean {
    const key = dedupKey(event);
    if (key === undefined) return true;
    const expiry = this.seen.get(key);
    if (expiry !== undefined && expiry > now) return false;
    const until = now + this.options.windowMs;
    this.seen.set(key, until);
    this.keys.push(key);
    this.expiries.push(until);
    this.prune(now);
    return true;
  }

  /** Number of remembered keys (for tests and metrics). */
  size(): number {
    return this.seen.size;
  }

  private prune(now: number): void {
    while (this.head < this.keys.length && (this.expiries[this.head] <= now || this.seen.size > this.maxEntries)) {
      const key = this.keys[this.head];
      // A key remembered again later has a newer expiry: this entry is stale, the key stays.
      if (this.seen.get(key) === this.expiries[this.head]) this.seen.delete(key);
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.keys.length) {
      this.keys = this.keys.slice(this.head);
      this.expiries = this.expiries.slice(this.head);
      this.head = 0;
    }
  }
}
