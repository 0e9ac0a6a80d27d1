import type { IntentTokens } from '../ports/intent.port';
import { parsePattern, type PhrasePattern } from './phrase-pattern';

/** One label a phrase votes for, with the coarser labels it falls back to (`dnc_request` → `no`). */
export interface LabelVote {
  /** Most specific label first; the first one the request allows is the effective label. */
  readonly chain: readonly string[];
  /** Weak votes count only when no strong phrase matched (e.g. a bare "ممنون"). */
  readonly weak: boolean;
}

export interface LexiconEntry {
  readonly pattern: PhrasePattern;
  readonly votes: readonly LabelVote[];
}

/** A compiled token list: patterns indexed for the matcher. Immutable; build once, reuse. */
export interface IntentLexicon {
  readonly entries: readonly LexiconEntry[];
  /** Distinct segments (`text` + `prefix`); entries refer to them by index. */
  readonly segments: readonly { readonly text: string; readonly prefix: boolean }[];
  /** Per entry, the segment index of each of its parts. */
  readonly entrySegments: readonly (readonly number[])[];
  /** Exact segment text → segment indexes. */
  readonly exact: ReadonlyMap<string, readonly number[]>;
  /** Prefix segment text → segment indexes. */
  readonly prefixes: ReadonlyMap<string, readonly number[]>;
  /** Distinct lengths of prefix segments, ascending. */
  readonly prefixLengths: readonly number[];
  /** First segment index → entries starting with it. */
  readonly entriesByFirstSegment: ReadonlyMap<number, readonly number[]>;
  /** Longest segment text: the matcher never joins more letters than this. */
  readonly maxSegmentLength: number;
  /** Phrases that were ignored because nothing matchable was left (empty, `*` alone, …). */
  readonly rejected: readonly string[];
}

export interface LexiconSource {
  readonly strong: IntentTokens;
  readonly weak?: IntentTokens;
  /** Label → the coarser label it refines (`dnc_request` → `no`); chains may be several levels. */
  readonly refines?: Readonly<Record<string, string>>;
}

/** Compiles token lists into an {@link IntentLexicon}. Pure; bad phrases are skipped and listed. */
export function compileLexicon(source: LexiconSource): IntentLexicon {
  const builder = new LexiconBuilder(source.refines ?? {});
  builder.addAll(source.strong, false);
  if (source.weak) builder.addAll(source.weak, true);
  return builder.build();
}

class LexiconBuilder {
  private readonly byKey = new Map<string, { pattern: PhrasePattern; votes: LabelVote[] }>();
  private readonly rejected: string[] = [];

  constructor(private readonly refines: Readonly<Record<string, string>>) {}

  addAll(tokens: IntentTokens, weak: boolean): void {
    for (const [label, phrases] of Object.entries(tokens)) {
      if (!Array.isArray(phrases)) continue;
      const chain = this.chainOf(label);
      for (const phrase of phrases) this.add(phrase, { chain, weak });
    }
  }

  build(): IntentLexicon {
    const entries = [...this.byKey.values()];
    const segments: { text: string; prefix: boolean }[] = [];
    const segmentIds = new Map<string, number>();
    const entrySegments = entries.map((e) =>
      e.pattern.segments.map((s) => {
        const id = `${s.prefix ? '*' : '='}${s.text}`;
        let index = segmentIds.get(id);
        if (index === undefined) {
          index = segments.push({ text: s.text, prefix: s.prefix }) - 1;
          segmentIds.set(id, index);
        }
        return index;
      }),
    );
    return { entries, segments, entrySegments, ...indexSegments(segments, entrySegments), rejected: this.rejected };
  }

  private add(phrase: unknown, vote: LabelVote): void {
    const pattern = typeof phrase === 'string' ? parsePattern(phrase) : null;
    if (!pattern) {
      this.rejected.push(String(phrase));
      return;
    }
    const existing = this.byKey.get(pattern.key);
    if (!existing) {
      this.byKey.set(pattern.key, { pattern, votes: [vote] });
      return;
    }
    const same = existing.votes.find((v) => v.chain[0] === vote.chain[0]);
    if (!same) existing.votes.push(vote);
    else if (same.weak && !vote.weak) existing.votes[existing.votes.indexOf(same)] = vote;
  }

  /** `dnc_request` → [`dnc_request`, `no`]; a cycle in `refines` stops at the first repeat. */
  private chainOf(label: string): string[] {
    const chain = [label];
    for (let next = this.refines[label]; next !== undefined && !chain.includes(next); next = this.refines[next]) {
      chain.push(next);
    }
    return chain;
  }
}

function indexSegments(
  segments: readonly { text: string; prefix: boolean }[],
  entrySegments: readonly (readonly number[])[],
): Pick<IntentLexicon, 'exact' | 'prefixes' | 'prefixLengths' | 'entriesByFirstSegment' | 'maxSegmentLength'> {
  const exact = new Map<string, number[]>();
  const prefixes = new Map<string, number[]>();
  segments.forEach((s, i) => {
    const map = s.prefix ? prefixes : exact;
    map.set(s.text, [...(map.get(s.text) ?? []), i]);
  });
  const entriesByFirstSegment = new Map<number, number[]>();
  entrySegments.forEach((segs, entry) => {
    const first = segs[0];
    if (first === undefined) return;
    entriesByFirstSegment.set(first, [...(entriesByFirstSegment.get(first) ?? []), entry]);
  });
  const prefixLengths = [...new Set([...prefixes.keys()].map((k) => k.length))].sort((a, b) => a - b);
  const maxSegmentLength = segments.reduce((max, s) => Math.max(max, s.text.length), 0);
  return { exact, prefixes, prefixLengths, entriesByFirstSegment, maxSegmentLength };
}
