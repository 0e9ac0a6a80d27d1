import { EngineError } from '../../../errors';
import type { InboundCommandReply } from '../../../ports/inbound-gateway.port';
import type { Logger } from '../../../ports/logger.port';
import { agiVerb, assertCommandLine } from './agi-commands';
import type { AgiMetrics } from './agi-metrics';
import type { AgiInboundEvent, AgiResponse } from './agi-result-parser';

/** Where the queue writes lines and reports that the session cannot go on. */
export interface AgiTransport {
  /** Writes one command line; the transport appends the `\n`. */
  write(line: string): void;
  /** Ends the connection for `error` (timeout, protocol violation, limit); logs it once. */
  abort(error: EngineError): void;
}

export interface AgiCommandQueueOptions {
  readonly transport: AgiTransport;
  readonly logger: Logger;
  readonly metrics: AgiMetrics;
  /** Ms without traffic while no command runs before the session is closed (0 = never). */
  readonly idleTimeoutMs: number;
  readonly maxCommands: number;
  readonly maxLineBytes: number;
  /** Monotonic ms clock for latency figures. */
  readonly now: () => number;
}

interface Pending {
  readonly line: string;
  readonly verb: string;
  /** 0 = no per-command timer (commands that may legitimately wait forever). */
  readonly timeoutMs: number;
  readonly resolve: (reply: InboundCommandReply) => void;
  readonly reject: (err: EngineError) => void;
  sentAt?: number;
  timer?: NodeJS.Timeout;
}

/**
 * The protocol core of one session: commands go out strictly one at a time (Asterisk reads the
 * next line only after it answered the previous one), each result settles the command in flight,
 * and `HANGUP` notices are taken out of the stream without touching the queue, so a result and a
 * hangup arriving together cannot be confused (the result always comes first on the wire).
 */
export class AgiCommandQueue {
  private readonly queue: Pending[] = [];
  private inflight: Pending | undefined;
  private endedWith: EngineError | undefined;
  private sent = 0;
  private hungUpFlag = false;
  private readonly hangupListeners = new Set<() => void>();
  private idleTimer: NodeJS.Timeout | undefined;
  private idleArmed = false;
  private drainWaiters: Array<() => void> = [];

  constructor(private readonly opts: AgiCommandQueueOptions) {}

  get hungUp(): boolean {
    return this.hungUpFlag;
  }

  get ended(): boolean {
    return this.endedWith !== undefined;
  }

  onHangup(listener: () => void): () => void {
    if (this.hungUpFlag) {
      queueMicrotask(() => this.callListener(listener));
      return () => undefined;
    }
    this.hangupListeners.add(listener);
    return () => this.hangupListeners.delete(listener);
  }

  /** Queues one command; resolves with its `200` reply, rejects with a CE_AGI_* error otherwise. */
  send(line: string, timeoutMs: number): Promise<InboundCommandReply> {
    if (this.endedWith) return Promise.reject(new EngineError('CE_AGI_CLOSED', 'the AGI session is closed', { cause: this.endedWith }));
    try {
      assertCommandLine(line, this.opts.maxLineBytes);
    } catch (err) {
      return Promise.reject(err);
    }
    if (++this.sent > this.opts.maxCommands) {
      const err = new EngineError('CE_AGI_LIMIT', `more than ${this.opts.maxCommands} commands in one session`, { details: { limit: 'commands' } });
      this.opts.transport.abort(err);
      return Promise.reject(err);
    }
    return new Promise<InboundCommandReply>((resolve, reject) => {
      this.queue.push({ line, verb: agiVerb(line), timeoutMs, resolve, reject });
      this.pump();
    });
  }

  /** Feeds one event from the response reader. */
  receive(event: AgiInboundEvent): void {
    if (this.endedWith) return;
    if (event.kind === 'hangup') return this.markHungUp();
    if (event.kind === 'malformed') {
      return this.opts.transport.abort(new EngineError('CE_AGI_PROTOCOL', 'malformed line from the AGI peer', { details: { line: event.line.slice(0, 80) } }));
    }
    const pending = this.inflight;
    if (!pending) {
      return this.opts.transport.abort(new EngineError('CE_AGI_PROTOCOL', 'result line while no command was running', { details: { line: event.response.line.slice(0, 80) } }));
    }
    this.settle(pending, event.response);
  }

  /** Resolves once nothing is queued or running (used before closing after the handler returned). */
  drain(): Promise<void> {
    if (this.endedWith || (!this.inflight && this.queue.length === 0)) return Promise.resolve();
    return new Promise((resolve) => this.drainWaiters.push(resolve));
  }

