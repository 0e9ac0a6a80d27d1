/** Asterisk's MAX_ARGS in res_agi.c: at most 127 words are kept, the rest is dropped. */
const MAX_WORDS = 127;

/**
 * Splits a command line into words exactly as Asterisk 20's `parse_args` (res_agi.c) does, so the
 * simulator reads what a real Asterisk would read: space/tab separate words, `"` toggles quoting
 * (and starts a word when it follows whitespace), `\` makes the next character literal (also
 * inside quotes), and a `\r` is just another character (a CRLF line keeps it in its last word).
 */
export function parseAgiArgs(line: string): string[] {
  const words: string[] = [];
  let quoted = false;
  let escaped = false;
  let whitespace = true;
  const append = (ch: string): void => {
    if (whitespace) {
      if (words.length >= MAX_WORDS) return;
      words.push('');
      whitespace = false;
    }
    words[words.length - 1] += ch;
    escaped = false;
  };
  for (const ch of line) {
    if (ch === '"' && !escaped) {
      quoted = !quoted;
      if (quoted && whitespace && words.length < MAX_WORDS) {
        words.push('');
        whitespace = false;
      }
    } else if ((ch === ' ' || ch === '\t') && !quoted && !escaped) {
      whitespace = true;
    } else if (ch === '\\' && !escaped) {
      escaped = true;
    } else {
      append(ch);
    }
  }
  return words;
}
