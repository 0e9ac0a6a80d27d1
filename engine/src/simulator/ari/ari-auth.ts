import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** An `ari.conf` user. */
export interface AriUser {
  readonly username: string;
  readonly password: string;
  /** Read-only users may only GET (others get 403 `Write access denied`). */
  readonly readOnly?: boolean;
}

function same(a: string, b: string): boolean {
  const left = Buffer.from(a, 'utf8');
  const right = Buffer.from(b, 'utf8');
  return left.length === right.length && timingSafeEqual(left, right);
}

function credentialsOf(req: IncomingMessage, query: URLSearchParams): { username: string; password: string } | undefined {
  const header = req.headers.authorization ?? '';
  const basic = /^Basic\s+(.+)$/i.exec(header);
  if (basic) {
    const decoded = Buffer.from(basic[1] ?? '', 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon >= 0) return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
  }
  const apiKey = query.get('api_key');
  if (apiKey === null) return undefined;
  const colon = apiKey.indexOf(':');
  return colon < 0 ? { username: apiKey, password: '' } : { username: apiKey.slice(0, colon), password: apiKey.slice(colon + 1) };
}

/**
 * `authenticate_user` (`res_ari.c`): HTTP Basic first, else `api_key=<user>:<password>` split at
 * the first colon. Undefined means 401 `Authentication required`.
 */
export function authenticate(req: IncomingMessage, query: URLSearchParams, users: readonly AriUser[]): AriUser | undefined {
  const given = credentialsOf(req, query);
  if (!given) return undefined;
  return users.find((user) => user.username === given.username && same(user.password, given.password));
}
