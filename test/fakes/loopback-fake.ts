import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';

/**
 * The common part of the loopback fakes (EXTERNAL-APIS.md §8): a plain `node:http` (or https) server
 * on 127.0.0.1:0, a FIFO queue of scripted modes with a default, optional latency, a `hang` that never
 * answers, and a count of requests in progress (to check a client's concurrency bound).
 */
export interface FakeReply {
  readonly status: number;
  readonly body: string;
  readonly contentType?: string;
}

export interface LoopbackOptions {
  /** Serve TLS with this key and certificate instead of plain HTTP. */
  readonly tls?: { readonly key: string | Buffer; readonly cert: string | Buffer };
  /** Delay before every answer, in ms. */
  readonly latencyMs?: number;
}

export abstract class LoopbackFake<Mode extends { readonly kind: string }> {
  private server?: Server;
  private readonly queue: Mode[] = [];
  private active = 0;
  /** The most requests that were in progress at the same moment. */
  maxConcurrent = 0;
  latencyMs: number;

  protected constructor(
    private defaultMode: Mode,
    private readonly opts: LoopbackOptions = {},
  ) {
    this.latencyMs = opts.latencyMs ?? 0;
  }

  /** Base URL, e.g. `http://127.0.0.1:40123`. */
  get origin(): string {
    const address = this.server?.address() as AddressInfo | null | undefined;
    if (!address) throw new Error('fake server is not listening');
    return `${this.opts.tls ? 'https' : 'http'}://127.0.0.1:${address.port}`;
  }

  /** Requests currently waiting for their answer. */
  get inProgress(): number {
    return this.active;
  }

  /** The next requests get these modes, in order; after that the default mode answers. */
  enqueue(...modes: Mode[]): this {
    this.queue.push(...modes);
    return this;
  }

  setDefault(mode: Mode): this {
    this.defaultMode = mode;
    return this;
  }

  async start(): Promise<this> {
    const handler = (req: IncomingMessage, res: ServerResponse): void => void this.handle(req, res);
    this.server = this.opts.tls ? createHttpsServer({ key: this.opts.tls.key, cert: this.opts.tls.cert }, handler) : createHttpServer(handler);
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return this;
  }

  /** Closes the server and every open connection (hung requests included). */
  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  /** Answers one request (route and auth checks, recording); `next()` takes the scripted mode. */
  protected abstract respond(req: IncomingMessage, body: Buffer, next: () => Mode): FakeReply | 'hang';

  protected nextMode(): Mode {
    return this.queue.shift() ?? this.defaultMode;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.active++;
    this.maxConcurrent = Math.max(this.maxConcurrent, this.active);
    let done = false;
    const finish = (): void => {
      if (!done) {
        done = true;
        this.active--;
      }
    };
    res.on('close', finish);
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const reply = this.respond(req, Buffer.concat(chunks), () => this.nextMode());
    if (reply === 'hang') return; // never answered; the client's timeout or stop() ends it
    if (this.latencyMs > 0) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (res.destroyed) return;
    res.writeHead(reply.status, { 'content-type': reply.contentType ?? 'application/json' });
    res.end(reply.body);
  }
}

/** `gateway-token: abc` -> `***`; `Authorization: Bearer abc` -> `Bearer ***`. */
export function redactHeaders(headers: IncomingMessage['headers']): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    const text = Array.isArray(value) ? value.join(', ') : (value ?? '');
    if (name === 'gateway-token') out[name] = text ? '***' : '';
    else if (name === 'authorization') out[name] = text.replace(/^(Bearer\s+).+$/i, '$1***');
    else out[name] = text;
  }
  return out;
}
