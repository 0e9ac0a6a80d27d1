/**
 * Speech-to-text. Providers (Vira Avanegar, an OpenAI-compatible `/audio/transcriptions`, the
 * simulator's provider) implement it in the `stt` plugin; the classify step depends only on this port.
 *
 * Error contract (callers match `code`):
 * - `CE_STT_QUOTA`: the provider refused for credit/quota (HTTP 402/403, `balanceError`, ...). The
 *   caller ends the call with `failed:vira_quota` and the dialer pauses at once.
 * - `CE_STT_TIMEOUT`: no answer within the configured timeout (after the one allowed retry).
 * - `CE_STT_FAILED`: any other failure (5xx after retry, malformed reply, audio too long).
 * An empty transcript is a normal result (`text: ''`), not an error.
 */
export interface SttRequest {
  /** The recording as the PBX stored it (WAV, usually 8 kHz 16-bit mono). */
  readonly audio: Buffer;
  /** A name for logs and for the kept enhanced copy, e.g. the recording name. */
  readonly name: string;
  /** Words the recogniser should favour (per scenario). */
  readonly hotwords?: readonly string[];
  /** ISO-639-1 language, default `fa`. */
  readonly language?: string;
  /** Aborts the request (call hung up, flow timeout). */
  readonly signal?: AbortSignal;
}

export interface SttResult {
  readonly text: string;
  /** `silent` when the audio was rejected before any request (tiny, < 0.1 s, near-zero RMS). */
  readonly status: 'ok' | 'silent';
  readonly provider: string;
  /** Wall time spent, split by stage, for the per-stage latency metrics. */
  readonly timings: { readonly precheckMs: number; readonly enhanceMs: number; readonly requestMs: number };
  /** Where the enhanced copy was kept for review, if it was. */
  readonly enhancedPath?: string;
}

export interface SttPort {
  /** Transcribes one short utterance. Rejects with the codes above. */
  transcribe(req: SttRequest): Promise<SttResult>;
}
