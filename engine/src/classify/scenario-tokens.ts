import type { IntentTokens } from '../ports/intent.port';
import type { LexiconSource } from './intent-lexicon';
import { parsePattern } from './phrase-pattern';

/**
 * Merges a scenario's `tokens` into the defaults. A scenario EXTENDS the defaults label by label:
 *
 * - `"phrase"` adds the phrase to that label (as a strong phrase);
 * - `"-phrase"` removes that default phrase from that label (compared after normalisation);
 * - `"-*"` removes all of that label's default phrases, so the scenario's list REPLACES them.
 *
 * Labels the defaults do not know are new labels. A finer default label keeps counting as its
 * coarser one (`dnc_request` → `no`) for phrases the scenario adds to it.
 */
export function mergeScenarioTokens(defaults: LexiconSource, scenario: IntentTokens): LexiconSource {
  const strong = copyLists(defaults.strong);
  const weak = copyLists(defaults.weak ?? {});
  for (const [label, phrases] of Object.entries(scenario)) {
    if (!Array.isArray(phrases)) continue;
    const entries = phrases.filter((p): p is string => typeof p === 'string').map((p) => p.trim());
    const removals = entries.filter((p) => p.startsWith('-')).map((p) => p.slice(1).trim());
    const additions = entries.filter((p) => !p.startsWith('-'));
    for (const lists of [strong, weak]) {
      lists[label] = removeFrom(lists[label] ?? [], removals);
    }
    strong[label] = [...(strong[label] ?? []), ...additions];
  }
  return { strong, weak, ...(defaults.refines ? { refines: defaults.refines } : {}) };
}

function copyLists(tokens: IntentTokens): Record<string, string[]> {
  const copy: Record<string, string[]> = {};
  for (const [label, phrases] of Object.entries(tokens)) copy[label] = [...phrases];
  return copy;
}

function removeFrom(phrases: readonly string[], removals: readonly string[]): string[] {
  if (removals.length === 0) return [...phrases];
  if (removals.includes('*')) return [];
  const keys = new Set(removals.map((r) => parsePattern(r)?.key).filter((k): k is string => k !== undefined));
  return phrases.filter((p) => {
    const key = parsePattern(p)?.key;
    return key === undefined || !keys.has(key);
  });
}
