import { EngineError } from '../../../errors';

export type AmiFieldValue = string | number | boolean;

/** One AMI action as the engine asks for it; the client adds `ActionID`. */
export interface AmiActionRequest {
  /** Action name, e.g. `CoreShowChannels`, `Originate`. */
  readonly action: string;
  /** Headers after `Action`/`ActionID`, in order. An array value repeats the header (`Variable`). */
  readonly fields?: Readonly<Record<string, AmiFieldValue | readonly AmiFieldValue[] | undefined>>;
}

const NAME = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// Asterisk reads request lines into a 1 KiB buffer and silently drops longer ones ("Dumping long
// line"), which would turn a long value into a missing header. Refuse instead.
const MAX_LINE = 1024;
const RESERVED = new Set(['action', 'actionid']);

function invalid(message: string, details: Record<string, unknown>): EngineError {
  return new EngineError('CE_AMI_INVALID_ARGUMENT', message, { details });
}

function headerLine(action: string, name: string, value: AmiFieldValue): string {
  const text = typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);
  // CR/LF would end the header (header injection: a second action inside a value); NUL ends C strings.
  if (/[\r\n\0]/.test(text)) throw invalid(`AMI ${action}: header ${name} contains CR, LF or NUL`, { action, header: name });
  const line = `${name}: ${text}`;
  if (Buffer.byteLength(line) > MAX_LINE) throw invalid(`AMI ${action}: header ${name} is longer than ${MAX_LINE} bytes`, { action, header: name });
  return line;
}

/**
 * Serialises an action: `Action` first, then our `ActionID`, then the fields in the given order,
 * CRLF line ends and the terminating empty line. Throws `CE_AMI_INVALID_ARGUMENT` for anything that
 * could not travel as one well-formed AMI message; secrets in fields are never echoed in the error.
 */
export function encodeAction(req: AmiActionRequest, actionId: string): Buffer {
  if (!NAME.test(req.action)) throw invalid('AMI action name is not a plain word', { action: req.action.slice(0, 64) });
  const lines = [headerLine(req.action, 'Action', req.action), headerLine(req.action, 'ActionID', actionId)];
  for (const [name, value] of Object.entries(req.fields ?? {})) {
    if (value === undefined) continue;
    if (!NAME.test(name) || RESERVED.has(name.toLowerCase())) throw invalid(`AMI ${req.action}: bad header name`, { action: req.action, header: name.slice(0, 64) });
    const values: readonly AmiFieldValue[] = Array.isArray(value) ? value : [value as AmiFieldValue];
    for (const v of values) lines.push(headerLine(req.action, name, v));
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'utf8');
}
