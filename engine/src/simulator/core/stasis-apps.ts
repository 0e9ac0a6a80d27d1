import type { StasisAppSnapshot } from './world-model';

interface StasisApp {
  readonly name: string;
  active: boolean;
  subscribeAll: boolean;
  readonly channelIds: Set<string>;
  readonly bridgeIds: Set<string>;
  readonly endpointIds: Set<string>;
}

/** What an event is about, for finding the apps subscribed to it. */
export interface AudienceScope {
  readonly channels?: readonly string[];
  readonly bridge?: string;
  readonly endpoint?: string;
}

export type EventSourceKind = 'channel' | 'bridge' | 'endpoint';

/**
 * The Stasis applications (`res/stasis/app.c`): an app exists once a client registered it over a
 * WebSocket, is active while a socket holds it, and is subscribed to the channels it originated
 * or that entered it, the bridges its channels entered, and explicit event sources. A closed
 * socket deactivates the app but keeps its subscriptions (channels stay in Stasis).
 */
export class StasisApps {
  private readonly apps = new Map<string, StasisApp>();

  /** A client registered `name` (WebSocket connect). */
  activate(name: string, subscribeAll = false): void {
    const app = this.apps.get(name) ?? this.create(name);
    app.active = true;
    app.subscribeAll = subscribeAll;
  }

  /** The last socket holding `name` closed. */
  deactivate(name: string): void {
    const app = this.apps.get(name);
    if (app) app.active = false;
  }

  exists(name: string): boolean {
    return this.apps.has(name);
  }

  isActive(name: string): boolean {
    return this.apps.get(name)?.active ?? false;
  }

  subscribe(name: string, kind: EventSourceKind, id: string): boolean {
    const app = this.apps.get(name);
    if (!app) return false;
    this.setOf(app, kind).add(id);
    return true;
  }

  unsubscribe(name: string, kind: EventSourceKind, id: string): boolean {
    const app = this.apps.get(name);
    if (!app) return false;
    return this.setOf(app, kind).delete(id);
  }

  isSubscribed(name: string, kind: EventSourceKind, id: string): boolean {
    const app = this.apps.get(name);
    return app ? this.setOf(app, kind).has(id) : false;
  }

  /** Drops a destroyed channel or bridge from every app. */
  forget(kind: EventSourceKind, id: string): void {
    for (const app of this.apps.values()) this.setOf(app, kind).delete(id);
  }

  /** The apps that see an event about `scope`, in registration order. */
  audienceFor(scope: AudienceScope): string[] {
    const out: string[] = [];
    for (const app of this.apps.values()) {
      if (app.subscribeAll || this.covers(app, scope)) out.push(app.name);
    }
    return out;
  }

  list(): StasisAppSnapshot[] {
    return [...this.apps.values()].map((app) => this.snapshotOf(app));
  }

  get(name: string): StasisAppSnapshot | undefined {
    const app = this.apps.get(name);
    return app ? this.snapshotOf(app) : undefined;
  }

  /** A restarted PBX knows no applications until clients register again. */
  reset(): void {
    this.apps.clear();
  }

  private covers(app: StasisApp, scope: AudienceScope): boolean {
    if (scope.channels?.some((id) => app.channelIds.has(id))) return true;
    if (scope.bridge !== undefined && app.bridgeIds.has(scope.bridge)) return true;
    return scope.endpoint !== undefined && app.endpointIds.has(scope.endpoint);
  }

  private create(name: string): StasisApp {
    const app: StasisApp = { name, active: false, subscribeAll: false, channelIds: new Set(), bridgeIds: new Set(), endpointIds: new Set() };
    this.apps.set(name, app);
    return app;
  }

  private setOf(app: StasisApp, kind: EventSourceKind): Set<string> {
    if (kind === 'channel') return app.channelIds;
    if (kind === 'bridge') return app.bridgeIds;
    return app.endpointIds;
  }

  private snapshotOf(app: StasisApp): StasisAppSnapshot {
    return { name: app.name, channelIds: [...app.channelIds], bridgeIds: [...app.bridgeIds], endpointIds: [...app.endpointIds] };
  }
}
