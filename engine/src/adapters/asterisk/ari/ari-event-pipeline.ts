/**
 * The path of every ARI frame: parse → map → drop duplicates → deliver to the port's listeners.
 * Nothing on this path may throw into the socket: malformed JSON, unknown event types, events
 * without ids and failing listeners are counted, logged and skipped.
 */
import type { CallEvent, CallEventListener } from '../../../ports/call-event';
import type { Clock } from '../../../ports/clock.port';
import type { Logger } from '../../../ports/logger.port';
import type { EventDeduplicator } from './ari-dedup';
import { mapAriEvent } from './ari-event-map';
import type { AriMetrics } from './ari-metrics';

export interface AriEventPipelineDeps {
  readonly logger: Logger;
  readonly metrics: AriMetrics;
  readonly clock: Clock;
  readonly dedup: EventDeduplicator;
  /** Called after an `app.replaced` event was delivered. */
  readonly onAppReplaced: () => void;
  /** Called for every delivered event, before the listeners (the adapter's own bookkeeping). */
  readonly observe?: (event: CallEvent) => void;
}

// After this many warnings about bad frames, further ones go to debug: a broken peer must not flood the log.
const MAX_FRAME_WARNINGS = 10;

export class AriEventPipeline {
  private readonly listeners = new Set<CallEventListener>();
  private readonly unknownTypes = new Set<string>();
  private frameWarnings = 0;

  constructor(private readonly deps: AriEventPipelineDeps) {}

  subscribe(listener: CallEventListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /** One WebSocket text frame. Never throws. */
  handleFrame(text: string): void {
    let message: unknown;
    try {
      message = JSON.parse(text);
    } catch {
      this.dropBadFrame('malformed JSON frame', text);
      return;
    }
    const result = mapAriEvent(message, this.deps.clock.now());
    switch (result.kind) {
      case 'event':
        this.emit(result.event);
        return;
      case 'ignored':
        this.deps.metrics.events.inc({ outcome: 'ignored' });
        return;
      case 'unknown':
        this.deps.metrics.events.inc({ outcome: 'unknown' });
        if (!this.unknownTypes.has(result.type)) {
          this.unknownTypes.add(result.type);
          this.deps.logger.debug({ eventType: result.type }, 'unknown ARI event type ignored');
        }
        return;
      case 'invalid':
        this.dropBadFrame(result.reason, text);
        return;
    }
  }

  /** Delivers an event (from a frame or made by the adapter) unless it is a duplicate. */
  emit(event: CallEvent): void {
    if (!this.deps.dedup.accept(event, this.deps.clock.now())) {
      this.deps.metrics.events.inc({ outcome: 'duplicate' });
      this.deps.logger.debug({ eventType: event.type }, 'duplicate call event dropped');
      return;
    }
    this.deps.metrics.events.inc({ outcome: 'delivered' });
    this.deps.observe?.(event);
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (err) {
        this.deps.logger.error({ err, eventType: event.type }, 'call event listener failed');
      }
    }
    if (event.type === 'app.replaced') this.deps.onAppReplaced();
  }

  private dropBadFrame(reason: string, text: string): void {
    this.deps.metrics.events.inc({ outcome: 'invalid' });
    this.frameWarnings += 1;
    const level = this.frameWarnings <= MAX_FRAME_WARNINGS ? 'warn' : 'debug';
    this.deps.logger[level]({ reason, frameStart: text.slice(0, 120) }, 'ARI frame dropped');
  }
}
