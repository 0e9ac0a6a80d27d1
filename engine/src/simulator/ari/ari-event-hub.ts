import { WebSocket } from 'ws';
import type { Logger } from '../../ports/logger.port';
import type { SimWorld } from '../core/sim-world';
import type { WorldEvent } from '../core/world-events';
import type { AriFaults } from './ari-faults';
import { applicationReplaced, frameForApp } from './ari-event-render';

/**
 * The ARI WebSockets (`res/ari/ari_websockets.c`, `res/stasis/app.c`): a socket registers apps;
 * a second socket taking an app sends ApplicationReplaced to the old one, which stays open but
 * gets nothing more for that app; a closed socket deactivates its apps (channels stay in Stasis).
 * Each world event goes, as one text frame, to the socket holding each app of its audience.
 */
export class AriEventHub {
  private readonly owners = new Map<string, WebSocket>();
  private readonly sockets = new Set<WebSocket>();
  private unsubscribe?: () => void;
  /** Frames sent and dropped (fault injection), for tests and benchmarks. */
  sent = 0;
  dropped = 0;

  constructor(
    private readonly world: SimWorld,
    private readonly faults: AriFaults,
    private readonly log: Logger,
  ) {}

  start(): void {
    this.unsubscribe ??= this.world.on((event) => this.dispatch(event));
  }

  stop(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }

  get connections(): number {
    return this.sockets.size;
  }

  /** Apps held by open sockets. */
  activeApps(): string[] {
    return [...this.owners.keys()];
  }

  attach(ws: WebSocket, apps: readonly string[], subscribeAll: boolean): void {
    this.sockets.add(ws);
    ws.on('close', () => this.detach(ws));
    ws.on('error', (err) => this.log.debug({ err }, 'ARI WebSocket error'));
    for (const app of apps) {
      const previous = this.owners.get(app);
      if (previous && previous !== ws) this.send(previous, applicationReplaced(app, this.world.asteriskId, this.world.clock.wallNow()));
      this.owners.set(app, ws);
      this.world.apps.activate(app, subscribeAll);
    }
  }

  /** Crash: every socket ends without a close frame (the client sees 1006). */
  terminateAll(): void {
    for (const ws of this.sockets) ws.terminate();
  }

  /** Orderly stop: close frames with 1001 (going away). */
  closeAll(): void {
    for (const ws of this.sockets) ws.close(1001, 'Asterisk shutting down');
  }

  private detach(ws: WebSocket): void {
    this.sockets.delete(ws);
    for (const [app, owner] of this.owners) {
      if (owner !== ws) continue;
      this.owners.delete(app);
      this.world.apps.deactivate(app);
    }
  }

  private dispatch(event: WorldEvent): void {
    for (const app of event.audience) {
      const ws = this.owners.get(app);
      if (!ws || ws.readyState !== WebSocket.OPEN) continue;
      const frame = frameForApp(event, app, this.world.asteriskId);
      if (!frame) continue;
      if (this.faults.dropEventRatio > 0 && this.faults.random() < this.faults.dropEventRatio) {
        this.dropped += 1;
        continue;
      }
      this.send(ws, frame);
    }
  }

  private send(ws: WebSocket, frame: Record<string, unknown>): void {
    if (ws.readyState !== WebSocket.OPEN) return;
    this.sent += 1;
    ws.send(JSON.stringify(frame), (err) => {
      if (err) this.log.debug({ err }, 'ARI event not delivered');
    });
  }
}
