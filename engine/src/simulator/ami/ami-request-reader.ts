/**
 * Reads client → PBX messages the way Asterisk's `get_input`/`astman_get_header` do: lines end in
 * CRLF or bare LF, a message ends at an empty line, header names match case-insensitively with the
 * first match winning, blanks after the colon are skipped (`Action:Ping` works), and lines without a
 * colon are kept but never match. Bounded: a line longer than `maxLineBytes` is an error (the session
 * closes the socket); headers beyond `maxHeaders` are dropped like Asterisk does.
 */
export class AmiRequest {
  constructor(readonly lines: readonly string[]) {}

  get(name: string): string | undefined {
    const prefix = `${name.toLowerCase()}:`;
    for (const line of this.lines) {
      if (line.length >= prefix.length && line.slice(0, prefix.length).toLowerCase() === prefix) {
        return line.slice(prefix.length).replace(/^[ \t]+/, '');
      }
    }
    return undefined;
  }

  all(name: string): string[] {
    const prefix = `${name.toLowerCase()}:`;
    return this.lines.filter((l) => l.slice(0, prefix.length).toLowerCase() === prefix).map((l) => l.slice(prefix.length).replace(/^[ \t]+/, ''));
  }

  /** Headers with a name, in request order (for UserEvent, which repeats them). */
  headers(): Array<readonly [string, string]> {
    const out: Array<readonly [string, string]> = [];
    for (const line of this.lines) {
      const colon = line.indexOf(':');
      if (colon > 0) out.push([line.slice(0, colon), line.slice(colon + 1).replace(/^[ \t]+/, '')]);
    }
    return out;
  }

  /** The echoed ActionID: undefined when absent or empty. */
  get actionId(): string | undefined {
    const id = this.get('ActionID');
    return id ? id : undefined;
  }
}

export class AmiRequestReader {
  private buffer = '';
  private lines: string[] = [];

  constructor(private readonly limits: { readonly maxLineBytes: number; readonly maxHeaders: number } = { maxLineBytes: 8192, maxHeaders: 128 }) {}

  /** Returns the messages completed by `chunk`; throws when a line exceeds the limit. */
  push(chunk: string): AmiRequest[] {
    this.buffer += chunk;
    const out: AmiRequest[] = [];
    let nl = this.buffer.indexOf('\n');
    let start = 0;
    while (nl >= 0) {
      const line = this.buffer.slice(start, nl).replace(/\r$/, '');
      start = nl + 1;
      this.onLine(line, out);
      nl = this.buffer.indexOf('\n', start);
    }
    this.buffer = this.buffer.slice(start);
    if (this.buffer.length > this.limits.maxLineBytes) throw new Error(`request line longer than ${this.limits.maxLineBytes} bytes`);
    return out;
  }

  private onLine(line: string, out: AmiRequest[]): void {
    if (line.length > this.limits.maxLineBytes) throw new Error(`request line longer than ${this.limits.maxLineBytes} bytes`);
    if (line === '') {
      if (this.lines.length > 0) out.push(new AmiRequest(this.lines));
      this.lines = [];
      return;
    }
    if (this.lines.length < this.limits.maxHeaders) this.lines.push(line);
  }
}
