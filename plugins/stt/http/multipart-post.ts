import { request as httpsRequest } from 'node:https';

/**
 * Sends one multipart POST and reads the whole reply as text. Node 20's global `fetch` + `FormData`
 * build the body (no extra package). Node's fetch cannot be told to skip TLS verification without
 * undici's `Agent` (undici is not installed as a package), so `verifyTls: false` on an https URL goes
 * through `node:https` with `rejectUnauthorized: false`; the body is the same, serialised by
 * `new Response(form)` so both paths send identical bytes and boundaries.
 */
export interface MultipartPost {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly form: FormData;
  readonly signal: AbortSignal;
  /** False accepts any server certificate (legacy VIRA_VERIFY_SSL=false). */
  readonly verifyTls: boolean;
}

export interface HttpReply {
  readonly status: number;
  readonly body: string;
}

/** A function that sends a multipart POST; injectable so tests and the benchmark can time or replace it. */
export type MultipartSender = (req: MultipartPost) => Promise<HttpReply>;

export const postMultipart: MultipartSender = async (req) => {
  if (req.verifyTls || !req.url.startsWith('https:')) {
    const res = await fetch(req.url, { method: 'POST', headers: { ...req.headers }, body: req.form, signal: req.signal });
    return { status: res.status, body: await res.text() };
  }
  return postInsecure(req);
};

async function postInsecure(req: MultipartPost): Promise<HttpReply> {
  const serialised = new Response(req.form);
  const body = Buffer.from(await serialised.arrayBuffer());
  const contentType = serialised.headers.get('content-type') ?? 'multipart/form-data';
  return new Promise<HttpReply>((resolve, reject) => {
    const r = httpsRequest(
      req.url,
      {
        method: 'POST',
        headers: { ...req.headers, 'content-type': contentType, 'content-length': String(body.length) },
        rejectUnauthorized: false,
        signal: req.signal,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }));
        res.on('error', reject);
      },
    );
    r.on('error', reject);
    r.end(body);
  });
}
