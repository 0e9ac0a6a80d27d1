import { EngineError } from '../../../engine/src/index';

/**
 * How an OpenAI-compatible endpoint said no, mapped onto the engine's error codes. Only quota is a
 * hard failure (`CE_LLM_QUOTA`: the dialer pauses); every other reason ends in the local classifier.
 *
 * Quota markers: the one-api/new-api gateway family GapGPT runs returns HTTP 403 with code
 * `pre_consume_token_quota_failed` and a message "token quota is not enough" (legacy
 * `_is_llm_quota_error`); OpenAI itself returns 429 `insufficient_quota`. The markers are looked for in
 * any error body, as legacy did, so a gateway that picks another status is still recognised.
 */
export type FailureReason =
  | 'quota'
  | 'response_format_rejected'
  | 'rate_limited'
  | 'auth'
  | 'bad_request'
  | 'server_error'
  | 'http_error'
  | 'malformed'
  | 'network'
  | 'aborted'
  | 'timeout'
  /** Not from the endpoint: an unexpected error inside the plugin (a bug), still absorbed by the fallback. */
  | 'internal';

export interface FailureDetails {
  readonly provider: string;
  readonly reason: FailureReason;
  readonly status?: number;
  readonly retryAfterSec?: number;
}

const QUOTA_MARKERS = /pre_consume_token_quota_failed|token quota is not enough|insufficient_quota/i;
const RESPONSE_FORMAT_MARKERS = /response_format|json_schema|json_object/i;
const MAX_MESSAGE_CHARS = 200;

export function isQuotaBody(body: string): boolean {
  return QUOTA_MARKERS.test(body);
}

export interface HttpFailureInput {
  readonly provider: string;
  readonly status: number;
  readonly body: string;
  readonly retryAfter: string | null;
  /** Removed from any provider text that ends up in a message (some gateways echo the key). */
  readonly apiKey: string;
}

/** The EngineError for a non-2xx answer (or a 2xx body that holds only an error envelope). */
export function httpFailure(input: HttpFailureInput): EngineError {
  const reason = reasonFor(input.status, input.body);
  const text = providerMessage(input.body, input.apiKey);
  const retryAfterSec = parseRetryAfter(input.retryAfter);
  const details: FailureDetails = {
    provider: input.provider,
    reason,
    status: input.status,
    ...(retryAfterSec !== undefined ? { retryAfterSec } : {}),
  };
  const code = reason === 'quota' ? 'CE_LLM_QUOTA' : 'CE_LLM_FAILED';
  return new EngineError(code, `${input.provider} answered HTTP ${input.status} (${reason})${text ? `: ${text}` : ''}`, { details });
}

export function failure(provider: string, reason: FailureReason, message: string, cause?: unknown): EngineError {
  const code = reason === 'timeout' ? 'CE_LLM_TIMEOUT' : reason === 'quota' ? 'CE_LLM_QUOTA' : 'CE_LLM_FAILED';
  const details: FailureDetails = { provider, reason };
  return new EngineError(code, `${provider}: ${message}`, { details, ...(cause !== undefined ? { cause } : {}) });
}

export function failureReason(err: EngineError): FailureReason | undefined {
  const details = err.details as Partial<FailureDetails> | undefined;
  return details?.reason;
}

function reasonFor(status: number, body: string): FailureReason {
  if (isQuotaBody(body)) return 'quota';
  if (status === 400 && RESPONSE_FORMAT_MARKERS.test(body)) return 'response_format_rejected';
  if (status === 429) return 'rate_limited';
  if (status === 401 || status === 403) return 'auth';
  if (status === 400 || status === 404 || status === 422) return 'bad_request';
  if (status >= 500) return 'server_error';
  return 'http_error';
}

/** `error.message` of the OpenAI error envelope, else the start of the body; never the key. */
function providerMessage(body: string, apiKey: string): string {
  let text = body;
  try {
    const parsed = JSON.parse(body) as { error?: { message?: unknown } };
    if (typeof parsed?.error?.message === 'string') text = parsed.error.message;
  } catch {
    // Not JSON: the raw start of the body is the best description there is.
  }
  const short = text.replace(/\s+/g, ' ').trim().slice(0, MAX_MESSAGE_CHARS);
  return apiKey ? short.split(apiKey).join('***') : short;
}

/** Retry-After as seconds (delta-seconds form only; an HTTP date is ignored). */
function parseRetryAfter(value: string | null): number | undefined {
  if (value === null || !/^\d+(\.\d+)?$/.test(value.trim())) return undefined;
  return Number(value.trim());
}
