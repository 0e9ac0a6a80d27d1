import type { IntentLexicon, LexiconEntry } from './intent-lexicon';
import { MAX_GAP } from './phrase-pattern';

/** A phrase found in the reply, after overlaps were resolved. */
export interface PhraseMatch {
  readonly entry: LexiconEntry;
  /** Index of the first word of the first part. */
  readonly start: number;
  /** Words the phrase's parts cover (the words in a `...` gap are not covered). */
  readonly covered: readonly number[];
  /** Letters covered: the longer match wins an overlap. */
  readonly weight: number;
}

/** Words `start..end` (inclusive) of the reply; `letters` = their joined length. */
interface Run {
  readonly start: number;
  readonly end: number;
  readonly letters: number;
}

/**
 * Every phrase of the lexicon found in the reply's words, without overlaps, in text order.
 *
 * Overlaps: the match covering more letters wins ("چرا که نه" beats the "نه" inside it; "نه
 * ممنون" beats the weak "ممنون"); on a tie the earlier one wins. A phrase that lost its words to a
 * longer one does not count at all.
 */
export function findPhrases(words: readonly string[], lexicon: IntentLexicon): PhraseMatch[] {
  const runs = scanSegments(words, lexicon);
  const candidates: PhraseMatch[] = [];
  for (const [segment, segmentRuns] of runs) {
    for (const entryIndex of lexicon.entriesByFirstSegment.get(segment) ?? []) {
      const entry = lexicon.entries[entryIndex];
      const parts = lexicon.entrySegments[entryIndex];
      if (!entry || !parts) continue;
      for (const first of segmentRuns) {
        const match = chain(entry, parts, first, runs);
        if (match) candidates.push(match);
      }
    }
  }
  return selectLongest(candidates);
}

/**
 * For each start word, joins words one by one (without spaces) and looks the joined text up as an
 * exact segment, or as the fixed part of a `*` segment ending inside the last joined word. Stops
 * once the joined text is longer than any segment, so the cost is words × (a few words).
 */
function scanSegments(words: readonly string[], lexicon: IntentLexicon): Map<number, Run[]> {
  const runs = new Map<number, Run[]>();
  const record = (segments: readonly number[] | undefined, run: Run): void => {
    for (const segment of segments ?? []) {
      const list = runs.get(segment);
      if (list) list.push(run);
      else runs.set(segment, [run]);
    }
  };
  for (let start = 0; start < words.length; start++) {
    let joined = '';
    for (let end = start; end < words.length; end++) {
      const before = joined.length;
      if (before >= lexicon.maxSegmentLength) break;
      joined += words[end];
      const run = { start, end, letters: joined.length };
      record(lexicon.exact.get(joined), run);
      for (const length of lexicon.prefixLengths) {
        if (length <= before) continue;
        if (length > joined.length) break;
        record(lexicon.prefixes.get(joined.slice(0, length)), run);
      }
    }
  }
  return runs;
}

/** Completes a multi-part phrase from its first part: each next part starts within MAX_GAP words. */
function chain(entry: LexiconEntry, parts: readonly number[], first: Run, runs: ReadonlyMap<number, Run[]>): PhraseMatch | null {
  const used: Run[] = [first];
  let previous = first;
  for (const part of parts.slice(1)) {
    const next = (runs.get(part) ?? []).find((r) => r.start > previous.end && r.start - previous.end - 1 <= MAX_GAP);
    if (!next) return null;
    used.push(next);
    previous = next;
  }
  const covered = used.flatMap((r) => Array.from({ length: r.end - r.start + 1 }, (_, i) => r.start + i));
  return { entry, start: first.start, covered, weight: used.reduce((sum, r) => sum + r.letters, 0) };
}

function selectLongest(candidates: PhraseMatch[]): PhraseMatch[] {
  const ordered = [...candidates].sort((a, b) => b.weight - a.weight || a.start - b.start);
  const taken = new Set<number>();
  const chosen: PhraseMatch[] = [];
  for (const candidate of ordered) {
    if (candidate.covered.some((w) => taken.has(w))) continue;
    candidate.covered.forEach((w) => taken.add(w));
    chosen.push(candidate);
  }
  return chosen.sort((a, b) => a.start - b.start);
}
