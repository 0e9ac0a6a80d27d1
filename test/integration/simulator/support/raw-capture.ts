import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedAsteriskDir } from '../../../unit/engine/simulator/ari/support/shared-asterisk';

/** One entry of a byte-exact capture: `#### [tag] <kind> +<t>s <N> bytes` and its N bytes. */
export interface RawEntry {
  readonly tag?: string;
  readonly kind: 'HTTP C->S' | 'HTTP S->C' | 'WS S->C' | 'WS-UPGRADE S->C';
  readonly t: number;
  readonly bytes: Buffer;
}

const HEADER = /^#### (?:\[([^\]]+)\] )?(WS-UPGRADE S->C|WS S->C|HTTP C->S|HTTP S->C) \+([\d.]+)s (\d+) bytes(.*)$/;

/** Reads `captures/<name>.ari.txt` from the shared reference folder (captures/README.md format). */
export function readRawCapture(name: string): RawEntry[] {
  const buf = readFileSync(join(sharedAsteriskDir(), 'captures', `${name}.ari.txt`));
  const entries: RawEntry[] = [];
  let pos = 0;
  while (pos < buf.length) {
    const eol = buf.indexOf(0x0a, pos);
    const line = buf.subarray(pos, eol < 0 ? buf.length : eol).toString('utf8');
    pos = eol < 0 ? buf.length : eol + 1;
    const m = HEADER.exec(line);
    if (!m) continue;
    const n = Number(m[4]);
    entries.push({ ...(m[1] ? { tag: m[1] } : {}), kind: m[2] as RawEntry['kind'], t: Number(m[3]), bytes: buf.subarray(pos, pos + n) });
    pos += n + ((m[5] ?? '').includes('(+LF)') ? 1 : 0);
  }
  return entries;
}

export interface ParsedResponse {
  readonly statusLine: string;
  readonly status: number;
  readonly reason: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
  readonly body: Buffer;
}

/** Splits raw bytes holding one or more HTTP responses (by Content-Length). */
export function parseResponses(bytes: Buffer): ParsedResponse[] {
  const out: ParsedResponse[] = [];
  let pos = 0;
  while (pos < bytes.length) {
    const end = bytes.indexOf('\r\n\r\n', pos);
    if (end < 0) break;
    const [statusLine = '', ...lines] = bytes.subarray(pos, end).toString('latin1').split('\r\n');
    const headers = lines.map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1).trim()] as const);
    const length = Number(headers.find(([n]) => n.toLowerCase() === 'content-length')?.[1] ?? 0);
    const m = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
    out.push({ statusLine, status: Number(m?.[1] ?? 0), reason: m?.[2] ?? '', headers, body: bytes.subarray(end + 4, end + 4 + length) });
    pos = end + 4 + length;
  }
  return out;
}

/** The request line of a raw request (`POST /ari/channels?... HTTP/1.1`). */
export function requestLine(bytes: Buffer): string {
  return bytes.toString('latin1').split('\r\n')[0] ?? '';
}
