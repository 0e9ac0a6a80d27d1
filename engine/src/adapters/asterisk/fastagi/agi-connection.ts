import type { Socket } from 'node:net';
import { EngineError, describeError } from '../../../errors';
import type { InboundCallEnv } from '../../../ports/inbound-gateway.port';
import type { Logger } from '../../../ports/logger.port';
import type { AgiTransport } from './agi-command-queue';
import { AgiEnvCollector } from './agi-env-parser';
import { AgiLineReader } from './agi-line-reader';
import type { AgiMetrics } from './agi-metrics';
import { AgiResponseReader, type AgiInboundEvent } from './agi-result-parser';

export interface AgiConnectionLimits {
  readonly maxLineBytes: number;
  readonly maxEnvLines: number;
  readonly maxEnvBytes: number;
  /** Ms from connect until the blank line ending the environment block. */
  readonly envTimeoutMs: number;
  /** Ms to wait for the peer's FIN after ours before the socket is destroyed. */
  readonly lingerMs: number;
}

/** What receives the lines after the environment block (the session's command queue). */
export interface AgiSessionSink {
  receive(event: AgiInboundEvent): void;
  terminate(reason: EngineError): void;
}

export interface AgiConnectionOptions {
  readonly socket: Socket;
  /** Logger bound to this connection (`{ remote }`). */
  readonly logger: Logger;
  readonly metrics: AgiMetrics;
  readonly limits: AgiConnectionLimits;
  readonly onEnvironment: (conn: AgiConnection, env: InboundCallEnv) => void;
  readonly onClosed: (conn: AgiConnection) => void;
}

type State = 'env' | 'session' | 'ending' | 'closed';

// The reason given to the session at a normal end. Shared, because building an Error (its stack)
// per session costs more than the rest of ending it; it only serves as `cause` of CE_AGI_CLOSED.
const SESSION_ENDED = new EngineError('CE_AGI_CLOSED', 'the AGI session ended');

/**
 * One TCP connection from Asterisk: reads the environment block under limits, then feeds result
 * lines to the session, and closes in one of two ways. A normal end is our FIN (Asterisk then
 * writes one more `HANGUP`, which we ignore, and closes); `failure` first writes the line
 * `failure`, which makes Asterisk end the AGI with AGISTATUS=FAILURE (res_agi.c `run_agi`), so the
 * dialplan takes its fallback. A peer that breaks the protocol is destroyed at once. Every bad
 * connection produces exactly one warn line.
 */
export class AgiConnection implements AgiTransport {
  readonly closed: Promise<void>;
  private state: State = 'env';
  private readonly reader: AgiLineReader;
  private readonly env: AgiEnvCollector;
  private readonly responses = new AgiResponseReader();
  private sink: AgiSessionSink | undefined;
  private envTimer: NodeJS.Timeout | undefined;
  private lingerTimer: NodeJS.Timeout | undefined;
  private reported = false;
  private resolveClosed!: () => void;

  private logger: Logger;

  constructor(private readonly opts: AgiConnectionOptions) {
    this.logger = opts.logger;
    this.closed = new Promise((resolve) => (this.resolveClosed = resolve));
    this.reader = new AgiLineReader(opts.limits.maxLineBytes);
    this.env = new AgiEnvCollector({ maxLines: opts.limits.maxEnvLines, maxBytes: opts.limits.maxEnvBytes });
    const { socket } = opts;
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('end', () => this.onEnd());
    socket.on('error', (err) => this.onError(err));
    socket.on('close', () => this.onClose());
    this.envTimer = setTimeout(
      () => this.fail(new EngineError('CE_AGI_LIMIT', `no complete environment block within ${opts.limits.envTimeoutMs} ms`, { details: { limit: 'envTime' } })),
      opts.limits.envTimeoutMs,
    );
  }

  get isOpen(): boolean {
    return this.state === 'env' || this.state === 'session';
  }

  /** Connects the session; lines after the environment block go to it from now on. */
  attach(sink: AgiSessionSink, logger: Logger): void {
    this.sink = sink;
    // From here on every line names the route and channel, not only the peer address.
    this.logger = logger;
  }

  write(line: string): void {
    if (this.isOpen) this.opts.socket.write(`${line}\n`);
  }

