import type { Socket } from 'node:net';
import { describeError } from '../../errors';
import { ACTION_HANDLERS } from './ami-actions';
import { ALL_EVENTS, type EventMask } from './ami-event-mask';
import type { RenderedEvent } from './ami-event-render';
import { handleChallenge, handleLogin } from './ami-login';
import { AmiRequest, AmiRequestReader } from './ami-request-reader';
import type { AmiServerContext } from './ami-server-context';
import { BANNER, frameText, responseHeaders, type WireHeaders } from './ami-wire';

/** Session timing knobs (Asterisk defaults: authtimeout 30 s, 1 s penalty after a failed login). */
export interface AmiSessionTiming {
  readonly authTimeoutMs: number;
  readonly authFailDelayMs: number;
  /** After our FIN, how long to wait for the peer's before destroying the socket. */
  readonly lingerMs: number;
}

const UNAUTHENTICATED_ACTIONS = new Set(['login', 'logoff', 'challenge']);

/**
 * One AMI client connection on the simulator. Requests run one at a time in arrival order (an
 * Asterisk session thread does the same), so a synchronous Originate blocks the session: events
 * that arrive meanwhile are held and written after its response. Events are filtered by the
 * session's `Events` mask; list items are written in one go, so events never interleave with them.
 */
export class AmiSession {
  authenticated = false;
  username: string | undefined;
  mask: EventMask = ALL_EVENTS;
  /** Random challenge for MD5 logins. */
  challenge: string | undefined;
  private readonly reader = new AmiRequestReader();
  private readonly queue: AmiRequest[] = [];
  private readonly held: string[] = [];
  private holdDepth = 0;
  private running = false;
  private closing = false;
  private authTimer: NodeJS.Timeout | undefined;

  constructor(
    readonly socket: Socket,
    readonly id: number,
    private readonly ctx: AmiServerContext,
    private readonly timing: AmiSessionTiming,
    private readonly onGone: (s: AmiSession) => void,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(this.authTimer);
      this.onGone(this);
    });
    this.write(BANNER);
    // Asterisk drops sessions that do not log in within `authtimeout`, without a word.
    this.authTimer = setTimeout(() => this.end(), timing.authTimeoutMs);
  }

  get failDelayMs(): number {
    return this.timing.authFailDelayMs;
  }

  markAuthenticated(username: string, mask: EventMask | undefined): void {
    this.authenticated = true;
    this.username = username;
    if (mask) this.mask = mask;
    clearTimeout(this.authTimer);
  }

  /** A broadcast event, pre-rendered; dropped when the mask does not allow its class. */
  deliver(ev: RenderedEvent, text: string): void {
    if (!this.authenticated || this.closing || !this.mask.has(ev.klass)) return;
    if (this.holdDepth > 0) this.held.push(text);
    else this.write(text);
  }

  respond(headers: WireHeaders): void {
    this.write(frameText(headers));
  }

  error(req: AmiRequest | undefined, message: string): void {
    this.respond(responseHeaders('Error', req?.actionId, { message }));
  }

  /**
   * Runs `work` with event delivery held back, then writes the held events after its output. Every
   * action runs inside one (re-entrant): like Asterisk's session thread, events reach the client
   * between actions, never inside a response or a list, and a sync Originate holds them until it ends.
   */
  async blocking(work: () => void | Promise<void>): Promise<void> {
    this.holdDepth++;
    try {
      await work();
    } finally {
      this.holdDepth--;
      if (this.holdDepth === 0) for (const text of this.held.splice(0)) this.write(text);
    }
  }

  /** Writes what is pending and closes (FIN); destroys the socket if the peer lingers. */
  end(): void {
    if (this.closing) return;
    this.closing = true;
    clearTimeout(this.authTimer);
    this.socket.end();
    setTimeout(() => this.socket.destroy(), this.timing.lingerMs).unref();
  }

  write(text: string): void {
    if (!this.socket.destroyed && this.socket.writable) this.socket.write(text);
  }

  private onData(chunk: Buffer): void {
    if (this.closing) return;
    let requests: AmiRequest[];
    try {
      requests = this.reader.push(chunk.toString('utf8'));
    } catch (err) {
      this.ctx.log.debug({ session: this.id, err: describeError(err) }, 'AMI simulator: dropping a session that sent an oversized line');
      this.socket.destroy();
      return;
    }
    this.queue.push(...requests);
    if (!this.running) void this.drain();
  }

  private async drain(): Promise<void> {
    this.running = true;
    try {
      while (this.queue.length > 0 && !this.closing) {
        const req = this.queue.shift() as AmiRequest;
        await this.process(req);
      }
    } catch (err) {
      this.ctx.log.error({ err, session: this.id }, 'AMI simulator: action handler failed');
      this.socket.destroy();
    } finally {
      this.running = false;
    }
  }

  private async process(req: AmiRequest): Promise<void> {
    const action = req.get('Action') ?? '';
    if (action === '') return this.error(req, 'Missing action in request');
    if (this.ctx.isShuttingDown()) return this.error(req, 'Asterisk is shutting down');
    const name = action.toLowerCase();
    if (!this.authenticated && !UNAUTHENTICATED_ACTIONS.has(name)) return this.error(req, 'Permission denied');
    if (name === 'login') return this.blocking(() => handleLogin(this, req, this.ctx));
    if (name === 'challenge') return handleChallenge(this, req);
    const handler = Object.hasOwn(ACTION_HANDLERS, name) ? ACTION_HANDLERS[name] : undefined;
    if (!handler) return this.error(req, `Invalid/unknown command: ${action}. Use Action: ListCommands to show available commands.`);
    await this.blocking(() => handler(this, req, this.ctx));
  }
}
