/**
 * Server-sent-event bodies of OpenAI-compatible chat completions. GapGPT may stream even when the
 * request says `"stream": false` (legacy `llm/client.py` met it), so a non-stream call must still
 * accept `data: {chunk}` lines: the answer is the join of `choices[0].delta.content` up to
 * `data: [DONE]`.
 */

export interface SseAnswer {
  readonly content: string;
  /** Joined `choices[0].delta.refusal` pieces, when the model refused. */
  readonly refusal?: string;
  /** An `{"error": {...}}` chunk some gateways send mid-stream instead of an HTTP status. */
  readonly error?: { readonly message: string; readonly code?: string; readonly type?: string };
  /** True when `data: [DONE]` was seen. */
  readonly done: boolean;
}

const DONE_LINE = /^data:\s*\[DONE\]\s*$/m;

/** True for a body that is an event stream, whatever the Content-Type says. */
export function looksLikeSse(contentType: string | null, body: string): boolean {
  return (contentType ?? '').toLowerCase().includes('text/event-stream') || body.trimStart().startsWith('data:');
}

/** True once the terminating `data: [DONE]` line has arrived (lets a reader stop early). */
export function hasSseDone(partialBody: string): boolean {
  return DONE_LINE.test(partialBody);
}

/** Joins the streamed deltas. Unparseable lines and comments (`: keep-alive`) are skipped. */
export function parseSseBody(raw: string): SseAnswer {
  let content = '';
  let refusal = '';
  let error: SseAnswer['error'];
  for (const line of raw.split(/\r?\n/)) {
    const trimmed = line.trim();
    if (!trimmed.startsWith('data:')) continue;
    const payload = trimmed.slice(5).trim();
    if (payload === '[DONE]') return finish(content, refusal, error, true);
    const chunk = parseJson(payload);
    if (!chunk) continue;
    error ??= errorOf(chunk);
    const delta = firstDelta(chunk);
    if (typeof delta?.content === 'string') content += delta.content;
    if (typeof delta?.refusal === 'string') refusal += delta.refusal;
  }
  return finish(content, refusal, error, false);
}

function finish(content: string, refusal: string, error: SseAnswer['error'], done: boolean): SseAnswer {
  return { content, ...(refusal ? { refusal } : {}), ...(error ? { error } : {}), done };
}

function parseJson(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function firstDelta(chunk: Record<string, unknown>): { content?: unknown; refusal?: unknown } | undefined {
  const choices = chunk['choices'];
  if (!Array.isArray(choices) || choices.length === 0) return undefined;
  const first = choices[0] as { delta?: unknown; message?: unknown } | null;
  // Some gateways put a whole `message` in the only chunk instead of a `delta`.
  const delta = first?.delta ?? first?.message;
  return delta && typeof delta === 'object' ? (delta as { content?: unknown; refusal?: unknown }) : undefined;
}

function errorOf(chunk: Record<string, unknown>): SseAnswer['error'] {
  const err = chunk['error'];
  if (!err || typeof err !== 'object') return undefined;
  const e = err as { message?: unknown; code?: unknown; type?: unknown };
  return {
    message: typeof e.message === 'string' ? e.message : '',
    ...(typeof e.code === 'string' ? { code: e.code } : {}),
    ...(typeof e.type === 'string' ? { type: e.type } : {}),
  };
}
