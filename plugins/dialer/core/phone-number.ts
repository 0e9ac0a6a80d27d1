import { EngineError } from '../../../engine/src/index';

/**
 * Phone numbers, checked BEFORE they can reach a dial string (PRODUCT.md §2). Input files and lists
 * may separate digit groups with spaces, dashes, dots or parentheses; those are dropped. Anything else
 * that is not a digit (or one leading `+`) rejects the whole value with a reason: a value is never
 * "cleaned" into a number, so `0912&Local/x` is refused, not shortened to `0912`.
 */

/** What a normalised, dialable number looks like: digits with an optional leading `+`, 3..15 digits. */
export const DIALABLE_PHONE = /^\+?\d{3,15}$/;

export const MIN_PHONE_DIGITS = 3;
export const MAX_PHONE_DIGITS = 15;
/** Longer raw values are refused before any work (a phone cell is never this long). */
export const MAX_RAW_PHONE_LENGTH = 64;

export type PhoneRejectReason =
  | 'not_a_string'
  | 'empty'
  | 'too_long_input'
  | 'forbidden_character'
  | 'misplaced_plus'
  | 'unbalanced_parentheses'
  | 'misplaced_separator'
  | 'spreadsheet_decimal'
  | 'too_few_digits'
  | 'too_many_digits'
  | 'bad_iran_length';

export type PhoneCheck =
  | { readonly ok: true; readonly phone: string }
  | { readonly ok: false; readonly reason: PhoneRejectReason; readonly message: string };

