import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A loopback GapGPT (OpenAI-compatible `POST /v1/chat/completions`) for tests, per EXTERNAL-APIS.md
 * §4 and §8: checks the Bearer key, records every request (key redacted), and answers from a queue
 * of scripted modes; when the queue is empty it answers `defaultMode` (by default `keyword`, which
 * maps the last user message to a label by keyword, for end-to-end runs).
 */
export type FakeGapGptMode =
  | { readonly kind: 'json'; readonly intent?: string; readonly content?: string }
  | { readonly kind: 'plain'; readonly content?: string }
  | { readonly kind: 'sse'; readonly chunks?: readonly string[]; readonly holdOpen?: boolean }
  | { readonly kind: 'quota' }
  | { readonly kind: 'rate-limit'; readonly retryAfterSec?: number }
  | { readonly kind: 'insufficient-quota' }
  | { readonly kind: 'server-error'; readonly status?: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'malformed' }
  | { readonly kind: 'refusal'; readonly refusal?: string }
  | { readonly kind: 'reject-response-format' }
  | { readonly kind: 'keyword' };

export type FakeGapGptModeName = FakeGapGptMode['kind'];

export interface RecordedChatRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON body (undefined when the body was not JSON). */
  readonly body: ChatBody | undefined;
  /** The mode that answered. */
  readonly mode: FakeGapGptModeName | 'unauthorized' | 'unsupported-format' | 'not-found';
}

export interface ChatBody {
  readonly model?: string;
  readonly temperature?: number;
  readonly max_tokens?: number;
  readonly stream?: boolean;
  readonly messages?: readonly { readonly role: string; readonly content: string }[];
  readonly response_format?: { readonly type: string; readonly json_schema?: { readonly schema?: { readonly properties?: { readonly intent?: { readonly enum?: readonly string[] } } } } };
}

export interface FakeGapGptOptions {
  readonly apiKey?: string;
  /** Keyword table for `keyword` mode: label → words; first match wins, else `unknown`. */
  readonly keywords?: Readonly<Record<string, readonly string[]>>;
  /** Delay before answering any request, in ms. */
  readonly latencyMs?: number;
}

const DEFAULT_KEYWORDS: Readonly<Record<string, readonly string[]>> = {
  number_question: ['شماره', 'شمارمو'],
  no: ['نه', 'نمیخوام', 'ندارم', 'نیاز'],
  yes: ['بله', 'آره', 'قیمت', 'هزینه', 'آدرس', 'کجاست'],
};

export class FakeGapGpt {
  readonly requests: RecordedChatRequest[] = [];
  readonly apiKey: string;
  defaultMode: FakeGapGptMode = { kind: 'keyword' };
  /** response_format types answered with a 400, without consuming the queue (an endpoint lacking support). */
  readonly unsupportedFormats = new Set<string>();
  latencyMs: number;
  private readonly queue: FakeGapGptMode[] = [];
  private readonly server: Server;
  private readonly keywords: Readonly<Record<string, readonly string[]>>;
  private inFlight = 0;
  /** Highest number of requests being answered at once. */
  maxInFlight = 0;

  private constructor(opts: FakeGapGptOptions) {
    this.apiKey = opts.apiKey ?? 'test-gapgpt-key';
    this.keywords = opts.keywords ?? DEFAULT_KEYWORDS;
    this.latencyMs = opts.latencyMs ?? 0;
    this.server = createServer((req, res) => void this.handle(req, res));
  }

  static async start(opts: FakeGapGptOptions = {}): Promise<FakeGapGpt> {
    const fake = new FakeGapGpt(opts);
    await new Promise<void>((resolve) => fake.server.listen(0, '127.0.0.1', resolve));
    return fake;
  }

