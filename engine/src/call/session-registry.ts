import { EventEmitter } from 'node:events';
import type { CallEvent } from '../ports/call-event';
import type { ChannelDirectory } from '../ports/telephony.port';

/** What the registry needs of a live call session. */
export interface LiveSession {
  readonly callId: string;
  /** Handles an event of one of the session's channels. Must not throw. */
  handle(event: CallEvent): void;
}

/**
 * The live calls, keyed by call id, with an index from channel id (customer leg and operator legs)
 * to the owning session so telephony events reach the right call. Emits `idle` whenever the last
 * session leaves (shutdown drains on it). Also tells the telephony adapter which channels are ours.
 */
export class SessionRegistry extends EventEmitter implements ChannelDirectory {
  private readonly sessions = new Map<string, LiveSession>();
  private readonly byChannel = new Map<string, LiveSession>();

  add(session: LiveSession, channelId: string): void {
    this.sessions.set(session.callId, session);
    this.byChannel.set(channelId, session);
  }

  /** Adds another channel (an operator leg) to a session. */
  attachChannel(session: LiveSession, channelId: string): void {
    this.byChannel.set(channelId, session);
  }

  detachChannel(channelId: string): void {
    this.byChannel.delete(channelId);
  }

  remove(session: LiveSession): void {
    if (!this.sessions.delete(session.callId)) return;
    for (const [ch, s] of this.byChannel) if (s === session) this.byChannel.delete(ch);
    if (this.sessions.size === 0) this.emit('idle');
  }

  get(callId: string): LiveSession | undefined {
    return this.sessions.get(callId);
  }

  byChannelId(channelId: string): LiveSession | undefined {
    return this.byChannel.get(channelId);
  }

  /** Routes an event to the session owning its channel; returns false when nobody owns it. */
  dispatch(event: CallEvent, channelId: string | undefined): boolean {
    const session = channelId ? this.byChannel.get(channelId) : undefined;
    if (!session) return false;
    session.handle(event);
    return true;
  }

  size(): number {
    return this.sessions.size;
  }

  list(): LiveSession[] {
    return [...this.sessions.values()];
  }

  ownedChannelIds(): Iterable<string> {
    return this.byChannel.keys();
  }

  /** Resolves when no session is live (at once when none is), or after `timeoutMs` with false. */
  whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.sessions.size === 0) return Promise.resolve(true);
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.off('idle', onIdle);
        resolve(false);
      }, timeoutMs);
      const onIdle = (): void => {
        clearTimeout(timer);
        resolve(true);
      };
      this.once('idle', onIdle);
    });
  }
}
