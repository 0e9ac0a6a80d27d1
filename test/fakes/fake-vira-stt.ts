import { createHash } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { LoopbackFake, redactHeaders, type FakeReply, type LoopbackOptions } from './loopback-fake';
import { isWav, parseMultipart } from './multipart-body';

/**
 * Loopback fake of Vira Avanegar v2 STT (EXTERNAL-APIS.md §1): `POST /avanegar/v2/avanegar/request`,
 * `gateway-token` checked (401 when missing or wrong), multipart parsed (an `audio` part that is a
 * RIFF....WAVE file is required), every request recorded with the token redacted.
 */
export type FakeViraMode =
  | { readonly kind: 'ok'; readonly text: string }
  | { readonly kind: 'empty-text' }
  /** `Empty Audio file`, as 400 (default) or 200: the real status is unknown. */
  | { readonly kind: 'empty-audio'; readonly status?: number }
  /** 403 `balanceError: credit is below the set threshold`. */
  | { readonly kind: 'quota' }
  | { readonly kind: 'quota-402' }
  /** 400 with validationResults `{field:"duration", passed:false}`. */
  | { readonly kind: 'duration' }
  | { readonly kind: 'server-error'; readonly status?: number }
  | { readonly kind: 'hang' }
  | { readonly kind: 'non-json'; readonly status?: number }
  /** 401 whatever token was sent. */
  | { readonly kind: 'bad-token' }
  /** 200 with an async job id instead of a transcript. */
  | { readonly kind: 'pending' };

export interface RecordedViraRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly fields: Record<string, string[]>;
  readonly hotwords: string[];
  readonly audio?: Buffer;
  readonly audioFilename?: string;
  readonly audioIsWav: boolean;
  /** The mode that answered (undefined when the fake refused before taking one). */
  readonly mode?: FakeViraMode['kind'];
}

export const VIRA_PATH = '/avanegar/v2/avanegar/request';

function json(status: number, body: unknown): FakeReply {
  return { status, body: JSON.stringify(body) };
}

function envelope(text: string): unknown {
  // The misleading top-level meta.status "fail" is kept on purpose: clients must ignore it.
  return { data: { status: 'success', requestId: 'r1', data: { aiResponse: { status: 200, result: { text }, meta: { traceId: 't1' } } } }, meta: { status: 'fail' } };
}

export function renderViraMode(mode: FakeViraMode): FakeReply | 'hang' {
  switch (mode.kind) {
    case 'ok': return json(200, envelope(mode.text));
    case 'empty-text': return json(200, envelope(''));
    case 'empty-audio': return json(mode.status ?? 400, { data: { status: 'failed', message: 'Empty Audio file' } });
    case 'quota': return json(403, { data: { status: 'failed', message: 'balanceError: credit is below the set threshold' } });
    case 'quota-402': return json(402, { message: 'payment required' });
    case 'duration':
      return json(400, { data: { status: 'failed', message: 'validation failed', additionalInfo: { additionalInfo: { validationResults: [{ field: 'duration', passed: false }] } } } });
    case 'server-error': return json(mode.status ?? 500, { message: 'internal error' });
    case 'hang': return 'hang';
    case 'non-json': return { status: mode.status ?? 200, body: '<html>gateway error</html>', contentType: 'text/html' };
    case 'bad-token': return json(401, { message: 'unauthorized' });
    case 'pending': return json(200, { data: { status: 'pending', data: { requestId: 'j1' } } });
  }
}

export class FakeViraStt extends LoopbackFake<FakeViraMode> {
  readonly requests: RecordedViraRequest[] = [];
  private readonly byAudio = new Map<string, FakeViraMode>();

  constructor(
    readonly token = 'test-vira-token',
    opts: LoopbackOptions & { defaultText?: string } = {},
  ) {
    super({ kind: 'ok', text: opts.defaultText ?? 'بله' }, opts);
  }

  /** `{origin}/avanegar/v2/avanegar/request`, the value for plugins.stt.vira.sttUrl. */
  get url(): string {
    return `${this.origin}${VIRA_PATH}`;
  }

  /** Answers requests whose audio bytes hash to the same sha256 with `mode` (before the queue). */
  replyForAudio(audio: Buffer, mode: FakeViraMode): this {
    this.byAudio.set(createHash('sha256').update(audio).digest('hex'), mode);
    return this;
  }

  protected respond(req: IncomingMessage, body: Buffer, next: () => FakeViraMode): FakeReply | 'hang' {
    const base = { method: req.method ?? '', path: req.url ?? '', headers: redactHeaders(req.headers) };
    if (req.method !== 'POST' || base.path !== VIRA_PATH) {
      this.requests.push({ ...base, fields: {}, hotwords: [], audioIsWav: false });
      return json(404, { message: 'not found' });
    }
    let parsed;
    try {
      parsed = parseMultipart(body, req.headers['content-type']);
    } catch {
      parsed = { fields: {}, files: [] };
    }
    const audio = parsed.files.find((f) => f.name === 'audio');
    const { 'hotwords[]': hotwords = [], ...fields } = parsed.fields;
    const record = { ...base, fields, hotwords, audioIsWav: audio ? isWav(audio.data) : false, ...(audio ? { audio: audio.data, audioFilename: audio.filename } : {}) };
    if (req.headers['gateway-token'] !== this.token) {
      this.requests.push(record);
      return json(401, { message: 'unauthorized' });
    }
    if (!audio || !record.audioIsWav) {
      this.requests.push(record);
      return json(400, { data: { status: 'failed', message: 'Input file content is unexpected' } });
    }
    const mode = this.byAudio.get(createHash('sha256').update(audio.data).digest('hex')) ?? next();
    this.requests.push({ ...record, mode: mode.kind });
    return renderViraMode(mode);
  }
}
