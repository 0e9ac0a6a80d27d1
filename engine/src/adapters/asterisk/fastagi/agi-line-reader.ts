import { EngineError } from '../../../errors';

const LF = 0x0a;
const CR = 0x0d;

/**
 * Splits a FastAGI byte stream into lines. Asterisk ends every line with a bare `\n`; a trailing
 * `\r` is dropped too so a CRLF peer (a test tool, a proxy) still works. Works on bytes, not
 * strings, so a multi-byte UTF-8 character split across TCP chunks is decoded whole, and so the
 * length limit is a byte limit: a peer that never sends `\n` cannot make us buffer without bound.
 */
export class AgiLineReader {
  private parts: Buffer[] = [];
  private partBytes = 0;

  constructor(private readonly maxLineBytes: number) {}

  /**
   * Feeds one chunk; returns the complete lines in it (without line ends).
   * @throws EngineError CE_AGI_LIMIT when a line is longer than `maxLineBytes`.
   */
  push(chunk: Buffer): string[] {
    const lines: string[] = [];
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl === -1) break;
      lines.push(this.takeLine(chunk, start, nl));
      start = nl + 1;
    }
    if (start < chunk.length) {
      // An unterminated line may still end in the CR of a CRLF, hence the one byte of slack.
      this.checkLength(this.partBytes + (chunk.length - start) - 1);
      this.parts.push(chunk.subarray(start));
      this.partBytes += chunk.length - start;
    }
    return lines;
  }

  /** Bytes received after the last complete line (a truncated line at EOF). */
  get pendingBytes(): number {
    return this.partBytes;
  }

  private takeLine(chunk: Buffer, start: number, end: number): string {
    let buf = chunk.subarray(start, end);
    if (this.partBytes > 0) {
      buf = Buffer.concat([...this.parts, buf]);
      this.parts = [];
      this.partBytes = 0;
    }
    const len = buf.length > 0 && buf[buf.length - 1] === CR ? buf.length - 1 : buf.length;
    this.checkLength(len);
    return buf.toString('utf8', 0, len);
  }

  private checkLength(bytes: number): void {
    if (bytes > this.maxLineBytes) {
      throw new EngineError('CE_AGI_LIMIT', `line longer than ${this.maxLineBytes} bytes`, { details: { limit: 'lineBytes', max: this.maxLineBytes } });
    }
  }
}
