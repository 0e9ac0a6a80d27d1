import { EngineError } from '../../../errors';
import { AmiFrame, type AmiHeader } from './ami-frame';

/** Bounds that keep a broken or hostile peer from exhausting memory or CPU. */
export interface AmiParserLimits {
  /** Longest line accepted (Asterisk's own input line limit is 1 KiB; its output lines are short). */
  readonly maxLineBytes: number;
  /** Largest message accepted (a Command output or a big list item stays far below this). */
  readonly maxFrameBytes: number;
  /** Most headers in one message. */
  readonly maxHeaders: number;
}

export const AMI_DEFAULT_PARSER_LIMITS: AmiParserLimits = {
  maxLineBytes: 64 * 1024,
  maxFrameBytes: 1024 * 1024,
  maxHeaders: 4096,
};

export type AmiParsed = { readonly kind: 'banner'; readonly version: string } | { readonly kind: 'frame'; readonly frame: AmiFrame };

const BANNER_PREFIX = 'Asterisk Call Manager/';
// Header names on the wire are ASCII tokens (`Cause-txt`, `CID-CallingPres`, `ChanVariable`):
// printable characters without blanks or colons. Anything else means we are not reading AMI.
const HEADER_NAME = /^[\x21-\x39\x3b-\x7e]+$/;

function protocolError(detail: string): EngineError {
  return new EngineError('CE_AMI_PROTOCOL', `AMI protocol violation: ${detail}`, { details: { detail } });
}

/**
 * Incremental parser of the PBX → client byte stream. The first line must be the banner
 * (`Asterisk Call Manager/9.0.0`); then messages are header lines ending in CRLF (bare LF is
 * accepted) terminated by an empty line; stray empty lines between messages are skipped (Asterisk
 * writes one after some error messages). `push()` returns what the chunk completed and throws
 * `CE_AMI_PROTOCOL` on anything that is not AMI; after a throw the parser must be discarded
 * together with its connection. Work is linear in the input: each byte is scanned once.
 */
export class AmiFrameParser {
  private partial: Buffer[] = [];
  private partialBytes = 0;
  private headers: AmiHeader[] = [];
  private frameBytes = 0;
  private sawBanner = false;
  private failed = false;

  constructor(private readonly limits: AmiParserLimits = AMI_DEFAULT_PARSER_LIMITS) {}

  push(chunk: Buffer): AmiParsed[] {
    if (this.failed) throw protocolError('parser already failed');
    const out: AmiParsed[] = [];
    try {
      this.scan(chunk, out);
    } catch (err) {
      this.failed = true;
      throw err;
    }
    return out;
  }

  /** Bytes held for an incomplete line or message (for diagnostics when the peer closes). */
  pendingBytes(): number {
    return this.partialBytes + this.frameBytes;
  }

  private scan(chunk: Buffer, out: AmiParsed[]): void {
    let start = 0;
    if (this.partial.length > 0) {
      // The first line of this chunk completes the one held back from the previous chunk.
      const nl = chunk.indexOf(0x0a);
      if (nl < 0) {
        this.keepPartial(chunk);
        return;
      }
      this.partial.push(chunk.subarray(0, nl));
      const bytes = Buffer.concat(this.partial, this.partialBytes + nl);
      this.partial = [];
      this.partialBytes = 0;
      this.emitLine(this.lineOf(bytes, 0, bytes.length, bytes.indexOf(0)), out);
      start = nl + 1;
    }
    // Lines are decoded straight from the chunk (no per-line Buffer views), each on its own: a
    // header value kept by a tracker then holds on to its line, never to the whole chunk.
    const nul = chunk.indexOf(0, start);
    for (;;) {
      const nl = chunk.indexOf(0x0a, start);
      if (nl < 0) break;
      this.emitLine(this.lineOf(chunk, start, nl, nul), out);
      start = nl + 1;
    }
    this.keepPartial(chunk.subarray(start));
  }

  private emitLine(line: string, out: AmiParsed[]): void {
    const parsed = this.onLine(line);
    if (parsed) out.push(parsed);
  }

  private keepPartial(rest: Buffer): void {
    if (rest.length === 0) return;
    this.partialBytes += rest.length;
    if (this.partialBytes > this.limits.maxLineBytes) throw protocolError(`line longer than ${this.limits.maxLineBytes} bytes`);
    // Copy: the socket may reuse the chunk's memory.
    this.partial.push(Buffer.from(rest));
  }

  /** The text of `bytes[start, lf)` without a trailing CR, after the limits; `nul` = first NUL byte at or after `start`, or -1. */
  private lineOf(bytes: Buffer, start: number, lf: number, nul: number): string {
    const length = lf - start;
    if (length > this.limits.maxLineBytes) throw protocolError(`line longer than ${this.limits.maxLineBytes} bytes`);
    this.frameBytes += length + 1;
    if (this.frameBytes > this.limits.maxFrameBytes) throw protocolError(`message larger than ${this.limits.maxFrameBytes} bytes`);
    const end = length > 0 && bytes[lf - 1] === 0x0d ? lf - 1 : lf;
    if (nul >= start && nul < end) throw protocolError('NUL byte in a line');
    return bytes.toString('utf8', start, end);
  }

  private onLine(line: string): AmiParsed | undefined {
    if (!this.sawBanner) {
      this.frameBytes = 0;
      if (!line.startsWith(BANNER_PREFIX)) throw protocolError('the peer did not start with the AMI banner');
      this.sawBanner = true;
      return { kind: 'banner', version: line.slice(BANNER_PREFIX.length) };
    }
    if (line.length === 0) return this.endOfMessage();
    const colon = line.indexOf(':');
    if (colon < 1) throw protocolError('a header line without a name and colon');
    const name = line.slice(0, colon);
    if (!HEADER_NAME.test(name)) throw protocolError('a header name with characters AMI never sends');
    if (this.headers.length >= this.limits.maxHeaders) throw protocolError(`more than ${this.limits.maxHeaders} headers in one message`);
    let value = colon + 1;
    while (value < line.length && (line.charCodeAt(value) === 0x20 || line.charCodeAt(value) === 0x09)) value++;
    this.headers.push([name, line.slice(value)]);
    return undefined;
  }

  private endOfMessage(): AmiParsed | undefined {
    if (this.headers.length === 0) {
      this.frameBytes = 0;
      return undefined;
    }
    const frame = new AmiFrame(this.headers);
    this.headers = [];
    this.frameBytes = 0;
    if (!frame.has('Event') && !frame.has('Response')) throw protocolError('a message that is neither a response nor an event');
    return { kind: 'frame', frame };
  }
}