  /** The value for `plugins.llm.baseUrl` / GAPGPT_BASE_URL. */
  get baseUrl(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/v1`;
  }

  enqueue(...modes: (FakeGapGptMode | FakeGapGptModeName)[]): this {
    for (const m of modes) this.queue.push(typeof m === 'string' ? ({ kind: m } as FakeGapGptMode) : m);
    return this;
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const raw = await readAll(req);
    const body = parseBody(raw);
    const record = (mode: RecordedChatRequest['mode']): void => {
      this.requests.push({ method: req.method ?? '', path: req.url ?? '', headers: redact(req.headers), body, mode });
    };
    if (req.method !== 'POST' || req.url !== '/v1/chat/completions') {
      record('not-found');
      return json(res, 404, { error: { message: 'Invalid URL', type: 'invalid_request_error', code: null } });
    }
    if (req.headers.authorization !== `Bearer ${this.apiKey}`) {
      record('unauthorized');
      return json(res, 401, { error: { message: 'Invalid token', type: 'one_api_error', code: 'invalid_api_key' } });
    }
    const format = body?.response_format?.type;
    if (format && this.unsupportedFormats.has(format)) {
      record('unsupported-format');
      return json(res, 400, rejectFormat(format));
    }
    const mode = this.queue.shift() ?? this.defaultMode;
    record(mode.kind);
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    try {
      if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
      await this.answer(mode, body, res);
    } finally {
      this.inFlight--;
    }
  }

  private async answer(mode: FakeGapGptMode, body: ChatBody | undefined, res: ServerResponse): Promise<void> {
    switch (mode.kind) {
      case 'json':
        return json(res, 200, completion(mode.content ?? JSON.stringify({ intent: mode.intent ?? 'yes' })));
      case 'plain':
        return json(res, 200, completion(mode.content ?? 'yes'));
      case 'sse':
        return sse(res, mode.chunks ?? ['{"int', 'ent": "y', 'es"}'], mode.holdOpen ?? false);
      case 'quota':
        return json(res, 403, { error: { message: 'token quota is not enough, token remain quota: $0', type: 'one_api_error', code: 'pre_consume_token_quota_failed' } });
      case 'rate-limit':
        res.setHeader('retry-after', String(mode.retryAfterSec ?? 2));
        return json(res, 429, { error: { message: 'Rate limit reached for requests', type: 'requests', code: 'rate_limit_exceeded' } });
      case 'insufficient-quota':
        return json(res, 429, { error: { message: 'You exceeded your current quota, please check your plan and billing details.', type: 'insufficient_quota', code: 'insufficient_quota' } });
      case 'server-error':
        return json(res, mode.status ?? 500, { error: { message: 'upstream error', type: 'server_error', code: null } });
      case 'hang':
        return new Promise<void>((resolve) => res.on('close', resolve));
      case 'malformed':
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"id":"chatcmpl-1","choices":[{"message":{"content":"{\\"intent\\"');
        return;
      case 'refusal':
        return json(res, 200, completion(null, mode.refusal ?? "I'm sorry, I can't help with that."));
      case 'reject-response-format':
        return json(res, 400, rejectFormat(body?.response_format?.type ?? 'json_schema'));
      case 'keyword':
        return json(res, 200, completion(JSON.stringify({ intent: this.keywordLabel(body) })));
    }
  }

  private keywordLabel(body: ChatBody | undefined): string {
    const users = (body?.messages ?? []).filter((m) => m.role === 'user');
    const words = (users[users.length - 1]?.content ?? '').split(/[\s،؟?!.,]+/);
    for (const [label, keys] of Object.entries(this.keywords)) {
      if (keys.some((k) => words.includes(k))) return label;
    }
    return 'unknown';
  }
}

function completion(content: string | null, refusal: string | null = null): unknown {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 1700000000,
    model: 'gpt-4o-mini-2024-07-18',
    choices: [{ index: 0, message: { role: 'assistant', content, refusal }, finish_reason: 'stop', logprobs: null }],
    usage: { prompt_tokens: 120, completion_tokens: 6, total_tokens: 126 },
  };
}

function rejectFormat(type: string): unknown {
  return {
    error: {
      message: `Invalid parameter: 'response_format' of type '${type}' is not supported with this model.`,
      type: 'invalid_request_error',
      param: 'response_format',
      code: null,
    },
  };
}

function json(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(payload));
}

function sse(res: ServerResponse, chunks: readonly string[], holdOpen: boolean): void {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  res.write(': keep-alive\n\n');
  for (const piece of chunks) {
    res.write(`data: ${JSON.stringify({ id: 'chatcmpl-fake', object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content: piece }, finish_reason: null }] })}\n\n`);
  }
  res.write('data: [DONE]\n\n');
  // holdOpen: a server that never ends the stream after [DONE]; the client must stop on [DONE].
  if (!holdOpen) res.end();
}

function readAll(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (c: Buffer) => parts.push(c));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

function parseBody(raw: string): ChatBody | undefined {
  try {
    return JSON.parse(raw) as ChatBody;
  } catch {
    return undefined;
  }
}

function redact(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (v === undefined) continue;
    out[k] = k === 'authorization' ? String(v).replace(/^(Bearer\s+).+$/i, '$1***') : String(v);
  }
  return out;
}
