import { EngineError } from '../../../errors';
import type { RecordOptions } from '../../../ports/inbound-gateway.port';

/**
 * Command lines exactly as Asterisk's tokenizer (res_agi.c `parse_args`) reads them: words split
 * on space/tab, `"..."` groups a word, `\` makes the next character literal (also inside quotes).
 * Plain words are sent bare and only words that need it are quoted, which keeps our lines
 * byte-identical to the captures (`SET VARIABLE DEADVAR 1`, `SET VARIABLE CAPVAR "hello world"`).
 * A newline or NUL cannot be carried at all (the line would end early), so it is refused.
 */

/** Verbs the helpers send; the label set of the command-latency histogram. */
export const AGI_VERBS = [
  'ANSWER', 'STREAM FILE', 'GET DATA', 'WAIT FOR DIGIT', 'RECORD FILE', 'SET VARIABLE', 'GET VARIABLE',
  'GET FULL VARIABLE', 'EXEC', 'SET CONTEXT', 'SET EXTENSION', 'SET PRIORITY', 'VERBOSE', 'HANGUP',
  'CHANNEL STATUS', 'NOOP',
] as const;

const NEEDS_QUOTES = /[\s"\\]/;
const UNSENDABLE = /[\r\n\0]/;
const ESCAPE_DIGITS = /^[0-9*#A-D]*$/i;

function invalid(message: string, details?: unknown): EngineError {
  return new EngineError('CE_AGI_INVALID_ARGUMENT', message, { details });
}

function checkSendable(value: string, what: string): void {
  if (UNSENDABLE.test(value)) throw invalid(`${what} contains a newline, carriage return or NUL byte`);
}

/** Always-quoted word (`"..."` with `\` and `"` escaped). */
export function agiQuoted(value: string, what = 'argument'): string {
  checkSendable(value, what);
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

/** A word, quoted only when it is empty or holds whitespace, a quote or a backslash. */
export function agiWord(value: string, what = 'argument'): string {
  checkSendable(value, what);
  return value === '' || NEEDS_QUOTES.test(value) ? agiQuoted(value, what) : value;
}

function escapeDigits(digits: string): string {
  if (!ESCAPE_DIGITS.test(digits)) throw invalid('escape digits must be 0-9, *, # or A-D', { digits });
  return `"${digits}"`;
}

function integer(value: number, what: string, min: number): string {
  if (!Number.isInteger(value) || value < min) throw invalid(`${what} must be an integer >= ${min}`, { [what]: value });
  return String(value);
}

function priorityWord(priority: number | string): string {
  return typeof priority === 'number' ? integer(priority, 'priority', 1) : agiWord(priority, 'priority');
}

/** Builders of single command lines (without the trailing newline). */
export const agiCommand = {
  answer: (): string => 'ANSWER',
  noop: (): string => 'NOOP',
  streamFile(file: string, digits = '', offsetSamples?: number): string {
    const base = `STREAM FILE ${agiWord(file, 'file')} ${escapeDigits(digits)}`;
    return offsetSamples === undefined ? base : `${base} ${integer(offsetSamples, 'offsetSamples', 0)}`;
  },
  getData(file: string, timeoutMs?: number, maxDigits?: number): string {
    let line = `GET DATA ${agiWord(file, 'file')}`;
    if (timeoutMs !== undefined || maxDigits !== undefined) line += ` ${integer(timeoutMs ?? 0, 'timeoutMs', -1)}`;
    if (maxDigits !== undefined) line += ` ${integer(maxDigits, 'maxDigits', 1)}`;
    return line;
  },
  waitForDigit: (timeoutMs: number): string => `WAIT FOR DIGIT ${integer(timeoutMs, 'timeoutMs', -1)}`,
  recordFile(path: string, format: string, digits: string, timeoutMs: number, opts: RecordOptions = {}): string {
    if (path.toLowerCase().endsWith(`.${format.toLowerCase()}`)) {
      throw invalid('record path must not include the extension: Asterisk appends the format', { path, format });
    }
    let line = `RECORD FILE ${agiWord(path, 'path')} ${agiWord(format, 'format')} ${escapeDigits(digits)} ${integer(timeoutMs, 'timeoutMs', -1)}`;
    // Asterisk reads the 6th word as an offset if it is a number and as "beep" otherwise, so the
    // offset must be written whenever a beep or a silence limit follows (`... 10000 0 BEEP s=2`).
    if (opts.beep || opts.silenceSec !== undefined || opts.offsetSamples !== undefined) {
      line += ` ${integer(opts.offsetSamples ?? 0, 'offsetSamples', 0)}`;
    }
    if (opts.beep) line += ' BEEP';
    if (opts.silenceSec !== undefined) line += ` s=${integer(opts.silenceSec, 'silenceSec', 1)}`;
    return line;
  },
  setVariable: (name: string, value: string): string => `SET VARIABLE ${agiWord(name, 'name')} ${agiWord(value, 'value')}`,
  getVariable: (name: string): string => `GET VARIABLE ${agiWord(name, 'name')}`,
  getFullVariable(expression: string, channel?: string): string {
    const base = `GET FULL VARIABLE ${agiWord(expression, 'expression')}`;
    return channel === undefined ? base : `${base} ${agiWord(channel, 'channel')}`;
  },
  exec(application: string, options?: string | readonly string[]): string {
    if (!/^[A-Za-z0-9_]+$/.test(application)) throw invalid('application name must be letters, digits or _', { application });
    if (options === undefined) return `EXEC ${application}`;
    const data = typeof options === 'string' ? options : options.join(',');
    return `EXEC ${application} ${agiWord(data, 'options')}`;
  },
  setContext: (context: string): string => `SET CONTEXT ${agiWord(context, 'context')}`,
  setExtension: (extension: string): string => `SET EXTENSION ${agiWord(extension, 'extension')}`,
  setPriority: (priority: number | string): string => `SET PRIORITY ${priorityWord(priority)}`,
  verbose(message: string, level = 1): string {
    return `VERBOSE ${agiQuoted(message, 'message')} ${integer(level, 'level', 1)}`;
  },
  hangup: (channel?: string): string => (channel === undefined ? 'HANGUP' : `HANGUP ${agiWord(channel, 'channel')}`),
  channelStatus: (channel?: string): string => (channel === undefined ? 'CHANNEL STATUS' : `CHANNEL STATUS ${agiWord(channel, 'channel')}`),
};

/** The verb of a line for metrics: one of AGI_VERBS, or OTHER (bounded label set). */
export function agiVerb(line: string): string {
  const upper = line.slice(0, 24).toUpperCase();
  let best = 'OTHER';
  for (const verb of AGI_VERBS) {
    if ((upper === verb || upper.startsWith(`${verb} `)) && verb.length > (best === 'OTHER' ? 0 : best.length)) best = verb;
  }
  return best;
}

/**
 * Checks a raw command line before it is written.
 * @throws EngineError CE_AGI_INVALID_ARGUMENT for an empty line, a line with CR/LF/NUL, or one over `maxBytes`.
 */
export function assertCommandLine(line: string, maxBytes: number): void {
  if (line.trim() === '') throw invalid('empty command line');
  checkSendable(line, 'command line');
  if (Buffer.byteLength(line) + 1 > maxBytes) throw invalid(`command line longer than ${maxBytes} bytes`);
}
