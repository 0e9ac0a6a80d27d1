import type { SttConfig } from '../stt.config';
import type { MultipartSender } from '../http/multipart-post';
import { dig, excerpt, parseJson, ProviderFailure, type ProviderAnswer, type ProviderRequest, type SttProvider } from './stt-provider';

/**
 * An OpenAI-compatible `POST {baseUrl}/audio/transcriptions` (Whisper-style, EXTERNAL-APIS.md §5):
 * Bearer auth, multipart `file` + `model` + `language` + `response_format=json`; hotwords go in
 * `prompt`, which Whisper uses as spelling hints. Errors use the OpenAI envelope `{error:{message,code}}`.
 */
const QUOTA_CODES = new Set(['insufficient_quota', 'pre_consume_token_quota_failed', 'billing_hard_limit_reached']);
const EMPTY_AUDIO_TEXT = /audio file is too short|empty audio|no audio/i;

export function interpretOpenAiReply(status: number, body: string): ProviderAnswer {
  const json = parseJson(body);
  const code = dig(json, 'error', 'code');
  const message = String(dig(json, 'error', 'message') ?? '');
  if (status === 402 || status === 403 || (typeof code === 'string' && QUOTA_CODES.has(code))) {
    throw new ProviderFailure('quota', `the STT API refused for quota (HTTP ${status})`, status, excerpt(body));
  }
  if (status >= 500) throw new ProviderFailure('server', `the STT API failed with HTTP ${status}`, status, excerpt(body));
  if (status >= 200 && status < 300) {
    const text = dig(json, 'text');
    if (typeof text === 'string') return { kind: 'text', text: text.trim() };
    throw new ProviderFailure('malformed', `the STT API replied ${status} without a transcript`, status, excerpt(body));
  }
  if (EMPTY_AUDIO_TEXT.test(message)) return { kind: 'empty-audio', detail: message };
  const what = status === 401 ? 'rejected the API key' : status === 429 ? 'rate-limited the request' : `refused with HTTP ${status}`;
  throw new ProviderFailure('client', `the STT API ${what}`, status, excerpt(body));
}

export class OpenAiSttProvider implements SttProvider {
  readonly name = 'openai';
  readonly quotaResult = 'failed:stt_quota' as const;

  constructor(
    private readonly cfg: SttConfig['openai'],
    private readonly send: MultipartSender,
  ) {}

  async transcribe(req: ProviderRequest): Promise<ProviderAnswer> {
    const form = new FormData();
    form.append('file', new Blob([req.audio], { type: 'audio/wav' }), 'audio.wav');
    form.append('model', this.cfg.model);
    form.append('language', req.language);
    form.append('response_format', 'json');
    form.append('temperature', '0');
    if (req.hotwords.length > 0) form.append('prompt', req.hotwords.join('، '));
    let reply;
    try {
      reply = await this.send({
        url: `${this.cfg.baseUrl.replace(/\/+$/, '')}/audio/transcriptions`,
        headers: { authorization: `Bearer ${this.cfg.apiKey}`, accept: 'application/json' },
        form,
        signal: req.signal,
        verifyTls: this.cfg.verifySsl,
      });
    } catch (err) {
      if (req.signal.aborted) throw err;
      throw new ProviderFailure('network', 'the STT API could not be reached', undefined, undefined, { cause: err });
    }
    return interpretOpenAiReply(reply.status, reply.body);
  }
}
