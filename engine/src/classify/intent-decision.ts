import type { PhraseMatch } from './phrase-matcher';

/**
 * Precedence when a reply holds phrases of several labels (first wins):
 *
 *   dnc_request > number_question > callback_request > the scenario's own labels (in the order of
 *   the step's `labels`) > no > identity_question > yes > the fallback label
 *
 * Why: a request not to be called must be honoured even inside a question; "بله، شماره منو از کجا
 * آوردید" asks where the number came from, the "بله" is only a greeting; an explicit negative beats a
 * positive ("نه ممنون، بله؟", "بله ولی نمیخوام") because people decline politely after saying
 * "yes"; a scenario's own labels are more specific than the generic yes/no words. Weak votes
 * (a bare "ممنون") count only when no strong phrase gave an allowed label.
 */
export const LEADING_LABELS: readonly string[] = ['dnc_request', 'number_question', 'callback_request'];
export const TRAILING_LABELS: readonly string[] = ['no', 'identity_question', 'yes'];

export interface IntentDecision {
  readonly label: string;
  /** The phrase (as written in the token list) that decided, when one did. */
  readonly matched?: string;
}

interface Vote {
  readonly label: string;
  readonly phrase: string;
}

/** Picks the label of the reply from its phrase matches; `fallbackLabel` when none is allowed. */
export function decideIntent(matches: readonly PhraseMatch[], labels: readonly string[], fallbackLabel: string): IntentDecision {
  const allowed = new Set(labels);
  let votes = effectiveVotes(matches, allowed, false);
  if (votes.length === 0) votes = effectiveVotes(matches, allowed, true);
  let best: Vote | undefined;
  let bestRank = Number.POSITIVE_INFINITY;
  for (const vote of votes) {
    const r = rank(vote.label, labels, fallbackLabel);
    if (r < bestRank) {
      best = vote;
      bestRank = r;
    }
  }
  return best ? { label: best.label, matched: best.phrase } : { label: fallbackLabel };
}

/** Each vote's effective label: the most specific label of its chain that the step allows. */
function effectiveVotes(matches: readonly PhraseMatch[], allowed: ReadonlySet<string>, weak: boolean): Vote[] {
  const votes: Vote[] = [];
  for (const match of matches) {
    for (const vote of match.entry.votes) {
      if (vote.weak !== weak) continue;
      const label = vote.chain.find((l) => allowed.has(l));
      if (label !== undefined) votes.push({ label, phrase: match.entry.pattern.source });
    }
  }
  return votes;
}

function rank(label: string, labels: readonly string[], fallbackLabel: string): number {
  const leading = LEADING_LABELS.indexOf(label);
  if (leading >= 0) return leading;
  const trailing = TRAILING_LABELS.indexOf(label);
  if (trailing >= 0) return 2_000 + trailing;
  if (label === fallbackLabel) return 3_000;
  return 100 + labels.indexOf(label);
}
