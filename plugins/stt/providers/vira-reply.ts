import { dig, excerpt, parseJson, ProviderFailure, type ProviderAnswer } from './stt-provider';

/**
 * Reads an Avanegar v2 reply (EXTERNAL-APIS.md §1). The transcript sits at
 * `data.data.aiResponse.result.text` (older shapes: `data.text`, `data.data.text`). The top-level
 * `meta.status` is ignored on purpose: it reads "fail" even on success.
 */

const QUOTA_TEXT = /balanceError|credit is below the set threshold/i;
const EMPTY_AUDIO_TEXT = /Empty Audio file|Input file content is unexpected/i;
const ASYNC_STATUS = new Set(['pending', 'processing', 'queued']);

function transcriptOf(json: unknown): string | undefined {
  for (const path of [['data', 'data', 'aiResponse', 'result', 'text'], ['data', 'text'], ['data', 'data', 'text']]) {
    const text = dig(json, ...path);
    if (typeof text === 'string') return text.trim();
  }
  return undefined;
}

function messageOf(json: unknown): string {
  for (const path of [['data', 'data', 'aiResponse', 'message'], ['data', 'message'], ['message']]) {
    const message = dig(json, ...path);
    if (typeof message === 'string' && message) return message;
  }
  return '';
}

/** True when a 400 carries `validationResults` with `{field:"duration", passed:false}`. */
function durationRejected(json: unknown): boolean {
  const results = dig(json, 'data', 'additionalInfo', 'additionalInfo', 'validationResults') ?? dig(json, 'additionalInfo', 'additionalInfo', 'validationResults');
  return Array.isArray(results) && results.some((r) => dig(r, 'field') === 'duration' && dig(r, 'passed') === false);
}

/** A 2xx: the transcript, "empty audio", or malformed (no text, an async job, not JSON). */
function readSuccess(status: number, body: string, json: unknown): ProviderAnswer {
  if (json === undefined) throw new ProviderFailure('malformed', `Vira replied ${status} with a body that is not JSON`, status, excerpt(body));
  const text = transcriptOf(json);
  if (text !== undefined) return { kind: 'text', text };
  const message = messageOf(json);
  if (QUOTA_TEXT.test(message)) throw new ProviderFailure('quota', 'Vira refused for credit', status, excerpt(body));
  if (EMPTY_AUDIO_TEXT.test(message)) return { kind: 'empty-audio', detail: message };
  const jobStatus = dig(json, 'data', 'status');
  if (typeof jobStatus === 'string' && ASYNC_STATUS.has(jobStatus)) {
    throw new ProviderFailure('malformed', `Vira queued the request as an async job (${jobStatus}); only synchronous replies are supported`, status, excerpt(body));
  }
  throw new ProviderFailure('malformed', `Vira replied ${status} without a transcript`, status, excerpt(body));
}

/** Classifies one HTTP reply of the Avanegar endpoint. Throws ProviderFailure for every failure. */
export function interpretViraReply(status: number, body: string): ProviderAnswer {
  const json = parseJson(body);
  if (status === 402 || status === 403) throw new ProviderFailure('quota', `Vira refused with HTTP ${status} (quota or credit)`, status, excerpt(body));
  if (status >= 500) throw new ProviderFailure('server', `Vira failed with HTTP ${status}`, status, excerpt(body));
  if (status >= 200 && status < 300) return readSuccess(status, body, json);
  const message = messageOf(json) || body;
  if (QUOTA_TEXT.test(message) || QUOTA_TEXT.test(body)) throw new ProviderFailure('quota', `Vira refused for credit (HTTP ${status})`, status, excerpt(body));
  if (EMPTY_AUDIO_TEXT.test(message)) return { kind: 'empty-audio', detail: message };
  if (durationRejected(json)) throw new ProviderFailure('too-long', 'Vira rejected the recording as too long', status, excerpt(body));
  const what = status === 401 ? 'rejected the gateway token' : status === 429 ? 'rate-limited the request' : `refused with HTTP ${status}`;
  throw new ProviderFailure('client', `Vira ${what}`, status, excerpt(body));
}
