import { z } from 'zod';
import { digits } from './config.schema';

/**
 * Zod parsers from the raw text of a legacy `.env` variable to the typed value, mirroring how the legacy
 * Python engine read it (`int()`, `float()`, `_parse_list`, `_parse_time`, its boolean tests) but REJECTING
 * what legacy crashed on or silently replaced: a bad value is a config error named `env:<VARIABLE>`.
 * Each parser also applies the constraint of the config field it lands in, so the error names the
 * variable the admin wrote rather than a config path they never saw.
 */

/** Python `int()`: optional sign, decimal digits, surrounding whitespace allowed. */
const INT_TEXT = /^\s*[+-]?\d+\s*$/;
/** Python `float()` for ordinary numbers (inf/nan are refused: a limit must be finite). */
const FLOAT_TEXT = /^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$/;

export function legacyInt(min: number): z.ZodType<number, string> {
  return z
    .string()
    .refine((s) => INT_TEXT.test(s), { message: 'expected a whole number' })
    .transform((s) => Number(s.trim()))
    .pipe(z.number().int().min(min, { message: `must be at least ${min}` }));
}

export function legacyPositiveNumber(): z.ZodType<number, string> {
  return z
    .string()
    .refine((s) => FLOAT_TEXT.test(s), { message: 'expected a number' })
    .transform((s) => Number(s.trim()))
    .pipe(z.number().positive({ message: 'must be greater than 0' }));
}

/** Any text, kept verbatim (legacy used `os.getenv` as is). */
export function legacyText(): z.ZodType<string, string> {
  return z.string();
}

export function legacyNonEmpty(): z.ZodType<string, string> {
  return z.string().min(1, { message: 'must not be empty' });
}

export function legacyUrl(): z.ZodType<string, string> {
  return z.url({ message: 'expected a URL such as http://host:port/path' });
}

/** A URL, or empty meaning "not configured" (legacy PANEL_BASE_URL= disables the panel). */
export function legacyOptionalUrl(): z.ZodType<string, string> {
  return z.union([z.literal(''), z.url()], { message: 'expected a URL or nothing' });
}

/** Legacy `_parse_list`: split on commas, strip each item, drop empty items. */
function splitList(s: string): string[] {
  return s.split(',').map((item) => item.trim()).filter((item) => item.length > 0);
}

export function legacyList(item: z.ZodType<string, string> = z.string()): z.ZodType<string[], string> {
  return z.string().transform(splitList).pipe(z.array(item));
}

/** A comma-separated list of phone numbers: digits with an optional leading `+` (nothing that could reach a dial string). */
export function legacyNumberList(): z.ZodType<string[], string> {
  return legacyList(digits);
}

/** Legacy SCENARIO: scenario names, lower-cased as legacy did; several may be listed with commas. */
export function legacyScenarioList(): z.ZodType<string[], string> {
  return z.string().transform((s) => splitList(s).map((n) => n.toLowerCase()));
}

/**
 * Legacy `_parse_time` accepted `H:M` with one or two digits each (`9:5` is 09:05) and silently fell back to
 * the default on anything else. Here anything else is an error: a calling window must fail closed.
 */
export function legacyTime(): z.ZodType<string, string> {
  return z.string().transform((s, ctx) => {
    const m = /^\s*\+?(\d{1,2})\s*:\s*\+?(\d{1,2})\s*$/.exec(s);
    const hour = m ? Number(m[1]) : NaN;
    const minute = m ? Number(m[2]) : NaN;
    if (!(hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59)) {
      ctx.addIssue({ code: 'custom', message: 'expected a time HH:MM between 00:00 and 23:59' });
      return z.NEVER;
    }
    return `${String(hour).padStart(2, '0')}:${String(minute).padStart(2, '0')}`;
  });
}

/** VIRA_VERIFY_SSL: legacy treats exactly `0`, `false`, `no` (any case) as off and everything else as on. */
export function legacyTrueUnlessFalsy(): z.ZodType<boolean, string> {
  return z.string().transform((s) => !['0', 'false', 'no'].includes(s.toLowerCase()));
}

/** USE_PANEL_AGENTS: legacy treats exactly `true` (any case) as on and everything else as off. */
export function legacyOnlyTrue(): z.ZodType<boolean, string> {
  return z.string().transform((s) => s.toLowerCase() === 'true');
}

/** Python logging level names (what legacy LOG_LEVEL took) mapped onto pino's. */
export const PYTHON_LOG_LEVELS: Readonly<Record<string, string>> = {
  NOTSET: 'trace',
  TRACE: 'trace',
  DEBUG: 'debug',
  INFO: 'info',
  WARN: 'warn',
  WARNING: 'warn',
  ERROR: 'error',
  CRITICAL: 'fatal',
  FATAL: 'fatal',
  SILENT: 'silent',
};

/** LOG_LEVEL: case-insensitive; legacy silently used INFO for an unknown name, here that is an error. */
export function legacyLogLevel(): z.ZodType<string, string> {
  return z.string().transform((s, ctx) => {
    const level = PYTHON_LOG_LEVELS[s.trim().toUpperCase()];
    if (level === undefined) {
      ctx.addIssue({ code: 'custom', message: `unknown level; use one of ${Object.keys(PYTHON_LOG_LEVELS).join(', ')}` });
      return z.NEVER;
    }
    return level;
  });
}
