/**
 * Turns the model's text into one of the allowed labels, or nothing. Matching is EXACT on a whole
 * token (case-insensitive): never by substring, because "no" is inside "unknown" and legacy once
 * mis-routed replies that way. Anything that is not clearly an allowed label returns undefined, and
 * the caller falls back to the local classifier.
 */

/** Punctuation and quotes a model wraps a bare label in (ASCII, typographic and Persian). */
const EDGE_PUNCTUATION = /^[\s"'`«»“”‘’.,;:!?()[\]{}<>*_\-،؛؟]+|[\s"'`«»“”‘’.,;:!?()[\]{}<>*_\-،؛؟]+$/g;
/** Words a model sometimes puts before the label: `Intent: yes`, `label - no`. */
const LEAD_WORDS = new Set(['intent', 'label', 'answer', 'classification']);

export function parseLabel(content: string, allowed: readonly string[]): string | undefined {
  const text = stripCodeFence(content.trim());
  if (!text) return undefined;
  const json = text.startsWith('{') ? parseObject(text) : undefined;
  return json ? labelFromJson(json, allowed) : labelFromWords(text, allowed);
}

/** ```json\n{...}\n``` → {...} */
function stripCodeFence(text: string): string {
  const fenced = /^```[a-z]*\s*([\s\S]*?)\s*```$/i.exec(text);
  return fenced ? (fenced[1] ?? '').trim() : text;
}

/** A JSON object, or undefined for text that only starts like one (e.g. cut short by max_tokens). */
function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `{"intent": "yes", ...extra keys}`; a valid JSON answer with a wrong or missing intent is not rescued from its words. */
function labelFromJson(record: Record<string, unknown>, allowed: readonly string[]): string | undefined {
  const candidate = record['intent'] ?? record['label'];
  return typeof candidate === 'string' ? exact(candidate, allowed) : undefined;
}

function labelFromWords(text: string, allowed: readonly string[]): string | undefined {
  // A JSON string literal ("yes") or the whole answer may be the label, even one with a space in it.
  const whole = exact(text, allowed);
  if (whole) return whole;
  const words = text.split(/\s+/).map(clean).filter((w) => w.length > 0);
  const first = words[0];
  if (first === undefined) return undefined;
  if (LEAD_WORDS.has(first.toLowerCase()) && words[1] !== undefined) return exact(words[1], allowed);
  return exact(first, allowed);
}

function clean(word: string): string {
  return word.replace(EDGE_PUNCTUATION, '');
}

/** The allowed label equal to `candidate` after trimming quotes/punctuation, in the label's own spelling. */
function exact(candidate: string, allowed: readonly string[]): string | undefined {
  const wanted = clean(candidate).toLowerCase();
  if (!wanted) return undefined;
  return allowed.find((label) => label.toLowerCase() === wanted);
}
