/**
 * The shapes of one HTTP exchange with Asterisk's REST interface (`AriHttpPool` carries them), and
 * where ARI listens.
 */

/** Where ARI listens, parsed once from the REST base URL. */
export interface AriEndpoint {
  readonly secure: boolean;
  readonly hostname: string;
  readonly port: number;
  /** The base path without a trailing slash, e.g. `/ari`. */
  readonly basePath: string;
}

export interface ExchangeRequest {
  readonly method: string;
  /** Path and query below the host, e.g. `/ari/channels/abc/play?media=sound%3Ahello`. */
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body?: string;
  readonly timeoutMs: number;
}

export interface ExchangeReply {
  readonly status: number;
  readonly contentType: string;
  readonly body: Buffer;
}

/** The deadline passed before the whole answer arrived; the socket has been destroyed. */
export class ExchangeTimeout extends Error {
  constructor(timeoutMs: number) {
    super(`no complete answer within ${timeoutMs} ms`);
    this.name = 'ExchangeTimeout';
  }
}

export function parseEndpoint(baseUrl: string): AriEndpoint {
  const url = new URL(baseUrl);
  const secure = url.protocol === 'https:';
  const path = url.pathname.endsWith('/') ? url.pathname.slice(0, -1) : url.pathname;
  return {
    secure,
    // URL keeps the brackets of an IPv6 literal; net.connect wants the bare address.
    hostname: url.hostname.replace(/^\[(.*)\]$/, '$1'),
    port: url.port ? Number(url.port) : secure ? 443 : 80,
    basePath: path,
  };
}
