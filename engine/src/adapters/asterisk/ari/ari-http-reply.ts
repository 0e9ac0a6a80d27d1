/**
 * Incremental reader of one HTTP/1.1 response on a kept-alive connection: status line, headers,
 * then a body delimited by Content-Length, chunked transfer coding, or the end of the connection.
 * Asterisk's HTTP server always sends Content-Length; chunked and read-until-close are here for
 * other servers in front of ARI (proxies, the test servers built on node:http). Interim 1xx
 * responses are skipped. Anything that is not HTTP/1.x throws, and the connection is then dropped.
 */
import type { ExchangeReply } from './ari-http-exchange';

/** Longest status line + headers accepted (node:http's default limit is 16 KiB). */
const MAX_HEAD_BYTES = 64 * 1024;
const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');
const STATUS_LINE = /^HTTP\/1\.([01]) (\d{3})(?: |$)/;

type Body =
  | { readonly kind: 'length'; remaining: number }
  | { readonly kind: 'chunked'; state: 'size' | 'data' | 'trailer'; remaining: number }
  | { readonly kind: 'close' };

export class HttpReplyReader {
  /** False when the connection must not carry another request (Connection: close, read-until-close, stray bytes). */
  reusable = true;
  private pending: Buffer | undefined;
  private status = 0;
  private contentType = '';
  private body: Body | undefined;
  private readonly parts: Buffer[] = [];
  private size = 0;

  /** Takes the next bytes from the connection; returns the reply once it is complete. */
  push(chunk: Buffer): ExchangeReply | undefined {
    let data = this.pending ? Buffer.concat([this.pending, chunk]) : chunk;
    this.pending = undefined;
    if (!this.body) {
      const rest = this.readHead(data);
      if (rest === undefined) return undefined;
      data = rest;
    }
    return this.readBody(data);
  }

  /** The connection ended: the reply, when its body runs to the end of the connection. */
  end(): ExchangeReply | undefined {
    return this.body?.kind === 'close' ? this.reply() : undefined;
  }

  /** Reads status line and headers (skipping 1xx); returns the bytes after them, or undefined for more. */
  private readHead(data: Buffer): Buffer | undefined {
    for (;;) {
      const end = data.indexOf(CRLFCRLF);
      if (end < 0) {
        if (data.length > MAX_HEAD_BYTES) throw new Error(`response head longer than ${MAX_HEAD_BYTES} bytes`);
        this.pending = data;
        return undefined;
      }
      const lines = data.toString('latin1', 0, end).split('\r\n');
      const status = STATUS_LINE.exec(lines[0]);
      if (!status) throw new Error('not an HTTP/1.x response');
      this.status = Number(status[2]);
      data = data.subarray(end + 4);
      if (this.status >= 100 && this.status < 200) continue;
      this.body = this.headers(lines, status[1] === '0');
      return data;
    }
  }

  private headers(lines: string[], http10: boolean): Body {
    let length: number | undefined;
    let chunked = false;
    let connection = http10 ? 'close' : 'keep-alive';
    for (let i = 1; i < lines.length; i++) {
      const colon = lines[i].indexOf(':');
      if (colon < 1) throw new Error('malformed response header');
      const name = lines[i].slice(0, colon).toLowerCase();
      const value = lines[i].slice(colon + 1).trim();
      if (name === 'content-length') {
        const n = /^\d{1,15}$/.test(value) ? Number(value) : NaN;
        if (Number.isNaN(n) || (length !== undefined && length !== n)) throw new Error('bad Content-Length');
        length = n;
      } else if (name === 'transfer-encoding') chunked = /(?:^|,)\s*chunked\s*$/i.test(value);
      else if (name === 'connection') connection = value.toLowerCase();
      else if (name === 'content-type') this.contentType = value;
    }
    if (/\bclose\b/.test(connection) || (http10 && !/\bkeep-alive\b/.test(connection))) this.reusable = false;
    if (this.status === 204 || this.status === 304) return { kind: 'length', remaining: 0 };
    if (chunked) return { kind: 'chunked', state: 'size', remaining: 0 };
    if (length !== undefined) return { kind: 'length', remaining: length };
    this.reusable = false;
    return { kind: 'close' };
  }

  private readBody(data: Buffer): ExchangeReply | undefined {
    const body = this.body as Body;
    if (body.kind === 'close') {
      this.take(data);
      return undefined;
    }
    if (body.kind === 'length') {
      const n = Math.min(body.remaining, data.length);
      this.take(data.subarray(0, n));
      body.remaining -= n;
      if (body.remaining > 0) return undefined;
      if (data.length > n) this.reusable = false;
      return this.reply();
    }
    return this.readChunks(body, data);
  }

  private readChunks(body: Extract<Body, { kind: 'chunked' }>, data: Buffer): ExchangeReply | undefined {
    let at = 0;
    for (;;) {
      if (body.state === 'data') {
        const n = Math.min(body.remaining, data.length - at);
        this.take(data.subarray(at, at + n));
        at += n;
        body.remaining -= n;
        if (body.remaining > 0) return undefined;
        body.state = 'size';
        // The CRLF after the chunk data is read as an empty "size" line below.
        body.remaining = -1;
        continue;
      }
      const eol = data.indexOf(CRLF, at);
      if (eol < 0) {
        this.pending = data.subarray(at);
        return undefined;
      }
      const line = data.toString('latin1', at, eol);
      at = eol + 2;
      if (body.state === 'trailer') {
        if (line !== '') continue;
        if (at < data.length) this.reusable = false;
        return this.reply();
      }
      if (body.remaining === -1) {
        if (line !== '') throw new Error('chunk data longer than its size');
        body.remaining = 0;
        continue;
      }
      const size = /^[0-9a-fA-F]{1,12}(?:;|\s|$)/.test(line) ? parseInt(line, 16) : NaN;
      if (Number.isNaN(size)) throw new Error('bad chunk size');
      if (size === 0) body.state = 'trailer';
      else {
        body.state = 'data';
        body.remaining = size;
      }
    }
  }

  private take(part: Buffer): void {
    if (part.length === 0) return;
    this.parts.push(part);
    this.size += part.length;
  }

  private reply(): ExchangeReply {
    const body = this.parts.length === 1 ? this.parts[0] : Buffer.concat(this.parts, this.size);
    return { status: this.status, contentType: this.contentType, body };
  }
}
