import { z } from 'zod';

/** The results a call can end with (PRODUCT.md §5), reported exactly once. */
export const CALL_RESULTS = [
  'connected_to_operator',
  'not_interested',
  'unknown',
  'disconnected',
  'hangup',
  'missed',
  'busy',
  'power_off',
  'banned',
  'inbound_call',
] as const;

export type PlainCallResult = (typeof CALL_RESULTS)[number];
/** `failed:<reason>`, e.g. `failed:operator_failed`, `failed:vira_quota`. */
export type FailedCallResult = `failed:${string}`;
export type CallResult = PlainCallResult | FailedCallResult;

const FAILED = /^failed:[a-z0-9_]+$/;

export function isCallResult(value: string): value is CallResult {
  return (CALL_RESULTS as readonly string[]).includes(value) || FAILED.test(value);
}

export function isFailedResult(value: string): value is FailedCallResult {
  return FAILED.test(value);
}

export const resultSchema = z.string().refine(isCallResult, {
  message: `expected one of ${CALL_RESULTS.join(', ')} or failed:<reason> (lower-case letters, digits, _)`,
});
