/**
 * ARI HTTP status → typed engine error, by what the request was about. The status code decides;
 * Asterisk's message text is kept in `details` for people, never matched (PROTOCOLS.md §2.1: some
 * status lines carry odd reason phrases; §2.4: the codes per operation).
 *
 * - channel operations: 404 `Channel not found` and 409 `Channel not in Stasis application` mean the
 *   channel hung up or left our application → `CallGoneError`; 412 (not answered yet) is a real failure;
 * - bridge membership (addChannel/removeChannel): 400 `Channel not found` and 422 `Channel not in
 *   Stasis application` / `not in this bridge` → `CallGoneError`; 404 is the bridge itself;
 * - originate: 500 `{"error":"Allocation failed"}` → `CE_TELEPHONY_ORIGINATE_FAILED`; 400 → invalid request;
 * - anywhere: 401 → auth failed; 503 (`Asterisk not booted`) and the HTML 404 of a booting HTTP
 *   server → not connected.
 */
import { CallGoneError, EngineError, type ErrorCode } from '../../../errors';
import type { AriRequest, AriResponse } from './ari-request';

export type AriSubject = 'channel' | 'bridge-member' | 'bridge' | 'playback' | 'recording' | 'originate' | 'other';

function isBootPage(res: AriResponse): boolean {
  return res.status === 404 && !res.contentType.includes('json');
}

function codeFor(status: number, subject: AriSubject): ErrorCode | 'gone' {
  if (subject === 'channel' && (status === 404 || status === 409)) return 'gone';
  if (subject === 'bridge-member' && (status === 400 || status === 422)) return 'gone';
  if (status === 404 && (subject === 'bridge-member' || subject === 'bridge' || subject === 'playback' || subject === 'recording')) {
    return 'CE_TELEPHONY_NOT_FOUND';
  }
  if (subject === 'originate' && status === 500) return 'CE_TELEPHONY_ORIGINATE_FAILED';
  if (subject === 'originate' && status === 400) return 'CE_TELEPHONY_INVALID_REQUEST';
  return 'CE_TELEPHONY_REQUEST_FAILED';
}

/** The error for a non-2xx ARI answer to `req`. */
export function ariStatusError(res: AriResponse, req: AriRequest, subject: AriSubject): EngineError {
  const details = { status: res.status, operation: req.operation, method: req.method, path: req.path, asteriskMessage: res.message };
  const text = `ARI ${req.operation} answered ${res.status}${res.message ? `: ${res.message}` : ''}`;
  if (res.status === 401) return new EngineError('CE_TELEPHONY_AUTH_FAILED', text, { details });
  if (res.status === 503 || isBootPage(res)) return new EngineError('CE_TELEPHONY_NOT_CONNECTED', text, { details });
  const code = codeFor(res.status, subject);
  if (code === 'gone') return new CallGoneError(text, { details });
  return new EngineError(code, text, { details });
}

export function isSuccess(res: AriResponse): boolean {
  return res.status >= 200 && res.status < 300;
}
