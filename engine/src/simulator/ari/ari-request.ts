import type { IncomingMessage } from 'node:http';

/** One REST call after parsing: parameters from the query string, a form body or a JSON body. */
export interface AriRequest {
  readonly method: string;
  /** Path below `/ari`, decoded per segment (`channels`, `abc;2`, `play`). */
  readonly segments: readonly string[];
  readonly params: ReadonlyMap<string, string>;
  /** `{"variables":{...}}` from a JSON body. */
  readonly variables: Readonly<Record<string, string>>;
  readonly pathParams: Readonly<Record<string, string>>;
  readonly host?: string;
}

export type BodyParse = { readonly ok: true; readonly params: Map<string, string>; readonly variables: Record<string, string> } | { readonly ok: false };

/** Reads the whole request body (bounded: ARI bodies are small). */
export async function readBody(req: IncomingMessage, limit = 1024 * 1024): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buf = chunk as Buffer;
    size += buf.length;
    if (size > limit) break;
    chunks.push(buf);
  }
  return Buffer.concat(chunks);
}

/** Query parameters; when one is repeated the last one wins (as in Asterisk). */
export function queryParams(search: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const [name, value] of new URLSearchParams(search)) out.set(name, value);
  return out;
}

/**
 * Parameters carried by the body: JSON (top-level keys are parameters, `variables` an object of
 * channel variables, also in the 20.x `{"NAME":{"value":"v"}}` form) or a urlencoded form.
 */
export function parseBody(contentType: string | undefined, body: Buffer): BodyParse {
  const params = new Map<string, string>();
  const variables: Record<string, string> = {};
  if (body.length === 0) return { ok: true, params, variables };
  const type = (contentType ?? '').toLowerCase();
  if (type.includes('application/x-www-form-urlencoded')) return { ok: true, params: queryParams(body.toString('utf8')), variables };
  if (!type.includes('json')) return { ok: true, params, variables };
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8'));
  } catch {
    return { ok: false };
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return { ok: true, params, variables };
  for (const [key, value] of Object.entries(parsed as Record<string, unknown>)) {
    if (key === 'variables' && value !== null && typeof value === 'object') Object.assign(variables, variablesOf(value as Record<string, unknown>));
    else if (value !== null && typeof value !== 'object') params.set(key, String(value));
  }
  return { ok: true, params, variables };
}

function variablesOf(source: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(source)) {
    if (value !== null && typeof value === 'object' && 'value' in value) out[name] = String((value as { value: unknown }).value);
    else if (value !== null && typeof value !== 'object') out[name] = String(value);
  }
  return out;
}

/** Splits `/ari/<path>` into decoded segments; undefined when the path is not under `/ari`. */
export function ariSegments(pathname: string): string[] | undefined {
  if (pathname !== '/ari' && !pathname.startsWith('/ari/')) return undefined;
  const rest = pathname.slice('/ari'.length);
  if (rest === '' || rest === '/') return [];
  return rest
    .slice(1)
    .split('/')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return segment;
      }
    });
}

/** Integer parameter like Asterisk reads them: missing or not a number is 0 (`timeout=abc` → 0). */
export function intParam(params: ReadonlyMap<string, string>, name: string): number {
  const value = Number.parseInt(params.get(name) ?? '', 10);
  return Number.isFinite(value) ? value : 0;
}

/** Boolean parameter (`true`/`yes`/`1`). */
export function boolParam(params: ReadonlyMap<string, string>, name: string): boolean {
  return /^(true|yes|1|on)$/i.test(params.get(name) ?? '');
}

/** A list parameter: one comma-separated value. */
export function listParam(params: ReadonlyMap<string, string>, name: string): string[] {
  const value = params.get(name);
  if (value === undefined || value === '') return [];
  return value.split(',').filter((item) => item !== '');
}
