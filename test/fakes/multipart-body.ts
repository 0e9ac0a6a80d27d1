/**
 * A small `multipart/form-data` parser for the loopback fakes: text fields (repeated names keep every
 * value in order) and file parts as raw bytes. It parses what real clients send (RFC 7578), not every
 * corner of MIME.
 */
export interface MultipartFile {
  readonly name: string;
  readonly filename: string;
  readonly contentType: string;
  readonly data: Buffer;
}

export interface MultipartBody {
  /** Text fields by name; a repeated field (`hotwords[]`) keeps all values in order. */
  readonly fields: Readonly<Record<string, string[]>>;
  readonly files: readonly MultipartFile[];
}

export function boundaryOf(contentType: string | undefined): string | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2])!.trim() : undefined;
}

function headersOf(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const at = line.indexOf(':');
    if (at > 0) headers[line.slice(0, at).trim().toLowerCase()] = line.slice(at + 1).trim();
  }
  return headers;
}

/** Parses a body; throws on a missing boundary or a malformed part. */
export function parseMultipart(body: Buffer, contentType: string | undefined): MultipartBody {
  const boundary = boundaryOf(contentType);
  if (!boundary) throw new Error('no multipart boundary');
  const delimiter = Buffer.from(`--${boundary}`);
  const fields: Record<string, string[]> = {};
  const files: MultipartFile[] = [];
  let at = body.indexOf(delimiter);
  if (at < 0) throw new Error('boundary not found in body');
  for (;;) {
    at += delimiter.length;
    if (body.subarray(at, at + 2).toString() === '--') break;
    at += 2; // CRLF after the delimiter
    const headerEnd = body.indexOf('\r\n\r\n', at);
    if (headerEnd < 0) throw new Error('part without a header end');
    const headers = headersOf(body.subarray(at, headerEnd).toString('utf8'));
    const next = body.indexOf(Buffer.concat([Buffer.from('\r\n'), delimiter]), headerEnd + 4);
    if (next < 0) throw new Error('part without a closing boundary');
    const data = body.subarray(headerEnd + 4, next);
    const disposition = headers['content-disposition'] ?? '';
    const name = /\bname="([^"]*)"/.exec(disposition)?.[1] ?? '';
    const filename = /\bfilename="([^"]*)"/.exec(disposition)?.[1];
    if (filename !== undefined) {
      files.push({ name, filename, contentType: headers['content-type'] ?? 'application/octet-stream', data: Buffer.from(data) });
    } else {
      (fields[name] ??= []).push(data.toString('utf8'));
    }
    at = next + 2;
  }
  return { fields, files };
}

/** True when the bytes are a RIFF....WAVE file. */
export function isWav(data: Buffer): boolean {
  return data.length >= 12 && data.toString('latin1', 0, 4) === 'RIFF' && data.toString('latin1', 8, 12) === 'WAVE';
}
