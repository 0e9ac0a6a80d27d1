import { BlockList, isIP } from 'node:net';
import { EngineError } from '../../errors';
import type { EngineConfig } from '../../config/config.schema';

const LOOPBACK = new BlockList();
LOOPBACK.addSubnet('127.0.0.0', 8, 'ipv4');
LOOPBACK.addAddress('::1', 'ipv6');
// BlockList also matches IPv4-mapped forms such as ::ffff:127.0.0.1 against the ipv4 subnet.

/** True for 127.0.0.0/8, ::1 (any spelling) and `localhost`; false for 0.0.0.0, :: and every host name. */
export function isLoopbackHost(host: string): boolean {
  const h = host.trim().toLowerCase().replace(/^\[(.*)\]$/, '$1');
  if (h === 'localhost') return true;
  const family = isIP(h);
  if (family === 0) return false;
  return LOOPBACK.check(h, family === 6 ? 'ipv6' : 'ipv4');
}

/**
 * Without a token every route is open, which is acceptable only when nobody but this host can
 * connect. So a non-loopback bind without `http.token` is refused before the socket opens.
 */
export function assertSafeBind(http: Pick<EngineConfig['http'], 'host' | 'token'>): void {
  if (http.token) return;
  if (isLoopbackHost(http.host)) return;
  throw new EngineError(
    'CE_HTTP_INSECURE_BIND',
    `Refusing to listen on '${http.host}' without http.token: set a token or bind to 127.0.0.1`,
  );
}
