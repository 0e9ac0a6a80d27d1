import {
  ATTEMPT_STATES, type AttemptState, type AuditAction, type CampaignState,
} from '../../ports/call-store.port';
import { invalidTransition } from './store-input';

/**
 * The life cycles every store adapter enforces (PRODUCT.md §2). Kept apart from SQL so the PostgreSQL
 * adapter applies exactly the same rules.
 */

/** Which campaign states each state may move to. `stopped` is final. */
export const CAMPAIGN_MOVES: Readonly<Record<CampaignState, readonly CampaignState[]>> = {
  draft: ['running', 'stopped'],
  running: ['paused', 'stopped', 'completed'],
  paused: ['running', 'stopped'],
  // A completed campaign runs again when new contacts are imported or reopened.
  completed: ['running', 'stopped'],
  stopped: [],
};

/** States a campaign may be created in. */
export const INITIAL_CAMPAIGN_STATES: readonly CampaignState[] = ['draft', 'running', 'paused'];

export function checkCampaignMove(id: string, from: CampaignState, to: CampaignState): void {
  if (!CAMPAIGN_MOVES[from].includes(to)) {
    throw invalidTransition(`campaign ${id} cannot go from ${from} to ${to}`, { id, from, to });
  }
}

/** The audit event that records a campaign moving from `from` to `to`. */
export function auditActionFor(from: CampaignState, to: CampaignState): AuditAction {
  if (to === 'paused') return 'paused';
  if (to === 'stopped') return 'stopped';
  if (to === 'completed') return 'completed';
  if (from === 'paused') return 'resumed';
  if (from === 'completed') return 'reopened';
  return 'started';
}

function rank(state: AttemptState): number {
  return ATTEMPT_STATES.indexOf(state);
}

/** A live attempt may stay in its state or move forward; never back, never out of `finished`. */
export function checkAttemptMove(id: string, from: AttemptState, to: AttemptState): void {
  if (from === 'finished') throw invalidTransition(`attempt ${id} is already finished`, { id, from, to });
  if (rank(to) < rank(from)) throw invalidTransition(`attempt ${id} cannot go back from ${from} to ${to}`, { id, from, to });
}
