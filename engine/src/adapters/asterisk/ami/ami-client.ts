import { createConnection, type Socket } from 'node:net';
import { EngineError, describeError, isEngineError } from '../../../errors';
import type { Logger } from '../../../ports/logger.port';
import { encodeAction, type AmiActionRequest } from './ami-action-encoder';
import type { AmiFrame } from './ami-frame';
import { AmiFrameParser, type AmiParsed, type AmiParserLimits } from './ami-frame-parser';
import { AmiPendingActions, type AmiActionSettle, type AmiList, type ListOptions } from './ami-pending';

export interface AmiClientOptions {
  readonly host: string;
  readonly port: number;
  readonly username: string;
  readonly secret: string;
  /** `Events:` value sent with Login (the event classes this session receives). */
  readonly events: string;
  /** Budget for TCP connect + banner. */
  readonly connectTimeoutMs: number;
  /** Default deadline of every action (login included). */
  readonly actionTimeoutMs: number;
  readonly limits: AmiParserLimits;
  /** Our unique ActionIDs (`<instance>-<counter>`), shared across reconnects so ids never repeat. */
  readonly nextActionId: () => string;
  readonly logger: Logger;
  readonly onActionSettled?: AmiActionSettle;
}

export interface AmiClientHandlers {
  /** Every event that is not an item of one of our list actions. */
  onEvent(frame: AmiFrame): void;
  /** Called once when the connection is gone, with why. `error` is set for protocol violations and I/O errors. */
  onClose(reason: string, error?: EngineError): void;
}

export interface ActionOptions {
  readonly timeoutMs?: number;
}

/**
 * One AMI connection: TCP + banner + Login, then actions correlated by our own ActionIDs, each with
 * a deadline. Our own small client on node:net (see engine/docs/adr/ami-client.md for why not
 * `asterisk-manager`): nothing the peer sends can throw out of a socket callback, memory per
 * connection is bounded by the parser limits, and `destroy()` really tears the socket down. A client
 * object is used for one connection only; the supervisor (`AmiConnection`) replaces it.
 */
export class AmiClient {
  private socket: Socket | undefined;
  private readonly parser: AmiFrameParser;
  private readonly pending: AmiPendingActions;
  private bannerWaiter: ((version: string) => void) | undefined;
  /** Rejects connect() when the socket closes before the banner. */
  private onceClosed: (() => void) | undefined;
  private closed = false;
  private closeReason: { reason: string; error?: EngineError } | undefined;

  constructor(private readonly opts: AmiClientOptions, private readonly handlers: AmiClientHandlers) {
    this.parser = new AmiFrameParser(opts.limits);
    this.pending = new AmiPendingActions(opts.onActionSettled ?? (() => undefined));
  }

  /** Connects, reads the banner and logs in. Rejects CE_AMI_LOGIN_FAILED, CE_TELEPHONY_TIMEOUT, CE_TELEPHONY_NOT_CONNECTED or CE_AMI_PROTOCOL. */
  async connect(): Promise<{ readonly version: string }> {
    const version = await this.open();
    try {
      await this.send({ action: 'Login', fields: { Username: this.opts.username, Secret: this.opts.secret, Events: this.opts.events } });
    } catch (err) {
      const failure = isEngineError(err, 'CE_TELEPHONY_REQUEST_FAILED')
        ? new EngineError('CE_AMI_LOGIN_FAILED', `AMI login as '${this.opts.username}' was rejected`, { cause: err })
        : err;
      this.destroy('login failed', isEngineError(failure) ? failure : undefined);
      throw failure;
    }
    return { version };
  }

  /** True from the socket's creation until destroy() or the close; actions are refused afterwards. */
  isOpen(): boolean {
    return this.socket !== undefined && !this.closed && this.closeReason === undefined;
  }

  /** Sends one action and resolves with its response; `Response: Error` rejects CE_TELEPHONY_REQUEST_FAILED. */
  send(req: AmiActionRequest, opts: ActionOptions = {}): Promise<AmiFrame> {
    return new Promise((resolve, reject) => {
      const id = this.writeAction(req, reject);
      if (id) this.pending.addSingle(id, req.action, opts.timeoutMs ?? this.opts.actionTimeoutMs, resolve, reject);
    });
  }

  /** Sends a list action and resolves with every item once the completion event arrived. */
  sendList(req: AmiActionRequest, opts: ActionOptions & ListOptions = {}): Promise<AmiList> {
    return new Promise((resolve, reject) => {
      const id = this.writeAction(req, reject);
      if (id) this.pending.addList(id, req.action, opts.timeoutMs ?? this.opts.actionTimeoutMs, opts, resolve, reject);
    });
  }

