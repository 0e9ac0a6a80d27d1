import { normalizePersian } from './persian-normalize';

/**
 * A reply longer than this is cut: a 10-second answer is a few dozen words, and the cap bounds the
 * matcher's work on a runaway transcript (STT of background TV, a misrouted long recording).
 */
export const MAX_TOKENS = 256;

/** Normalised words of a transcript or phrase, in order (see `normalizePersian`). */
export function tokenize(text: string): string[] {
  const normalized = normalizePersian(text);
  if (normalized.length === 0) return [];
  const tokens = normalized.split(' ');
  return tokens.length > MAX_TOKENS ? tokens.slice(0, MAX_TOKENS) : tokens;
}
