/**
 * What the pipeline asks of one STT vendor: one attempt, no retry, no timeout of its own (the
 * pipeline owns those and aborts `signal`). A provider resolves with a transcript or "the service
 * says the audio was empty", and throws ProviderFailure for everything else, classified so the
 * pipeline can apply the retry and quota rules without knowing the vendor.
 */
export interface ProviderRequest {
  /** The WAV to send (enhanced, or raw when the clean-up is off or failed). */
  readonly audio: Buffer;
  /** The recording name (the simulator provider looks its script up by it). */
  readonly name: string;
  readonly hotwords: readonly string[];
  readonly language: string;
  readonly signal: AbortSignal;
}

export type ProviderAnswer =
  | { readonly kind: 'text'; readonly text: string }
  /** The service found no audio in the file (Vira "Empty Audio file"): the caller hears silence. */
  | { readonly kind: 'empty-audio'; readonly detail: string };

export interface SttProvider {
  /** Provider label for metrics, logs and results (`vira`, `openai`, `simulator`). */
  readonly name: string;
  /** The call result a quota error ends the call with (and the dialer pauses on). */
  readonly quotaResult: `failed:${string}`;
  transcribe(req: ProviderRequest): Promise<ProviderAnswer>;
}

/**
 * - `quota`: credit/quota exhausted (402/403, balanceError): never retried, raises the quota alarm;
 * - `server`: 5xx: retried once;
 * - `too-long`: the service rejected the duration;
 * - `client`: any other refusal (401 bad token, 429, 4xx);
 * - `malformed`: a 2xx the plugin cannot read (non-JSON, no transcript, an async job id);
 * - `network`: no HTTP reply at all (refused, reset, DNS).
 */
export type FailureKind = 'quota' | 'server' | 'too-long' | 'client' | 'malformed' | 'network';

export class ProviderFailure extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly status?: number,
    /** A short excerpt of the reply body (never a header, so never a token). */
    readonly detail?: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ProviderFailure';
  }
}

/** First `max` characters of a reply body on one line, for logs and error details. */
export function excerpt(body: string, max = 200): string {
  const line = body.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}...` : line;
}

export function parseJson(body: string): unknown {
  try {
    return JSON.parse(body) as unknown;
  } catch {
    return undefined;
  }
}

/** Reads `obj.a.b.c` without trusting any level to be an object. */
export function dig(obj: unknown, ...path: string[]): unknown {
  let at: unknown = obj;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Record<string, unknown>)[key];
  }
  return at;
}
