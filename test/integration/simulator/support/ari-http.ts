/** Small REST helpers against the simulator (Node's fetch, Basic auth). */
export interface AriCall {
  readonly status: number;
  readonly headers: Headers;
  readonly json: unknown;
  readonly bytes: Buffer;
}

export function ariClient(baseUrl: string, username: string, password: string) {
  const auth = `Basic ${Buffer.from(`${username}:${password}`).toString('base64')}`;
  return async (method: string, path: string, body?: unknown): Promise<AriCall> => {
    const res = await fetch(`${baseUrl}/ari${path}`, {
      method,
      headers: { authorization: auth, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const bytes = Buffer.from(await res.arrayBuffer());
    let json: unknown;
    try {
      json = bytes.length > 0 && (res.headers.get('content-type') ?? '').includes('json') ? JSON.parse(bytes.toString('utf8')) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, json, bytes };
  };
}
