/**
 * One ARI event WebSocket (`/ari/events`), on the `ws` library. It only opens, delivers text frames
 * and reports the close; reconnecting is the supervisor's job (`ari-connection.ts`). Every callback
 * into our code is guarded, because an exception thrown inside a `ws` listener would escape as an
 * uncaught exception and end the process (this is how ari-client crashes on a bad frame).
 */
import WebSocket from 'ws';
import { EngineError } from '../../../errors';

export interface EventSocketHandlers {
  onMessage(text: string): void;
  /** After a successful open only; 1006 = dropped without a close frame. */
  onClose(code: number, reason: string): void;
  onPong(): void;
  onError(err: Error): void;
}

export interface EventSocket {
  ping(): void;
  /** Polite close (close frame). */
  close(code?: number): void;
  /** Drops the TCP connection at once. */
  terminate(): void;
}

export interface EventSocketOptions {
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly handshakeTimeoutMs: number;
}

/** Opens a socket; resolves once it is open, rejects with a typed error when the upgrade fails. */
export type EventSocketFactory = (options: EventSocketOptions, handlers: EventSocketHandlers) => Promise<EventSocket>;

function guard(handlers: EventSocketHandlers, fn: () => void): void {
  try {
    fn();
  } catch (err) {
    try {
      handlers.onError(err instanceof Error ? err : new Error(String(err)));
    } catch {
      // The error reporter itself failed; nothing safe is left to do with this error.
    }
  }
}

function frameText(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

function upgradeError(status: number): EngineError {
  // 401: bad credentials; 503 "Asterisk not booted" and the HTML 404 of a booting HTTP server: retry.
  if (status === 401) return new EngineError('CE_TELEPHONY_AUTH_FAILED', 'ARI refused the event socket credentials (401)', { details: { status } });
  return new EngineError('CE_TELEPHONY_NOT_CONNECTED', `ARI event socket upgrade answered ${status}`, { details: { status } });
}

export const openWsEventSocket: EventSocketFactory = (options, handlers) =>
  new Promise<EventSocket>((resolve, reject) => {
    let settled = false;
    let opened = false;
    const fail = (err: Error): void => {
      if (settled) return;
      settled = true;
      reject(err);
    };
    const ws = new WebSocket(options.url, {
      headers: { ...options.headers },
      handshakeTimeout: options.handshakeTimeoutMs,
      perMessageDeflate: false,
      maxPayload: 16 * 1024 * 1024,
      // One event per macrotask, never several in one tick: a call's steps subscribe to the next event
      // after handling the previous one (through promise callbacks), so two frames that arrive in one
      // TCP read (two quick key presses) would otherwise deliver the second before anyone listens.
      allowSynchronousEvents: false,
    });
    ws.on('unexpected-response', (_req, res) => {
      res.resume();
      fail(upgradeError(res.statusCode ?? 0));
      ws.terminate();
    });
    ws.on('error', (err) => {
      // Before the open, the rejection reports it (and terminate() after a refused upgrade adds one more).
      if (!opened) fail(new EngineError('CE_TELEPHONY_NOT_CONNECTED', `ARI event socket failed: ${err.message}`, { cause: err }));
      else guard(handlers, () => handlers.onError(err));
    });
    ws.on('open', () => {
      settled = true;
      opened = true;
      resolve({
        ping: () => guard(handlers, () => ws.ping()),
        close: (code = 1000) => guard(handlers, () => ws.close(code)),
        terminate: () => guard(handlers, () => ws.terminate()),
      });
    });
    ws.on('message', (data, isBinary) => {
      if (!isBinary) guard(handlers, () => handlers.onMessage(frameText(data)));
    });
    ws.on('pong', () => guard(handlers, () => handlers.onPong()));
    ws.on('close', (code, reason) => {
      if (opened) guard(handlers, () => handlers.onClose(code, reason.toString('utf8')));
    });
  });
