import type { Logger } from '../../ports/logger.port';
import type { RenderedEvent } from './ami-event-render';
import type { AmiWorldView, SimOriginateOutcome, SimOriginateRequest } from './ami-world-view';

export interface AmiUser {
  readonly username: string;
  readonly secret: string;
}

/** An originate waiting for its outcome: async ones become an OriginateResponse, sync ones unblock their session. */
export interface PendingOriginate {
  readonly req: SimOriginateRequest;
  readonly actionId?: string;
  /** Set for synchronous originates: called with the outcome instead of broadcasting OriginateResponse. */
  readonly onResult?: (outcome: SimOriginateOutcome) => void;
}

/** What sessions and action handlers may use of the server. */
export interface AmiServerContext {
  readonly world: AmiWorldView;
  readonly log: Logger;
  readonly versionText: string;
  now(): number;
  isShuttingDown(): boolean;
  isBooted(): boolean;
  uptimeSec(): number;
  /** Checks credentials; MD5 keys are checked against the session's challenge. */
  userFor(username: string): AmiUser | undefined;
  /** Delivers an event to every session whose mask allows its class. */
  broadcast(ev: RenderedEvent): void;
  nextOriginateRef(): string;
  trackOriginate(p: PendingOriginate): void;
  untrackOriginate(ref: string): void;
}
