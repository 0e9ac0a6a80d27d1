import { EngineError, type Logger } from '../../../engine/src/index';
import { sniffAudio, type AudioKind } from './audio-sniff';
import { HttpTimeoutError, sendHttp, type HttpResult, type HttpSender } from './tts-http';

/**
 * Vira TTS (Part AI "Avasho" v2, EXTERNAL-APIS.md §2), for OFFLINE prompt generation only: a call
 * never waits for TTS. `POST {ttsUrl}` with `gateway-token` and `{text, speaker, speed, timestamp}`;
 * the reply (201, sometimes 200) carries an MP3 link at `data.data.aiResponse.result.filename`, or
 * a pending job (`data.data.id`, `estimationTime` in seconds) collected from a tracking route.
 * Which tracking route the gateway has is not documented, so the known guesses are tried in turn
 * (404/405 = not this one) and `--track-url` can pin it.
 */
export interface TtsRequest {
  readonly text: string;
  /** A named voice (`shahrzad`, `sara`, `dara`...); legacy's `female` is not one. */
  readonly voice: string;
  readonly speed: number;
}

export interface TtsAudio {
  readonly bytes: Buffer;
  readonly kind: AudioKind;
  /** Where the audio came from (the file link or the tracking route). */
  readonly url: string;
}

export interface ViraTtsOptions {
  readonly url: string;
  readonly token: string;
  readonly verifySsl: boolean;
  /** Per HTTP exchange (legacy TTS_TIMEOUT). */
  readonly timeoutMs: number;
  /** How long a pending job may take in total before CE_TTS_TIMEOUT. */
  readonly maxWaitMs: number;
  /** Tracking route templates with `{id}`; default: guesses under the request URL. */
  readonly trackUrls?: readonly string[];
  readonly send?: HttpSender;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => number;
  readonly logger?: Logger;
}

const MAX_AUDIO_BYTES = 20 * 1024 * 1024;
const MAX_JSON_BYTES = 1024 * 1024;
const RETRY_DELAY_MS = 1000;

/** `.../avasho/v2/avasho/request` → the tracking guesses public clients use, under `.../avasho/v2/avasho`. */
export function defaultTrackUrls(requestUrl: string): string[] {
  const base = requestUrl.replace(/\/request\/?(\?.*)?$/, '');
  return ['track', 'tracking', 'download', 'result'].map((route) => `${base}/${route}/{id}`);
}

function excerpt(body: Buffer): string {
  return body.toString('utf8').replace(/\s+/g, ' ').slice(0, 200);
}

function statusError(what: string, res: HttpResult): EngineError {
  // 402/403/429 are how the Sahab gateway refuses for credit or rate (403 `balanceError` on STT).
  if (res.status === 402 || res.status === 403 || res.status === 429) {
    return new EngineError('CE_TTS_QUOTA', `${what}: HTTP ${res.status} ${excerpt(res.body)}`, { details: { status: res.status } });
  }
  const hint = res.status === 401 ? ' (the gateway rejected plugins.stt.vira.ttsToken / VIRA_TTS_TOKEN)' : '';
  return new EngineError('CE_TTS_FAILED', `${what}: HTTP ${res.status}${hint} ${excerpt(res.body)}`, { details: { status: res.status } });
}

const PENDING_WORDS = ['pending', 'processing', 'queued', 'inprogress', 'in_progress'];

type Parsed = { readonly link: string } | { readonly pending: string; readonly waitSec: number } | { readonly other: string };

/** Reads the Avasho envelope: a file link, a pending job, or something else (with its status word). */
function parseEnvelope(body: Buffer): Parsed {
  let json: unknown;
  try {
    json = JSON.parse(body.toString('utf8'));
  } catch {
    return { other: `not JSON: ${excerpt(body)}` };
  }
  const outer = (json as { data?: { status?: unknown; data?: Record<string, unknown> } } | null)?.data;
  const inner = outer?.data;
  const link = (inner?.['aiResponse'] as { result?: { filename?: unknown } } | undefined)?.result?.filename;
  if (typeof link === 'string' && link.length > 0) return { link };
  const id = inner?.['id'] ?? inner?.['requestId'];
  const status = typeof outer?.status === 'string' ? outer.status.toLowerCase() : '';
  const hasId = typeof id === 'string' || typeof id === 'number';
  if ((hasId && status !== 'failed' && status !== 'error') || PENDING_WORDS.includes(status)) {
    const est = Number(inner?.['estimationTime']);
    return { pending: hasId ? String(id) : '', waitSec: Number.isFinite(est) && est > 0 ? est : 2 };
  }
  return { other: `status '${status || 'missing'}' without an audio link: ${excerpt(body)}` };
}

export class ViraTtsClient {
  private readonly send: HttpSender;
  private readonly sleep: (ms: number) => Promise<void>;
  private readonly now: () => number;
  private learnedTrack?: string;

  constructor(private readonly opts: ViraTtsOptions) {
    this.send = opts.send ?? sendHttp;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
    this.now = opts.now ?? Date.now;
  }

