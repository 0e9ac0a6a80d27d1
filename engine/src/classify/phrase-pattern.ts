import { tokenize } from './tokenizer';

/**
 * The small pattern language of token lists (defaults and per-scenario `tokens`):
 *
 * - `بله`, `نه ممنون`, `چرا که نه`: words that must appear as a contiguous run of whole words in
 *   the normalised reply. Matching is anchored on word boundaries at both ends (so `اره` never
 *   matches inside `شماره`, nor `no` inside `unknown`) but ignores the spaces inside the run, so
 *   `نمیخوام` matches the reply words `نمی خوام` and the other way round (ZWNJ becomes a space).
 * - a trailing `*` lets the LAST word continue: `از کجا اورد*` matches `از کجا آوردید/آوردین/آوردی`.
 *   The start of the word is still anchored. The fixed part must be at least 2 letters.
 * - `...` (or `…`) between parts allows up to {@link MAX_GAP} other words in between, in that
 *   order: `شماره ... از کجا` matches `شماره‌ی من رو از کجا آوردید`.
 */
export const MAX_GAP = 4;

export interface PatternSegment {
  /** The normalised words of this part joined without spaces (the matcher is space-insensitive). */
  readonly text: string;
  /** True when the part ended with `*`: its last word may continue. */
  readonly prefix: boolean;
}

export interface PhrasePattern {
  /** The phrase as written in the token list (reported as `matched` for the review log). */
  readonly source: string;
  readonly segments: readonly PatternSegment[];
  /** Identity of the pattern after normalisation: two spellings of one phrase share the key. */
  readonly key: string;
}

const GAP_SEPARATOR = /\s*(?:\.\.\.|…)\s*/u;
const MIN_PREFIX = 2;

/** Parses one token-list phrase; null when nothing matchable is left after normalisation. */
export function parsePattern(source: string): PhrasePattern | null {
  if (typeof source !== 'string') return null;
  const segments: PatternSegment[] = [];
  for (const part of source.split(GAP_SEPARATOR)) {
    const segment = parseSegment(part);
    if (!segment) return null;
    segments.push(segment);
  }
  if (segments.length === 0) return null;
  const key = segments.map((s) => s.text + (s.prefix ? '*' : '')).join(' ... ');
  return { source: source.trim(), segments, key };
}

function parseSegment(part: string): PatternSegment | null {
  const trimmed = part.trim();
  const prefix = trimmed.endsWith('*');
  const text = tokenize(prefix ? trimmed.slice(0, -1) : trimmed).join('');
  if (text.length === 0) return null;
  if (prefix && text.length < MIN_PREFIX) return null;
  return { text, prefix };
}
