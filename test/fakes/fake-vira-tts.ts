import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { redactHeaders } from './loopback-fake';

/**
 * Loopback fake of Vira TTS (Avasho v2, EXTERNAL-APIS.md §2 and §8). `POST /avasho/v2/avasho/request`
 * checks `gateway-token` (401 otherwise) and answers by the next scripted mode; audio files are
 * served from `/files/<name>` and pending jobs from `/avasho/v2/avasho/track/<id>` or
 * `/avasho/v2/avasho/download/<id>` (the two routes public clients guess). Its own `node:http`
 * server rather than LoopbackFake because it serves binary bodies. Every request is recorded with
 * the token redacted.
 */
export type FakeTtsMode =
  /** 201 (or `status`) with `data.data.aiResponse.result.filename` → an MP3 (or a WAV). */
  | { readonly kind: 'ok'; readonly audio?: 'mp3' | 'wav'; readonly status?: number }
  /**
   * 200 `{status: pending, data: {id, estimationTime: 1}}`. `track`: the track route answers
   * pending `polls` times, then a file link. `download`: only the download route exists and it
   * returns the audio bytes themselves.
   */
  | { readonly kind: 'pending'; readonly polls?: number; readonly via?: 'track' | 'download'; readonly audio?: 'mp3' | 'wav' }
  | { readonly kind: 'quota-429' }
  | { readonly kind: 'quota-403' }
  | { readonly kind: 'server-error'; readonly status?: number }
  /** Never answers (the client's timeout must end it). */
  | { readonly kind: 'hang' }
  /** 201 with a link to something that is neither MP3 nor WAV. */
  | { readonly kind: 'not-audio' };

export interface RecordedTtsRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Record<string, string>;
  readonly json?: { text?: string; speaker?: string; speed?: number; timestamp?: boolean };
  readonly mode?: FakeTtsMode['kind'];
}

export const TTS_PATH = '/avasho/v2/avasho/request';

/** One second of silent MPEG-1 layer III frames (header + zeroed side info decode as silence). */
export function tinyMp3(frames = 38): Buffer {
  const frame = Buffer.alloc(417);
  Buffer.from([0xff, 0xfb, 0x90, 0x64]).copy(frame);
  return Buffer.concat([Buffer.from('ID3\x03\x00\x00\x00\x00\x00\x00', 'latin1'), ...Array.from({ length: frames }, () => frame)]);
}

/** Half a second of a 440 Hz tone, 16 kHz mono 16-bit WAV. */
export function tinyWav(rate = 16000, seconds = 0.5, freq = 440): Buffer {
  const n = Math.round(rate * seconds);
  const out = Buffer.alloc(44 + n * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + n * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(rate, 24);
  out.writeUInt32LE(rate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(n * 2, 40);
  for (let i = 0; i < n; i++) out.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * freq * i) / rate)), 44 + i * 2);
  return out;
}

interface Job {
  remaining: number;
  readonly via: 'track' | 'download';
  readonly file: string;
}

export class FakeViraTts {
  readonly requests: RecordedTtsRequest[] = [];
  private readonly queue: FakeTtsMode[] = [];
  private readonly files = new Map<string, Buffer>();
  private readonly jobs = new Map<string, Job>();
  private server?: Server;
  private seq = 0;

  constructor(
    readonly token = 'test-tts-token',
    private defaultMode: FakeTtsMode = { kind: 'ok' },
  ) {}

  get origin(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('fake TTS is not listening');
    return `http://127.0.0.1:${address.port}`;
  }

  get url(): string {
    return `${this.origin}${TTS_PATH}`;
  }

  enqueue(...modes: FakeTtsMode[]): this {
    this.queue.push(...modes);
    return this;
  }

  setDefault(mode: FakeTtsMode): this {
    this.defaultMode = mode;
    return this;
  }

  async start(): Promise<this> {
    this.server = createServer((req, res) => void this.handle(req, res));
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const path = (req.url ?? '/').split('?')[0] as string;
    const record = { method: req.method ?? '', path, headers: redactHeaders(req.headers) };
    if (path.startsWith('/files/')) {
      this.requests.push(record);
      const file = this.files.get(path.slice('/files/'.length));
      return file ? send(res, 200, file, 'audio/mpeg') : json(res, 404, { message: 'no such file' });
    }
    if (req.headers['gateway-token'] !== this.token) {
      this.requests.push(record);
      return json(res, 401, { message: 'unauthorized' });
    }
    if (req.method === 'POST' && path === TTS_PATH) return this.request(req, res, record, Buffer.concat(chunks));
    const job = /^\/avasho\/v2\/avasho\/(track|download)\/([^/]+)$/.exec(path);
    this.requests.push(record);
    if (req.method === 'GET' && job) return this.track(res, job[1] as 'track' | 'download', decodeURIComponent(job[2] as string));
    json(res, 404, { message: 'no such route' });
  }

  private request(_req: IncomingMessage, res: ServerResponse, record: Omit<RecordedTtsRequest, 'json' | 'mode'>, body: Buffer): void {
    const mode = this.queue.shift() ?? this.defaultMode;
    let parsed: RecordedTtsRequest['json'];
    try {
      parsed = JSON.parse(body.toString('utf8')) as RecordedTtsRequest['json'];
    } catch {
      parsed = undefined;
    }
    this.requests.push({ ...record, ...(parsed ? { json: parsed } : {}), mode: mode.kind });
    switch (mode.kind) {
      case 'ok':
        return json(res, mode.status ?? 201, this.success(this.addFile(mode.audio ?? 'mp3')));
      case 'not-audio':
        this.files.set('x.mp3', Buffer.from('<html>not audio</html>'));
        return json(res, 201, this.success('x.mp3'));
      case 'pending': {
        const id = `j${++this.seq}`;
        this.jobs.set(id, { remaining: mode.polls ?? 1, via: mode.via ?? 'track', file: this.addFile(mode.audio ?? 'mp3') });
        return json(res, 200, { data: { status: 'pending', data: { id, estimationTime: 1 } } });
      }
      case 'quota-429': return json(res, 429, { message: 'too many requests' });
      case 'quota-403': return json(res, 403, { data: { status: 'failed', message: 'balanceError: credit is below the set threshold' } });
      case 'server-error': return json(res, mode.status ?? 500, { message: 'internal error' });
      case 'hang': return;
    }
  }

  private track(res: ServerResponse, route: 'track' | 'download', id: string): void {
    const job = this.jobs.get(id);
    if (!job || job.via !== route) return json(res, 404, { message: 'no such route or job' });
    if (job.remaining > 0) {
      job.remaining--;
      return json(res, 200, { data: { status: 'pending', data: { id, estimationTime: 1 } } });
    }
    if (route === 'download') return send(res, 200, this.files.get(job.file) as Buffer, 'application/octet-stream');
    json(res, 200, this.success(job.file));
  }

  private addFile(kind: 'mp3' | 'wav'): string {
    const name = `p${++this.seq}.${kind}`;
    this.files.set(name, kind === 'mp3' ? tinyMp3() : tinyWav());
    return name;
  }

  private success(file: string): unknown {
    return { data: { status: 'success', data: { aiResponse: { result: { filename: `${this.origin}/files/${file}` } } } } };
  }
}

function send(res: ServerResponse, status: number, body: Buffer, contentType: string): void {
  res.writeHead(status, { 'content-type': contentType, 'content-length': String(body.length) });
  res.end(body);
}

function json(res: ServerResponse, status: number, body: unknown): void {
  send(res, status, Buffer.from(JSON.stringify(body)), 'application/json');
}