  /** Polite close: Logoff, then destroy after the Goodbye or the deadline. */
  async logoff(timeoutMs: number): Promise<void> {
    if (!this.isOpen()) return;
    try {
      await this.send({ action: 'Logoff' }, { timeoutMs });
    } catch {
      // Nothing to do: we are closing anyway.
    }
    this.destroy('logoff');
  }

  /** Tears the socket down at once; pending actions reject CE_TELEPHONY_NOT_CONNECTED. Idempotent. */
  destroy(reason: string, error?: EngineError): void {
    this.closeReason ??= { reason, error };
    this.socket?.destroy();
    if (!this.socket) this.finishClose();
  }

  private open(): Promise<string> {
    return new Promise((resolve, reject) => {
      const socket = createConnection({ host: this.opts.host, port: this.opts.port });
      this.socket = socket;
      socket.setNoDelay(true);
      socket.setKeepAlive(true, 10_000);
      const timer = setTimeout(() => this.destroy('connect timeout', new EngineError('CE_TELEPHONY_TIMEOUT', `AMI ${this.opts.host}:${this.opts.port} sent no banner within ${this.opts.connectTimeoutMs} ms`)), this.opts.connectTimeoutMs);
      const fail = (): void => {
        clearTimeout(timer);
        reject(this.closeReason?.error ?? new EngineError('CE_TELEPHONY_NOT_CONNECTED', `AMI ${this.opts.host}:${this.opts.port}: ${this.closeReason?.reason ?? 'closed'}`));
      };
      this.onceClosed = fail;
      this.bannerWaiter = (version) => {
        clearTimeout(timer);
        this.onceClosed = undefined;
        resolve(version);
      };
      socket.on('data', (chunk: Buffer) => this.onData(chunk));
      socket.on('error', (err) => {
        this.closeReason ??= { reason: describeError(err), error: new EngineError('CE_TELEPHONY_NOT_CONNECTED', `AMI socket error: ${describeError(err)}`, { cause: err }) };
      });
      socket.on('close', () => this.finishClose());
    });
  }

  private onData(chunk: Buffer): void {
    let items: AmiParsed[];
    try {
      items = this.parser.push(chunk);
    } catch (err) {
      const error = isEngineError(err) ? err : new EngineError('CE_AMI_PROTOCOL', describeError(err), { cause: err });
      this.destroy('protocol violation', error);
      return;
    }
    for (const item of items) {
      if (this.closed) return;
      this.dispatch(item);
    }
  }

  private dispatch(item: AmiParsed): void {
    try {
      if (item.kind === 'banner') {
        const waiter = this.bannerWaiter;
        this.bannerWaiter = undefined;
        waiter?.(item.version);
        return;
      }
      const frame = item.frame;
      if (frame.isEvent) {
        if (!this.pending.onEvent(frame)) this.handlers.onEvent(frame);
      } else if (!this.pending.onResponse(frame)) {
        this.opts.logger.debug({ actionId: frame.actionId?.slice(0, 80), response: frame.response?.slice(0, 40) }, 'AMI response matches no action in flight; dropped');
      }
    } catch (err) {
      // A bug in a consumer must not take the connection (or the process) down with it.
      this.opts.logger.error({ err }, 'AMI event handler failed');
    }
  }

  private writeAction(req: AmiActionRequest, reject: (e: EngineError) => void): string | undefined {
    if (!this.isOpen() || !this.socket) {
      reject(new EngineError('CE_TELEPHONY_NOT_CONNECTED', `AMI ${req.action}: not connected`));
      return undefined;
    }
    const id = this.opts.nextActionId();
    let bytes: Buffer;
    try {
      bytes = encodeAction(req, id);
    } catch (err) {
      reject(isEngineError(err) ? err : new EngineError('CE_AMI_INVALID_ARGUMENT', describeError(err)));
      return undefined;
    }
    this.socket.write(bytes);
    return id;
  }

  private finishClose(): void {
    if (this.closed) return;
    this.closed = true;
    const why = this.closeReason ?? { reason: 'closed by the PBX' };
    this.pending.rejectAll(new EngineError('CE_TELEPHONY_NOT_CONNECTED', `AMI connection closed (${why.reason})`, { cause: why.error }));
    const waiter = this.onceClosed;
    this.onceClosed = undefined;
    waiter?.();
    try {
      this.handlers.onClose(why.reason, why.error);
    } catch (err) {
      this.opts.logger.error({ err }, 'AMI close handler failed');
    }
  }
}
