import type { AddressInfo } from 'node:net';
import type { FastifyInstance } from 'fastify';
import { EngineError, describeError } from '../../errors';
import type { EngineConfig } from '../../config/config.schema';
import { assertSafeBind } from './safe-bind';

export interface HttpInjectRequest {
  readonly method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD' | 'OPTIONS';
  readonly url: string;
  readonly headers?: Readonly<Record<string, string>>;
  /** An object is sent as JSON; a string or Buffer as is. */
  readonly payload?: string | Buffer | object;
}

export interface HttpInjectResponse {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string | string[] | number | undefined>>;
  readonly body: string;
  json<T = unknown>(): T;
}

export interface HttpListening {
  /** e.g. `http://127.0.0.1:8090`. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
}

/** The built HTTP API. Building never opens a socket; only `listen()` does (called by main.ts). */
export interface HttpServer {
  /** In-process request (no socket), for tests and the CLI. */
  inject(req: HttpInjectRequest): Promise<HttpInjectResponse>;
  /** Loads every route and plugin scope; rejects on a route conflict. inject/listen call it themselves. */
  ready(): Promise<void>;
  listen(): Promise<HttpListening>;
  /** Stops accepting, lets in-flight requests end, then closes; safe to call twice. */
  close(): Promise<void>;
  /** The Fastify instance, for adapter code and tests only; engine code must not depend on it. */
  readonly fastify: FastifyInstance;
}

export class FastifyHttpServer implements HttpServer {
  private closing: Promise<void> | undefined;

  constructor(
    readonly fastify: FastifyInstance,
    private readonly config: EngineConfig['http'],
  ) {}

  async inject(req: HttpInjectRequest): Promise<HttpInjectResponse> {
    const res = await this.fastify.inject({ method: req.method, url: req.url, headers: { ...req.headers }, payload: req.payload });
    return { statusCode: res.statusCode, headers: res.headers, body: res.body, json: <T>() => res.json<T>() };
  }

  async ready(): Promise<void> {
    await this.fastify.ready();
  }

  async listen(): Promise<HttpListening> {
    assertSafeBind(this.config);
    const { host, port } = this.config;
    try {
      await this.fastify.listen({ host, port });
    } catch (err) {
      throw new EngineError('CE_HTTP_LISTEN_FAILED', `Cannot listen on ${host}:${port}: ${describeError(err)}`, { cause: err });
    }
    const bound = this.fastify.server.address() as AddressInfo;
    const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
    const listening = { address: `http://${shownHost}:${bound.port}`, host: bound.address, port: bound.port };
    this.fastify.log.info({ address: listening.address }, 'http api listening');
    return listening;
  }

  close(): Promise<void> {
    this.closing ??= this.fastify.close();
    return this.closing;
  }
}
