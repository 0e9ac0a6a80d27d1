/**
 * Checks and encodings for values sent to ARI. ARI list parameters (`media`, bridge `channel`,
 * `appArgs`) are ONE comma-separated value, so an id or argument containing a comma would silently
 * become two; such values are refused here instead.
 */
import { EngineError } from '../../../errors';
import type { HangupReason } from '../../../ports/telephony.port';

const MAX_ID = 128;

export function invalidRequest(message: string): EngineError {
  return new EngineError('CE_TELEPHONY_INVALID_REQUEST', message);
}

export function hasControlChar(value: string): boolean {
  for (let i = 0; i < value.length; i++) {
    if (value.charCodeAt(i) < 0x20) return true;
  }
  return false;
}

/** Channel, bridge, playback ids and recording names: 1-128 characters, no comma, no control character. */
export function checkId(kind: string, value: string): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID) {
    throw invalidRequest(`${kind} must have 1-${MAX_ID} characters`);
  }
  if (value.includes(',') || hasControlChar(value)) throw invalidRequest(`${kind} must not contain commas or control characters`);
  return value;
}

/** One URL path segment (recording names may contain `/`, which must not split the path). */
export function segment(kind: string, value: string): string {
  return encodeURIComponent(checkId(kind, value));
}

export function joinList(kind: string, values: readonly string[]): string {
  if (values.length === 0) throw invalidRequest(`${kind} list is empty`);
  for (const v of values) {
    if (typeof v !== 'string' || v.length === 0 || v.includes(',') || hasControlChar(v)) {
      throw invalidRequest(`each ${kind} must be non-empty, without commas or control characters`);
    }
  }
  return values.join(',');
}

export function appArgsParam(args: readonly string[] | undefined): string | undefined {
  if (!args || args.length === 0) return undefined;
  for (const a of args) {
    if (typeof a !== 'string' || a.includes(',') || hasControlChar(a)) throw invalidRequest('app args must not contain commas or control characters');
  }
  return args.join(',');
}

/** `reason` (domain spelling) or `reason_code` (explicit cause), as ARI hangup takes them. */
export function hangupParams(reason: HangupReason | { readonly causeCode: number } | undefined): Record<string, string | number> {
  if (reason === undefined) return { reason: 'normal' };
  if (typeof reason === 'object') {
    const code = reason.causeCode;
    if (!Number.isInteger(code) || code < 0 || code > 127) throw invalidRequest('hangup cause code must be an integer 0-127');
    return { reason_code: code };
  }
  return { reason: reason.replace(/-/g, '_') };
}
