import type { ApiDeclaration, ResourceListing } from '../ari-docs';
import { message, type AriResponse } from './ari-response';

/**
 * `ast_ari_get_docs`: serves `resources.json` and `<resource>.json`, with `basePath` rewritten to
 * `http://<Host>/ari`, or removed when the request has no Host header (HTTP/1.0), so swagger
 * clients call back the address they used (captures/ari-07-api-docs.http.txt).
 */
export function serveDoc(
  file: string,
  host: string | undefined,
  listing: ResourceListing,
  declarations: Readonly<Record<string, ApiDeclaration>>,
): AriResponse {
  const match = /^([A-Za-z]+)\.json$/.exec(file);
  const name = match?.[1];
  const doc: ResourceListing | ApiDeclaration | undefined = name === 'resources' ? listing : name ? declarations[name] : undefined;
  if (!doc) return message(404, 'Resource not found');
  return { status: 200, body: withBasePath(doc, host) };
}

function withBasePath(doc: ResourceListing | ApiDeclaration, host: string | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(doc)) {
    if (key !== 'basePath') out[key] = value;
    else if (host) out[key] = `http://${host}/ari`;
  }
  return out;
}
