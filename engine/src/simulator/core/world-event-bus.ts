import type { Logger } from '../../ports/logger.port';
import type { SimClock } from './sim-clock';
import type { AudienceScope, StasisApps } from './stasis-apps';
import type { WorldEvent, WorldEventBody, WorldEventListener } from './world-events';

/**
 * Delivers world events synchronously, in the order they happen, to every front-end listener.
 * The audience is computed at emit time, so a subscription that ends right after (a destroyed
 * channel) still covers the event that announced it.
 */
export class WorldEventBus {
  private readonly listeners = new Set<WorldEventListener>();

  constructor(
    private readonly clock: SimClock,
    private readonly apps: StasisApps,
    private readonly log: Logger,
  ) {}

  on(listener: WorldEventListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  off(listener: WorldEventListener): void {
    this.listeners.delete(listener);
  }

  emit(body: WorldEventBody, scope: AudienceScope = {}): WorldEvent {
    const event: WorldEvent = { ...body, at: this.clock.wallNow(), audience: this.apps.audienceFor(scope) };
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.log.error({ err, event: event.type }, 'world event listener failed');
      }
    }
    return event;
  }
}
