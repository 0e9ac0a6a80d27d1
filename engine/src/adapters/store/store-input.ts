import { EngineError } from '../../errors';
import { CALL_RESULT_WORDS, type CallResult, type JsonValue } from '../../ports/call-store.port';

/**
 * Input checks shared by every store adapter (SQLite now, PostgreSQL later), so both reject exactly the
 * same data with the same codes. Nothing here touches a database.
 */

/** Digits with an optional leading `+`: the only shape that may ever reach a dial string (PRODUCT.md §2). */
export const PHONE_PATTERN = /^\+?[0-9]{3,20}$/;
/** Ids chosen by callers (campaign ids, attempt UUIDs, instance ids): no spaces or control characters. */
const ID_PATTERN = /^[A-Za-z0-9_.:@-]{1,128}$/;
// Same rule as engine/src/call/call-result.ts: a result the call layer accepts is never refused here.
const RESULT_FAILED = /^failed:[a-z0-9_]+$/;
const KNOWN_RESULTS: ReadonlySet<string> = new Set(CALL_RESULT_WORDS);
export const DEFAULT_PAGE = 100;
export const MAX_PAGE = 1000;
/** Largest JSON document (settings, payload, details) the store accepts, in UTF-16 code units. */
export const MAX_JSON_CHARS = 1_000_000;

export function invalidInput(field: string, message: string): EngineError {
  return new EngineError('CE_STORE_INVALID_INPUT', `${field}: ${message}`, { details: { field } });
}

export function notFound(kind: string, id: string | number): EngineError {
  return new EngineError('CE_STORE_NOT_FOUND', `${kind} ${String(id)} does not exist`, { details: { kind, id } });
}

export function conflict(kind: string, id: string | number): EngineError {
  return new EngineError('CE_STORE_CONFLICT', `${kind} ${String(id)} already exists`, { details: { kind, id } });
}

export function invalidTransition(message: string, details?: Record<string, unknown>): EngineError {
  return new EngineError('CE_STORE_INVALID_TRANSITION', message, { details });
}

/** Refuses anything but a plain object where the port expects one (null from a bad HTTP body). */
export function checkObject(value: unknown, field: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidInput(field, 'must be an object');
}

/** Why a number cannot be stored as a dialable phone, or null when it can. */
export function phoneProblem(phone: unknown): string | null {
  if (typeof phone !== 'string') return 'not a string';
  return PHONE_PATTERN.test(phone) ? null : 'only digits with an optional leading + (3 to 20 digits) are accepted';
}

export function checkPhone(phone: unknown, field = 'phone'): string {
  const problem = phoneProblem(phone);
  if (problem !== null) throw new EngineError('CE_PHONE_INVALID', `${field}: ${problem}`, { details: { field } });
  return phone as string;
}

export function checkId(value: unknown, field: string): string {
  if (typeof value !== 'string' || !ID_PATTERN.test(value)) {
    throw invalidInput(field, 'must be 1 to 128 characters of letters, digits and _ . : @ -');
  }
  return value;
}

/** Free text: a string of at most `max` characters without NUL; `undefined`, `null` and `''` become null. */
export function optionalText(value: unknown, field: string, max: number): string | null {
  if (value === undefined || value === null || value === '') return null;
  return checkText(value, field, max);
}

export function checkText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0 || value.length > max || value.includes('\0')) {
    throw invalidInput(field, `must be a non-empty string of at most ${max} characters`);
  }
  return value;
}

/** Epoch milliseconds: a non-negative safe integer. */
export function checkTime(value: unknown, field: string): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) {
    throw invalidInput(field, 'must be epoch milliseconds (a non-negative integer)');
  }
  return value;
}

export function optionalTime(value: unknown, field: string): number | null {
  return value === undefined || value === null ? null : checkTime(value, field);
}

/** A non-negative integer (a duration in ms, a hangup cause); `undefined`/`null` become null. */
export function optionalCount(value: unknown, field: string): number | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 0) throw invalidInput(field, 'must be a non-negative integer');
  return value;
}

export function checkPositive(value: unknown, field: string, max: number): number {
  if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < 1 || value > max) {
    throw invalidInput(field, `must be an integer from 1 to ${max}`);
  }
  return value;
}

export function pageLimit(limit: unknown): number {
  return limit === undefined ? DEFAULT_PAGE : checkPositive(limit, 'limit', MAX_PAGE);
}

export function isCallResult(value: unknown): value is CallResult {
  return typeof value === 'string' && (KNOWN_RESULTS.has(value) || RESULT_FAILED.test(value));
}

export function checkResult(value: unknown, field = 'result'): CallResult {
  if (!isCallResult(value)) throw invalidInput(field, `'${String(value)}' is not a result word (PRODUCT.md §5)`);
  return value;
}

/** Serialises a JSON value, rejecting what JSON cannot carry faithfully (cycles, NaN, functions, undefined). */
export function toJson(value: unknown, field: string): string {
  if (!isJsonValue(value, 0)) throw invalidInput(field, 'must be plain JSON (no NaN, Infinity, functions, class instances, undefined list items or cycles)');
  const text = JSON.stringify(value);
  if (text.length > MAX_JSON_CHARS) throw invalidInput(field, `is larger than ${MAX_JSON_CHARS} characters as JSON`);
  return text;
}

export function toJsonObject(value: unknown, field: string): string {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw invalidInput(field, 'must be a JSON object');
  return toJson(value, field);
}

function isJsonValue(value: unknown, depth: number): value is JsonValue {
  if (depth > 64) return false;
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return true;
  if (typeof value === 'number') return Number.isFinite(value);
  if (Array.isArray(value)) return value.every((v) => isJsonValue(v, depth + 1));
  if (typeof value !== 'object') return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return false;
  // An undefined property is simply absent in JSON (optional fields spread from objects).
  return Object.values(value as Record<string, unknown>).every((v) => v === undefined || isJsonValue(v, depth + 1));
}

/** Cursors are the last row's sequence number as text; callers treat them as opaque. */
export function encodeCursor(seq: number): string {
  return String(seq);
}

export function decodeCursor(cursor: unknown): number | null {
  if (cursor === undefined || cursor === null) return null;
  if (typeof cursor !== 'string' || !/^[0-9]{1,15}$/.test(cursor)) throw invalidInput('cursor', 'is not a cursor this store returned');
  return Number(cursor);
}

export function checkOrder(order: unknown, fallback: 'asc' | 'desc'): 'asc' | 'desc' {
  if (order === undefined) return fallback;
  if (order !== 'asc' && order !== 'desc') throw invalidInput('order', "must be 'asc' or 'desc'");
  return order;
}

export function checkOneOf<T extends string>(value: unknown, allowed: readonly T[], field: string): T {
  if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value)) {
    throw invalidInput(field, `must be one of ${allowed.join(', ')}`);
  }
  return value as T;
}
