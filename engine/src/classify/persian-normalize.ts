/**
 * Text normalisation for the local intent classifier. A transcript (from STT, or typed) and every
 * token-list phrase go through the SAME function, so a phrase matches whatever spelling variant the
 * STT or a scenario author used. The output is for matching only: never show it to a person.
 *
 * Rules, in order (each has a table test in test/unit/engine/classify/persian-normalize.test.ts):
 *  1. Unicode NFKC: Arabic presentation forms (ﻻ, ﺑ, …) and full-width Latin become plain letters.
 *  2. Zero-width and bidi controls (ZWNJ U+200C, ZWSP, ZWJ, LRM/RLM, embeddings, isolates, word
 *     joiner, BOM, soft hyphen) → space. ZWNJ separates the parts of one word in Persian
 *     ("نمی‌خوام"); the matcher is space-insensitive inside a phrase, so "نمی‌خوام", "نمیخوام" and
 *     "نمی خوام" all match the same phrase.
 *  3. Combining marks removed: harakat U+064B–U+065F (incl. hamza above U+0654), superscript alef
 *     U+0670, Quranic marks U+06D6–U+06ED, and any other non-spacing mark; tatweel U+0640 removed.
 *  4. Letters unified: Arabic yeh ي and alef maksura ى → Persian yeh ی; Arabic kaf ك → ک;
 *     teh marbuta ة, heh-yeh ۀ, heh goal ہ/ۃ, heh doachashmee ھ and ae ە → ه; waw-hamza ؤ → و;
 *     yeh-hamza ئ → ی; alef forms أ إ ٱ AND آ → ا; a standalone hamza ء is dropped.
 *     Why آ → ا: colloquial typing and some STT output drop the madda ("اره" for "آره"); no two
 *     phrases the classifier must tell apart differ only by the madda, so merging them is safe.
 *  5. Digits: Persian ۰-۹ and Arabic-Indic ٠-٩ → ASCII 0-9.
 *  6. Punctuation and symbols (Persian ، ؛ ؟ « » ٪ ٫ ٬, ASCII, quotes, dashes, emoji) → space:
 *     everything that is not a letter, a digit or whitespace.
 *  7. Latin lower-cased.
 *  8. Elongation: a run of 3+ identical letters becomes one ("آرهههه", "nooo"), and a doubled final
 *     heh becomes one ("نهه" → "نه"), because speakers stretch these words and STT writes the stretch.
 *  9. Whitespace collapsed to single spaces, trimmed.
 */
export function normalizePersian(text: string): string {
  if (typeof text !== 'string' || text.length === 0) return '';
  let s = text.normalize('NFKC');
  s = s.replace(INVISIBLES, ' ');
  s = s.replace(MARKS, '');
  s = s.replace(LETTER_VARIANTS, (ch) => LETTER_MAP[ch] ?? ch);
  s = s.replace(NON_LATIN_DIGITS, (ch) => String(digitValue(ch)));
  s = s.replace(NOT_WORD_CHAR, ' ');
  s = s.toLowerCase();
  s = s.replace(LONG_RUNS, '$1').replace(DOUBLED_FINAL_HEH, 'ه');
  return s.replace(/\s+/gu, ' ').trim();
}

/** Zero-width characters, bidi controls, word joiner, BOM and the soft hyphen. */
const INVISIBLES = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/gu;

/** Harakat and every other combining mark (U+064B–U+065F, U+0670, U+06D6–U+06ED, …) plus tatweel. */
const MARKS = /[\p{Mn}\p{Me}\u0640]/gu;

const LETTER_MAP: Readonly<Record<string, string>> = {
  '\u064A': 'ی', // ي Arabic yeh
  '\u0649': 'ی', // ى alef maksura
  '\u0626': 'ی', // ئ yeh with hamza
  '\u0643': 'ک', // ك Arabic kaf
  '\u0629': 'ه', // ة teh marbuta
  '\u06C0': 'ه', // ۀ heh with yeh above
  '\u06C1': 'ه', // ہ heh goal
  '\u06C3': 'ه', // ۃ teh marbuta goal
  '\u06BE': 'ه', // ھ heh doachashmee
  '\u06D5': 'ه', // ە ae
  '\u0623': 'ا', // أ alef with hamza above
  '\u0625': 'ا', // إ alef with hamza below
  '\u0671': 'ا', // ٱ alef wasla
  '\u0622': 'ا', // آ alef with madda (see rule 4)
  '\u0624': 'و', // ؤ waw with hamza
  '\u0621': '', // ء standalone hamza
};
const LETTER_VARIANTS = new RegExp(`[${Object.keys(LETTER_MAP).join('')}]`, 'gu');

/** Persian (U+06F0–U+06F9) and Arabic-Indic (U+0660–U+0669) digits. */
const NON_LATIN_DIGITS = /[\u06F0-\u06F9\u0660-\u0669]/gu;
function digitValue(ch: string): number {
  const code = ch.charCodeAt(0);
  return code >= 0x06f0 ? code - 0x06f0 : code - 0x0660;
}

const NOT_WORD_CHAR = /[^\p{L}\p{N}\s]/gu;
const LONG_RUNS = /(\p{L})\1{2,}/gu;
const DOUBLED_FINAL_HEH = /هه(?=\s|$)/gu;