  /** AgiTransport: the session cannot go on. Protocol breaches drop the socket; the rest end with `failure`. */
  abort(error: EngineError): void {
    if (error.code === 'CE_AGI_PROTOCOL') this.fail(error);
    else this.finish('failure', error);
  }

  /**
   * Ends the session politely: optional `failure` line, then FIN. `error` (if any) is logged once.
   * The peer gets `lingerMs` to close its side before the socket is destroyed.
   */
  finish(mode: 'ok' | 'failure', error?: EngineError): void {
    if (!this.isOpen) return;
    if (error) this.report(error);
    this.state = 'ending';
    this.clearEnvTimer();
    this.sink?.terminate(error ?? SESSION_ENDED);
    const { socket } = this.opts;
    if (mode === 'failure' && socket.writable) socket.write('failure\n');
    socket.end();
    this.lingerTimer = setTimeout(() => socket.destroy(), this.opts.limits.lingerMs);
  }

  /** Drops the connection now (shutdown deadline, protocol breach). */
  destroy(): void {
    this.opts.socket.destroy();
  }

  private fail(error: EngineError): void {
    if (this.state === 'closed') return;
    this.report(error);
    this.state = 'ending';
    this.clearEnvTimer();
    this.sink?.terminate(error);
    this.opts.socket.destroy();
  }

  private report(error: EngineError): void {
    if (this.reported) return;
    this.reported = true;
    this.opts.metrics.errors.inc({ code: error.code });
    this.logger.warn({ code: error.code }, `FastAGI connection closed: ${error.message}`);
  }

  private onData(chunk: Buffer): void {
    if (!this.isOpen) return;
    let lines: string[];
    try {
      lines = this.reader.push(chunk);
    } catch (err) {
      return this.fail(err as EngineError);
    }
    for (const line of lines) {
      if (!this.isOpen) return;
      if (this.state === 'env') this.onEnvLine(line);
      else this.onSessionLine(line);
    }
  }

  private onEnvLine(line: string): void {
    let env: InboundCallEnv;
    try {
      if (!this.env.add(line)) return;
      env = this.env.result();
    } catch (err) {
      return this.fail(err as EngineError);
    }
    this.clearEnvTimer();
    this.state = 'session';
    this.opts.onEnvironment(this, env);
  }

  private onSessionLine(line: string): void {
    const event = this.responses.next(line);
    if (!event) return;
    if (this.sink) this.sink.receive(event);
    else if (event.kind !== 'hangup') this.fail(new EngineError('CE_AGI_PROTOCOL', 'unexpected line before any command', { details: { line: line.slice(0, 80) } }));
  }

  private onEnd(): void {
    if (this.state === 'env') {
      const truncated = this.reader.pendingBytes > 0 ? ` (${this.reader.pendingBytes} bytes of an unterminated line)` : '';
      return this.fail(new EngineError('CE_AGI_PROTOCOL', `peer closed before the environment block was complete${truncated}`));
    }
    if (this.state === 'session') {
      // Asterisk closes first only when the channel is gone with AGIEXITONHANGUP, or on shutdown.
      this.logger.info('Asterisk closed the FastAGI connection during the session');
      this.state = 'ending';
      this.sink?.terminate(new EngineError('CE_AGI_CLOSED', 'Asterisk closed the connection'));
    }
    if (!this.opts.socket.writableEnded) this.opts.socket.end();
  }

  private onError(err: Error): void {
    if (this.isOpen) {
      this.fail(new EngineError('CE_AGI_CLOSED', `socket error: ${describeError(err)}`, { cause: err }));
    } else {
      this.logger.debug({ err }, 'FastAGI socket error while closing');
    }
  }

  private onClose(): void {
    if (this.state === 'closed') return;
    const wasOpen = this.isOpen;
    this.state = 'closed';
    this.clearEnvTimer();
    if (this.lingerTimer) clearTimeout(this.lingerTimer);
    if (wasOpen) this.sink?.terminate(new EngineError('CE_AGI_CLOSED', 'the connection closed'));
    this.opts.onClosed(this);
    this.resolveClosed();
  }

  private clearEnvTimer(): void {
    if (this.envTimer) clearTimeout(this.envTimer);
    this.envTimer = undefined;
  }
}