/** Invisible marks that copy-paste from Persian (right-to-left) text puts around numbers. */
const INVISIBLE = /[\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g;
/** Space-like separators (plain, no-break, thin, narrow no-break, figure space). */
const SPACES = /[ \u00a0\u2007\u2009\u202f]/g;
/** Persian (U+06F0..) and Arabic-Indic (U+0660..) digits: Excel files from Iran often carry them. */
const EASTERN_DIGITS = /[\u0660-\u0669\u06f0-\u06f9]/g;
const ALLOWED = /^[0-9+\-.()]*$/;

const CHARACTER_NAMES: Readonly<Record<string, string>> = {
  '&': 'ampersand', ',': 'comma', '/': 'slash', '@': 'at sign', ';': 'semicolon', '|': 'pipe',
  '"': 'double quote', "'": 'single quote', '`': 'backquote', '\n': 'newline', '\r': 'carriage return',
  '\t': 'tab', '\\': 'backslash', '$': 'dollar', '*': 'asterisk', '#': 'hash', '=': 'equals sign',
};

function reject(reason: PhoneRejectReason, message: string): PhoneCheck {
  return { ok: false, reason, message };
}

function describeCharacter(ch: string): string {
  const name = CHARACTER_NAMES[ch];
  if (name !== undefined) return name;
  const code = ch.codePointAt(0) ?? 0;
  const hex = `U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (/\p{L}/u.test(ch)) return `letter ${JSON.stringify(ch)} (${hex})`;
  if (code < 0x20 || code === 0x7f) return `control character ${hex}`;
  return `${JSON.stringify(ch)} (${hex})`;
}

function toAsciiDigits(s: string): string {
  return s.replace(EASTERN_DIGITS, (d) => String((d.codePointAt(0)! & 0xf) % 10));
}

/** Structural checks on the separator layout; returns null when the layout is acceptable. */
function layoutProblem(s: string): PhoneCheck | null {
  const plus = s.indexOf('+');
  if (plus !== -1 && (s.lastIndexOf('+') !== plus || !/^\(?\+/.test(s))) {
    return reject('misplaced_plus', 'a + may only appear once, at the start');
  }
  let depth = 0;
  for (const ch of s) {
    if (ch === '(') depth += 1;
    else if (ch === ')') depth -= 1;
    if (depth < 0 || depth > 1) return reject('unbalanced_parentheses', 'parentheses must be paired and not nested');
  }
  if (depth !== 0) return reject('unbalanced_parentheses', 'parentheses must be paired and not nested');
  if (/^[-.]|[-.]$|\(\)/.test(s)) return reject('misplaced_separator', 'a dash or dot may only separate digit groups');
  // `9121234567.0` is how a spreadsheet prints a number cell; dropping the dot would dial a wrong number.
  if (/^\+?\d+\.\d{1,2}$/.test(s)) return reject('spreadsheet_decimal', 'looks like a spreadsheet decimal (e.g. 9121234567.0)');
  return null;
}

/** Iranian rules: +98/0098/98 + 10 digits → national `0…`; a 10-digit mobile `9…` gets its leading 0. */
function nationalForm(digits: string, international: boolean): PhoneCheck {
  if (international || digits.startsWith('00')) {
    const body = international ? digits : digits.slice(2);
    if (body.startsWith('98')) {
      if (body.length !== 12) return reject('bad_iran_length', 'an Iranian number (+98) must have 10 digits after 98');
      return { ok: true, phone: `0${body.slice(2)}` };
    }
    return { ok: true, phone: international ? `+${body}` : digits };
  }
  if (digits.length === 12 && digits.startsWith('98')) return { ok: true, phone: `0${digits.slice(2)}` };
  if (digits.length === 10 && digits.startsWith('9')) return { ok: true, phone: `0${digits}` };
  return { ok: true, phone: digits };
}

/**
 * Normalises one raw number (a CSV cell, a list item, an API field) or says why it is refused.
 * The accepted result always matches `DIALABLE_PHONE`.
 */
export function normalisePhone(raw: unknown): PhoneCheck {
  if (typeof raw !== 'string') return reject('not_a_string', 'the number is not text');
  if (raw.length > MAX_RAW_PHONE_LENGTH) return reject('too_long_input', `longer than ${MAX_RAW_PHONE_LENGTH} characters`);
  // No trim(): it would silently drop a tab or newline at the edge, and those must be refused.
  const s = toAsciiDigits(raw.replace(INVISIBLE, '').replace(SPACES, ''));
  if (s.length === 0) return reject('empty', 'the number is empty');
  if (!ALLOWED.test(s)) {
    const bad = [...s].find((ch) => !/[0-9+\-.()]/.test(ch)) ?? '?';
    return reject('forbidden_character', `contains a forbidden character: ${describeCharacter(bad)}`);
  }
  const layout = layoutProblem(s);
  if (layout !== null) return layout;
  const international = s.includes('+');
  const digits = s.replace(/[^0-9]/g, '');
  const result = nationalForm(digits, international);
  if (!result.ok) return result;
  const count = result.phone.replace('+', '').length;
  if (count < MIN_PHONE_DIGITS) return reject('too_few_digits', `fewer than ${MIN_PHONE_DIGITS} digits`);
  if (count > MAX_PHONE_DIGITS) return reject('too_many_digits', `more than ${MAX_PHONE_DIGITS} digits`);
  return result;
}

/** True when `phone` is already in dialable form (the last gate before a dial string). */
export function isDialablePhone(phone: unknown): phone is string {
  return typeof phone === 'string' && DIALABLE_PHONE.test(phone);
}

/**
 * Caller ID of a customer call when nothing else is configured: the line number with its leading
 * zeros stripped (legacy behaviour; the trunk adds the prefix). A line of only zeros stays `0`.
 */
export function lineCallerId(lineNumber: string): string {
  const stripped = lineNumber.replace(/^\+/, '').replace(/^0+/, '');
  return stripped.length > 0 ? stripped : '0';
}

// ---------------------------------------------------------------------------------------------- dial string

/** PJSIP endpoint (trunk) names we accept: nothing that could end the channel name or add another. */
const TRUNK_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,79}$/;
/**
 * Characters never allowed in a dial template: `&` joins channels, `,` and `|` separate application
 * arguments, `;` starts a comment or URI parameter, quotes and `$` invite expansion, whitespace and
 * control characters end the string. `{`/`}` are only allowed as the two placeholders.
 */
const TEMPLATE_FORBIDDEN = /[\s\p{Cc}&,|;"'`$\\]/u;
const PLACEHOLDER = /\{([^{}]*)\}/g;

/** Why a dial template / trunk pair is unsafe, or null when it is fine (use it at config load). */
export function dialTemplateProblem(template: string, trunk: string): string | null {
  if (!template.includes('{number}')) return 'the dial template must contain {number}';
  if (TEMPLATE_FORBIDDEN.test(template)) return 'the dial template contains whitespace, a control character or one of & , | ; quotes $ \\';
  const names = [...template.matchAll(PLACEHOLDER)].map((m) => m[1]);
  const unknown = names.find((n) => n !== 'number' && n !== 'trunk');
  if (unknown !== undefined) return `unknown placeholder {${unknown}} (only {number} and {trunk})`;
  if (/[{}]/.test(template.replace(PLACEHOLDER, ''))) return 'the dial template has an unpaired { or }';
  // Checked even when the template does not use it: a trunk with these characters is a config mistake.
  if (!TRUNK_NAME.test(trunk)) {
    return 'the trunk name may only contain letters, digits, -, _ and . (at most 80 characters)';
  }
  return null;
}

/**
 * The channel string to originate, e.g. `PJSIP/09121234567@TO-CUCM-Gaptel` or
 * `Local/09121234567@from-internal`. Defence in depth: even though numbers are normalised on the way
 * in, a number that is not `+?digits` (3..15) → `CE_PHONE_INVALID`, and an unsafe template or trunk
 * → `CE_DIAL_TEMPLATE_INVALID`. Nothing is ever sanitised into a dial string.
 */
export function buildDialString(template: string, number: string, trunk: string): string {
  if (!isDialablePhone(number)) {
    throw new EngineError('CE_PHONE_INVALID', 'refusing to build a dial string from a number that is not +?digits (3..15)');
  }
  const problem = dialTemplateProblem(template, trunk);
  if (problem !== null) throw new EngineError('CE_DIAL_TEMPLATE_INVALID', problem, { details: { template, trunk } });
  return template.replace(PLACEHOLDER, (_m, name: string) => (name === 'number' ? number : trunk));
}