  /** Synthesises one text. Rejects with CE_TTS_QUOTA, CE_TTS_TIMEOUT or CE_TTS_FAILED. */
  async synthesize(req: TtsRequest): Promise<TtsAudio> {
    const started = this.now();
    const body = Buffer.from(JSON.stringify({ text: req.text, speaker: req.voice, speed: req.speed, timestamp: false }));
    const res = await this.exchange('POST', this.opts.url, 'TTS request', body, MAX_JSON_BYTES, true);
    if (res.status !== 200 && res.status !== 201) throw statusError('TTS request', res);
    const parsed = parseEnvelope(res.body);
    if ('link' in parsed) return this.download(parsed.link);
    if ('pending' in parsed && parsed.pending) return this.collect(parsed.pending, parsed.waitSec, started);
    if ('pending' in parsed) throw new EngineError('CE_TTS_FAILED', `TTS request: pending without a job id: ${excerpt(res.body)}`);
    throw new EngineError('CE_TTS_FAILED', `TTS request: ${parsed.other}`);
  }

  /** One exchange; a 5xx or a dropped connection is retried once, a timeout is not (the job may be running). */
  private async exchange(method: 'GET' | 'POST', url: string, what: string, body: Buffer | undefined, maxBytes: number, withToken: boolean): Promise<HttpResult> {
    const headers: Record<string, string> = { accept: method === 'POST' ? 'application/json' : '*/*' };
    if (withToken) headers['gateway-token'] = this.opts.token;
    if (body) headers['content-type'] = 'application/json';
    for (let attempt = 1; ; attempt++) {
      try {
        const res = await this.send({ method, url, headers, ...(body ? { body } : {}), timeoutMs: this.opts.timeoutMs, verifyTls: this.opts.verifySsl, maxBytes });
        if (res.status < 500 || attempt === 2) return res;
        this.opts.logger?.warn({ status: res.status, what }, 'TTS gateway error; retrying once');
      } catch (err) {
        if (err instanceof HttpTimeoutError) throw new EngineError('CE_TTS_TIMEOUT', `${what}: ${err.message}`, { cause: err });
        if (attempt === 2) throw new EngineError('CE_TTS_FAILED', `${what}: ${(err as Error).message}`, { cause: err });
      }
      await this.sleep(RETRY_DELAY_MS);
    }
  }

  private sameOrigin(url: string): boolean {
    return new URL(url).origin === new URL(this.opts.url).origin;
  }

  /** Fetches the audio link; the token goes only to the gateway's own origin, never to a file host. */
  private async download(link: string): Promise<TtsAudio> {
    const url = new URL(link, this.opts.url).toString();
    const res = await this.exchange('GET', url, 'TTS download', undefined, MAX_AUDIO_BYTES, this.sameOrigin(url));
    if (res.status !== 200) throw statusError('TTS download', res);
    const kind = sniffAudio(res.body);
    if (!kind) throw new EngineError('CE_TTS_FAILED', `TTS download ${url} is neither MP3 nor WAV (${res.body.length} bytes)`);
    return { bytes: res.body, kind, url };
  }

  /** Waits for a pending job: sleeps its estimate (1–10 s), asks the tracking route, repeats until maxWaitMs. */
  private async collect(id: string, waitSec: number, started: number): Promise<TtsAudio> {
    let wait = waitSec;
    for (;;) {
      const remaining = started + this.opts.maxWaitMs - this.now();
      if (remaining <= 0) throw new EngineError('CE_TTS_TIMEOUT', `TTS job ${id} was still pending after ${this.opts.maxWaitMs} ms`);
      await this.sleep(Math.min(remaining, Math.max(1000, Math.min(10_000, wait * 1000))));
      const answer = await this.track(id);
      if ('audio' in answer) return answer.audio;
      if ('link' in answer) return this.download(answer.link);
      wait = answer.waitSec;
    }
  }

  private async track(id: string): Promise<{ audio: TtsAudio } | { link: string } | { waitSec: number }> {
    const templates = this.learnedTrack ? [this.learnedTrack] : (this.opts.trackUrls ?? defaultTrackUrls(this.opts.url));
    for (const template of templates) {
      const url = template.replace('{id}', encodeURIComponent(id));
      const res = await this.exchange('GET', url, `TTS job ${id}`, undefined, MAX_AUDIO_BYTES, this.sameOrigin(url));
      if (res.status === 404 || res.status === 405) continue;
      if (res.status >= 500) return { waitSec: 2 };
      if (res.status !== 200 && res.status !== 201) throw statusError(`TTS job ${id}`, res);
      if (!this.learnedTrack) this.opts.logger?.info({ route: template }, 'TTS tracking route found; pin it with --track-url');
      this.learnedTrack = template;
      const kind = sniffAudio(res.body);
      if (kind) return { audio: { bytes: res.body, kind, url } };
      const parsed = parseEnvelope(res.body);
      if ('link' in parsed) return { link: parsed.link };
      if ('pending' in parsed) return { waitSec: parsed.waitSec };
      throw new EngineError('CE_TTS_FAILED', `TTS job ${id}: ${parsed.other}`);
    }
    throw new EngineError('CE_TTS_FAILED', `TTS job ${id} is pending but no tracking route answered (tried ${templates.join(', ')}); pass --track-url`);
  }
}
