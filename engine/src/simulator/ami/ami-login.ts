import { createHash, randomInt } from 'node:crypto';
import { parseEventMask } from './ami-event-mask';
import type { AmiRequest } from './ami-request-reader';
import type { AmiServerContext } from './ami-server-context';
import type { AmiSession } from './ami-session';
import { responseHeaders } from './ami-wire';

function isoWithOffset(ms: number): string {
  // Asterisk prints security event times as 2026-11-22T03:58:47.176+0000.
  return new Date(ms).toISOString().replace('Z', '+0000');
}

function address(ip: string | undefined, port: number | undefined): string {
  const v4 = (ip ?? '').replace(/^::ffff:/, '');
  return `IPV4/TCP/${v4}/${port ?? 0}`;
}

function credentialsOk(session: AmiSession, req: AmiRequest, ctx: AmiServerContext): boolean {
  const user = ctx.userFor(req.get('Username') ?? '');
  if (!user) return false;
  if ((req.get('AuthType') ?? '').toLowerCase() === 'md5') {
    if (!session.challenge) return false;
    const expected = createHash('md5').update(session.challenge + user.secret).digest('hex');
    return (req.get('Key') ?? '').toLowerCase() === expected;
  }
  return req.get('Secret') === user.secret;
}

/**
 * `Login`: on success `Authentication accepted`, then (mask allows `system`, PBX booted) the direct
 * FullyBooted without Timestamp, then the broadcast SuccessfulAuth security event. On failure Asterisk
 * waits 1 s, answers `Authentication failed` and closes the connection.
 */
export async function handleLogin(session: AmiSession, req: AmiRequest, ctx: AmiServerContext): Promise<void> {
  if (session.authenticated) return session.respond(responseHeaders('Success', req.actionId, { message: 'Already authenticated' }));
  if (!credentialsOk(session, req, ctx)) {
    await new Promise((resolve) => setTimeout(resolve, session.failDelayMs));
    session.error(req, 'Authentication failed');
    session.end();
    return;
  }
  const username = req.get('Username') ?? '';
  session.markAuthenticated(username, parseEventMask(req.get('Events')));
  session.respond(responseHeaders('Success', req.actionId, { message: 'Authentication accepted' }));
  if (session.mask.has('system') && ctx.isBooted()) {
    const up = String(ctx.uptimeSec());
    session.respond([['Event', 'FullyBooted'], ['Privilege', 'system,all'], ['Uptime', up], ['LastReload', up], ['Status', 'Fully Booted']]);
  }
  const now = isoWithOffset(ctx.now());
  ctx.broadcast({
    name: 'SuccessfulAuth',
    klass: 'security',
    body: [
      ['EventTV', now], ['Severity', 'Informational'], ['Service', 'AMI'], ['EventVersion', '1'], ['AccountID', username],
      ['SessionID', `0x${(0x7f0000000000 + session.id * 0x1000).toString(16)}`],
      ['LocalAddress', address(session.socket.localAddress, session.socket.localPort)],
      ['RemoteAddress', address(session.socket.remoteAddress, session.socket.remotePort)],
      ['UsingPassword', '0'], ['SessionTV', now],
    ],
  });
}

/** `Challenge` (AuthType MD5): a random challenge for a following `Login` with `Key: md5(challenge + secret)`. */
export function handleChallenge(session: AmiSession, req: AmiRequest): void {
  if ((req.get('AuthType') ?? '').toLowerCase() !== 'md5') return session.error(req, 'Must specify AuthType');
  session.challenge ??= String(randomInt(100_000_000, 999_999_999));
  session.respond(responseHeaders('Success', req.actionId, { extra: [['Challenge', session.challenge]] }));
}
