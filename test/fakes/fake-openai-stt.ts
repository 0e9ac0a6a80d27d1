import type { IncomingMessage } from 'node:http';
import { LoopbackFake, redactHeaders, type FakeReply, type LoopbackOptions } from './loopback-fake';
import { isWav, parseMultipart } from './multipart-body';

/**
 * Loopback fake of an OpenAI-compatible `POST /v1/audio/transcriptions` (EXTERNAL-APIS.md §5):
 * Bearer key checked, multipart `file` + `model` required, replies `{"text": ...}` or the OpenAI error
 * envelope; every request recorded with the key redacted.
 */
export type FakeOpenAiMode =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'bad-file' }
  | { readonly kind: 'too-short' }
  | { readonly kind: 'bad-key' }
  | { readonly kind: 'rate-limit' }
  /** 429 with code insufficient_quota (OpenAI) */
  | { readonly kind: 'quota' }
  /** 403 pre_consume_token_quota_failed (GapGPT's one-api). */
  | { readonly kind: 'quota-403' }
  | { readonly kind: 'server-error'; readonly status?: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'non-json' };

export interface RecordedOpenAiRequest {
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly fields: Record<string, string[]>;
  readonly file?: Buffer;
  readonly fileIsWav: boolean;
  readonly mode?: FakeOpenAiMode['kind'];
}

export const OPENAI_PATH = '/v1/audio/transcriptions';

function error(status: number, message: string, type: string, code: string | null): FakeReply {
  return { status, body: JSON.stringify({ error: { message, type, param: null, code } }) };
}

export function renderOpenAiMode(mode: FakeOpenAiMode): FakeReply | 'hang' {
  switch (mode.kind) {
    case 'ok': return { status: 200, body: JSON.stringify({ text: mode.text }) };
    case 'bad-file': return error(400, 'Invalid file format.', 'invalid_request_error', null);
    case 'too-short': return error(400, 'Audio file is too short. Minimum audio length is 0.1 seconds.', 'invalid_request_error', 'audio_too_short');
    case 'bad-key': return error(401, 'Incorrect API key provided', 'invalid_request_error', 'invalid_api_key');
    case 'rate-limit': return error(429, 'Rate limit reached', 'requests', 'rate_limit_exceeded');
    case 'quota': return error(429, 'You exceeded your current quota', 'insufficient_quota', 'insufficient_quota');
    case 'quota-403': return error(403, 'token quota is not enough, token remain quota: $0', 'one_api_error', 'pre_consume_token_quota_failed');
    case 'server-error': return error(mode.status ?? 500, 'The server had an error', 'server_error', null);
    case 'hang': return 'hang';
    case 'non-json': return { status: 200, body: 'plain words', contentType: 'text/plain' };
  }
}

export class FakeOpenAiStt extends LoopbackFake<FakeOpenAiMode> {
  readonly requests: RecordedOpenAiRequest[] = [];

  constructor(
    readonly apiKey = 'sk-test-key',
    opts: LoopbackOptions & { defaultText?: string } = {},
  ) {
    super({ kind: 'ok', text: opts.defaultText ?? 'بله' }, opts);
  }

  /** `{origin}/v1`, the value for plugins.stt.openai.baseUrl. */
  get baseUrl(): string {
    return `${this.origin}/v1`;
  }

  protected respond(req: IncomingMessage, body: Buffer, next: () => FakeOpenAiMode): FakeReply | 'hang' {
    const base = { path: req.url ?? '', headers: redactHeaders(req.headers) };
    if (req.method !== 'POST' || base.path !== OPENAI_PATH) {
      this.requests.push({ ...base, fields: {}, fileIsWav: false });
      return error(404, 'not found', 'invalid_request_error', null);
    }
    let parsed;
    try {
      parsed = parseMultipart(body, req.headers['content-type']);
    } catch {
      parsed = { fields: {}, files: [] };
    }
    const file = parsed.files.find((f) => f.name === 'file');
    const record = { ...base, fields: parsed.fields, fileIsWav: file ? isWav(file.data) : false, ...(file ? { file: file.data } : {}) };
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      this.requests.push(record);
      return renderOpenAiMode({ kind: 'bad-key' }) as FakeReply;
    }
    if (!file || !parsed.fields['model']?.[0]) {
      this.requests.push(record);
      return error(400, "you must provide a 'file' and a 'model'", 'invalid_request_error', null);
    }
    const mode = next();
    this.requests.push({ ...record, mode: mode.kind });
    return renderOpenAiMode(mode);
  }
}
