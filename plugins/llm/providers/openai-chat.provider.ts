import { EngineError, isEngineError, type Logger } from '../../../engine/src/index';
import { RESPONSE_FORMATS, type ResponseFormatMode } from '../llm.config';
import type { ChatMessage } from '../prompt-builder';
import { hasSseDone, looksLikeSse, parseSseBody } from '../sse-body';
import { failure, failureReason, httpFailure } from './provider-failure';

/**
 * One OpenAI-compatible `POST {baseUrl}/chat/completions` provider (GapGPT by default). It asks for
 * the strongest structured output the endpoint accepts: `json_schema` (strict, enum of the labels),
 * then `json_object`, then none. A 400 that names response_format steps down once per level and the
 * step is remembered, so later requests do not pay for the rejected attempt again.
 *
 * Errors are EngineErrors: `CE_LLM_QUOTA` (quota), `CE_LLM_TIMEOUT` / `CE_LLM_FAILED` with
 * `details.reason`. When the caller's signal aborts with an EngineError reason, that error is thrown.
 */
export interface OpenAiChatOptions {
  readonly name: string;
  readonly baseUrl: string;
  readonly apiKey: string;
  readonly model: string;
  readonly temperature: number;
  readonly maxTokens: number;
  readonly responseFormat: ResponseFormatMode;
  readonly logger: Logger;
}

export interface ChatCompletionRequest {
  readonly messages: readonly ChatMessage[];
  /** The labels the answer must be one of (the json_schema enum). */
  readonly labels: readonly string[];
  readonly signal: AbortSignal;
}

export interface ChatAnswer {
  /** The assistant text (joined SSE deltas for streamed bodies); null when the model sent none. */
  readonly content: string | null;
  /** Set when the model refused (`message.refusal`). */
  readonly refusal?: string;
  readonly finishReason?: string;
  /** The response_format mode the successful request used. */
  readonly format: ResponseFormatMode;
}

/** What the classifier needs from a chat provider (tests give it a stub). */
export interface ChatCompletionProvider {
  readonly name: string;
  complete(req: ChatCompletionRequest): Promise<ChatAnswer>;
}

const NEXT_FORMAT: Readonly<Record<ResponseFormatMode, ResponseFormatMode | undefined>> = {
  json_schema: 'json_object',
  json_object: 'none',
  none: undefined,
};
/** Far above any classification answer; a bigger body is a broken endpoint, not an answer. */
const MAX_BODY_CHARS = 256 * 1024;

export class OpenAiChatProvider implements ChatCompletionProvider {
  private format: ResponseFormatMode;
  private readonly url: string;

  constructor(private readonly opts: OpenAiChatOptions) {
    this.format = opts.responseFormat;
    this.url = `${opts.baseUrl.replace(/\/+$/, '')}/chat/completions`;
  }

  get name(): string {
    return this.opts.name;
  }

  /** The response_format mode the next request starts with (after any remembered step-down). */
  get currentFormat(): ResponseFormatMode {
    return this.format;
  }

  async complete(req: ChatCompletionRequest): Promise<ChatAnswer> {
    let format = this.format;
    for (;;) {
      try {
        return await this.send(req, format);
      } catch (err) {
        const next = NEXT_FORMAT[format];
        if (!isEngineError(err) || failureReason(err) !== 'response_format_rejected' || !next) throw err;
        this.opts.logger.warn({ provider: this.name, rejected: format, next }, 'endpoint rejected response_format; stepping down');
        format = next;
        // Concurrent requests may step down at once; the remembered mode only ever goes down.
        if (RESPONSE_FORMATS.indexOf(next) > RESPONSE_FORMATS.indexOf(this.format)) this.format = next;
      }
    }
  }