  /** Starts idle supervision (once the route handler runs). */
  armIdle(): void {
    this.idleArmed = true;
    this.resetIdle();
  }

  /** Ends the queue: every queued and running command rejects with CE_AGI_CLOSED (cause = `reason`). */
  end(reason: EngineError): void {
    if (this.endedWith) return;
    this.endedWith = reason;
    if (this.idleTimer) clearTimeout(this.idleTimer);
    const all = this.inflight ? [this.inflight, ...this.queue] : [...this.queue];
    this.inflight = undefined;
    this.queue.length = 0;
    for (const p of all) {
      if (p.timer) clearTimeout(p.timer);
      p.reject(new EngineError('CE_AGI_CLOSED', `the AGI session ended before ${p.verb} got a result`, { cause: reason }));
    }
    this.hangupListeners.clear();
    this.flushDrain();
  }

  private pump(): void {
    if (this.inflight || this.endedWith) return;
    const next = this.queue.shift();
    if (!next) {
      this.flushDrain();
      this.resetIdle();
      return;
    }
    // The idle timer keeps running: it ignores a firing while a command is in flight, and the
    // command's settle refreshes it.
    this.inflight = next;
    next.sentAt = this.opts.now();
    if (next.timeoutMs > 0) next.timer = setTimeout(() => this.onTimeout(next), next.timeoutMs);
    this.opts.transport.write(next.line);
  }

  private settle(p: Pending, response: AgiResponse): void {
    if (p.timer) clearTimeout(p.timer);
    this.inflight = undefined;
    this.opts.metrics.commandSeconds.observe({ command: p.verb }, (this.opts.now() - (p.sentAt ?? 0)) / 1000);
    if (response.code === 200) {
      const { result, data, endpos } = response;
      p.resolve({ result, ...(data !== undefined ? { data } : {}), ...(endpos !== undefined ? { endpos } : {}) });
    } else {
      const err = responseError(p, response);
      this.opts.metrics.errors.inc({ code: err.code });
      p.reject(err);
    }
    this.pump();
  }

  private onTimeout(p: Pending): void {
    if (this.inflight !== p) return;
    // The late result would be taken for the next command's, so the session cannot continue.
    const err = new EngineError('CE_AGI_COMMAND_TIMEOUT', `${p.verb} got no result within ${p.timeoutMs} ms`, { details: { command: p.verb, timeoutMs: p.timeoutMs } });
    this.inflight = undefined;
    p.reject(err);
    this.opts.transport.abort(err);
  }

  private markHungUp(): void {
    if (this.hungUpFlag) return;
    this.hungUpFlag = true;
    this.opts.logger.debug('caller hung up (HANGUP from Asterisk)');
    const listeners = [...this.hangupListeners];
    this.hangupListeners.clear();
    for (const l of listeners) this.callListener(l);
  }

  private callListener(listener: () => void): void {
    try {
      listener();
    } catch (err) {
      this.opts.logger.error({ err }, 'a hangup listener threw');
    }
  }

  private resetIdle(): void {
    if (!this.idleArmed || this.opts.idleTimeoutMs <= 0 || this.endedWith) return;
    // refresh() re-arms the same timer: cheaper than a new one after every command.
    if (this.idleTimer) {
      this.idleTimer.refresh();
      return;
    }
    this.idleTimer = setTimeout(() => {
      if (this.inflight || this.endedWith) return;
      this.opts.transport.abort(new EngineError('CE_AGI_LIMIT', `no command for ${this.opts.idleTimeoutMs} ms (idle)`, { details: { limit: 'idle' } }));
    }, this.opts.idleTimeoutMs);
  }

  private flushDrain(): void {
    const waiters = this.drainWaiters;
    this.drainWaiters = [];
    for (const w of waiters) w();
  }
}

function responseError(p: Pending, response: Exclude<AgiResponse, { code: 200 }>): EngineError {
  const details = { command: p.verb, line: response.line };
  if (response.code === 510) return new EngineError('CE_AGI_INVALID_COMMAND', `Asterisk does not know the command ${p.verb}`, { details });
  if (response.code === 511) return new EngineError('CE_AGI_DEAD_CHANNEL', `${p.verb} is not permitted on a dead channel`, { details });
  return new EngineError('CE_AGI_USAGE', `Asterisk rejected the syntax of ${p.verb}`, { details: { ...details, usage: response.usage } });
}
