import type { EngineEvent, EngineEventOf, EngineEventType, EngineEventsPort } from '../ports/engine-events.port';
import type { Logger } from '../ports/logger.port';

/** In-process event bus: synchronous, in subscription order; a throwing listener is logged and skipped. */
export class EngineEventBus implements EngineEventsPort {
  private readonly listeners = new Map<EngineEventType, Set<(event: EngineEvent) => void>>();

  constructor(private readonly logger: Logger) {}

  emit(event: EngineEvent): void {
    for (const listener of [...(this.listeners.get(event.type) ?? [])]) {
      try {
        listener(event);
      } catch (err) {
        this.logger.error({ err, event: event.type }, 'engine event listener failed');
      }
    }
  }

  on<T extends EngineEventType>(type: T, listener: (event: EngineEventOf<T>) => void): () => void {
    const set = this.listeners.get(type) ?? new Set();
    this.listeners.set(type, set);
    const wrapped = listener as (event: EngineEvent) => void;
    set.add(wrapped);
    return () => void set.delete(wrapped);
  }
}