  private async send(req: ChatCompletionRequest, format: ResponseFormatMode): Promise<ChatAnswer> {
    let res: Response;
    try {
      res = await fetch(this.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          accept: 'application/json, text/event-stream',
          authorization: `Bearer ${this.opts.apiKey}`,
        },
        body: JSON.stringify(this.body(req, format)),
        signal: req.signal,
      });
    } catch (err) {
      throw this.transportError(err, req.signal, 'request failed');
    }
    const body = await this.readBody(res, req.signal);
    if (!res.ok) {
      throw httpFailure({ provider: this.name, status: res.status, body, retryAfter: res.headers.get('retry-after'), apiKey: this.opts.apiKey });
    }
    return { ...this.parseAnswer(res, body), format };
  }

  private body(req: ChatCompletionRequest, format: ResponseFormatMode): Record<string, unknown> {
    return {
      model: this.opts.model,
      temperature: this.opts.temperature,
      max_tokens: this.opts.maxTokens,
      // Explicit: GapGPT has been seen streaming by default (EXTERNAL-APIS.md §4).
      stream: false,
      messages: req.messages,
      ...responseFormatField(format, req.labels),
    };
  }

  /** Reads the whole body (capped), stopping at `data: [DONE]` for event streams left open by the server. */
  private async readBody(res: Response, signal: AbortSignal): Promise<string> {
    if (!res.body) return '';
    const sse = looksLikeSse(res.headers.get('content-type'), '');
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = '';
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return text + decoder.decode();
        text += decoder.decode(value, { stream: true });
        if (text.length > MAX_BODY_CHARS) throw failure(this.name, 'malformed', `answer body larger than ${MAX_BODY_CHARS} characters`);
        if (sse && hasSseDone(text)) return text;
      }
    } catch (err) {
      if (isEngineError(err)) throw err;
      throw this.transportError(err, signal, 'reading the answer failed');
    } finally {
      reader.cancel().catch(() => undefined);
    }
  }

  private parseAnswer(res: Response, body: string): Omit<ChatAnswer, 'format'> {
    if (looksLikeSse(res.headers.get('content-type'), body)) {
      const sse = parseSseBody(body);
      if (sse.error) throw httpFailure({ provider: this.name, status: res.status, body: JSON.stringify({ error: sse.error }), retryAfter: null, apiKey: this.opts.apiKey });
      return { content: sse.content, ...(sse.refusal ? { refusal: sse.refusal } : {}) };
    }
    let parsed: unknown;
    try {
      parsed = JSON.parse(body);
    } catch (err) {
      throw failure(this.name, 'malformed', 'answer is neither JSON nor an event stream', err);
    }
    return this.messageOf(res, parsed, body);
  }

  private messageOf(res: Response, parsed: unknown, body: string): Omit<ChatAnswer, 'format'> {
    const envelope = parsed as { choices?: unknown; error?: unknown } | null;
    const first = Array.isArray(envelope?.choices) ? (envelope.choices[0] as { message?: unknown; finish_reason?: unknown } | undefined) : undefined;
    if (!first || typeof first.message !== 'object' || first.message === null) {
      // A 200 that carries only an error envelope (some gateways do this) is judged like an HTTP error.
      if (envelope?.error) throw httpFailure({ provider: this.name, status: res.status, body, retryAfter: null, apiKey: this.opts.apiKey });
      throw failure(this.name, 'malformed', 'answer has no choices[0].message');
    }
    const message = first.message as { content?: unknown; refusal?: unknown };
    const content = typeof message.content === 'string' ? message.content : null;
    const refusal = typeof message.refusal === 'string' && message.refusal.length > 0 ? message.refusal : undefined;
    const finishReason = typeof first.finish_reason === 'string' ? first.finish_reason : undefined;
    return { content, ...(refusal ? { refusal } : {}), ...(finishReason ? { finishReason } : {}) };
  }

  /** An aborted signal whose reason is an EngineError (the classifier's deadline) wins over the fetch error. */
  private transportError(err: unknown, signal: AbortSignal, what: string): EngineError {
    if (signal.aborted) {
      return signal.reason instanceof EngineError ? signal.reason : failure(this.name, 'aborted', `${what}: aborted by the caller`, err);
    }
    const cause = (err as { cause?: { code?: unknown } } | null)?.cause;
    const code = typeof cause?.code === 'string' ? ` (${cause.code})` : '';
    return failure(this.name, 'network', `${what}${code}`, err);
  }
}

function responseFormatField(format: ResponseFormatMode, labels: readonly string[]): Record<string, unknown> {
  if (format === 'none') return {};
  if (format === 'json_object') return { response_format: { type: 'json_object' } };
  return {
    response_format: {
      type: 'json_schema',
      json_schema: {
        name: 'intent',
        strict: true,
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['intent'],
          properties: { intent: { type: 'string', enum: [...labels] } },
        },
      },
    },
  };
}
