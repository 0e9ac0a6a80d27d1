import type {
  GatherResult,
  InboundCallEnv,
  InboundCommandReply,
  InboundSession,
  PlaybackResult,
  RecordOptions,
  RecordResult,
} from '../../../ports/inbound-gateway.port';
import type { EngineError } from '../../../errors';
import { agiCommand } from './agi-commands';
import type { AgiCommandQueue } from './agi-command-queue';
import { expectSuccess, toChannelStatus, toDigit, toExecCode, toGather, toPlayback, toRecord, toVariable } from './agi-reply-mapping';

export interface AgiSessionTimeouts {
  /** Budget for a command that returns at once (SET VARIABLE, NOOP...). */
  readonly commandMs: number;
  /** Extra budget for commands that play media of unknown length (STREAM FILE, GET DATA, EXEC). */
  readonly mediaMs: number;
}

export interface AgiSessionInit {
  readonly id: string;
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  readonly env: InboundCallEnv;
  readonly queue: AgiCommandQueue;
  readonly timeouts: AgiSessionTimeouts;
}

/**
 * One FastAGI session as the route handler sees it: typed helpers over the command queue. Each
 * helper builds the exact command line (agi-commands.ts), picks a timeout that covers what the
 * command itself waits for, and maps the result per command (agi-reply-mapping.ts).
 */
export class AgiSession implements InboundSession {
  readonly id: string;
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
  readonly env: InboundCallEnv;
  private readonly queue: AgiCommandQueue;
  private readonly timeouts: AgiSessionTimeouts;
  private readonly abortController = new AbortController();

  constructor(init: AgiSessionInit) {
    this.id = init.id;
    this.route = init.route;
    this.params = init.params;
    this.env = init.env;
    this.queue = init.queue;
    this.timeouts = init.timeouts;
  }

  get hungUp(): boolean {
    return this.queue.hungUp;
  }

  get signal(): AbortSignal {
    return this.abortController.signal;
  }

  onHangup(listener: () => void): () => void {
    return this.queue.onHangup(listener);
  }

  /** Called by the server when the connection ends: pending commands reject, `signal` aborts. */
  terminate(reason: EngineError): void {
    this.queue.end(reason);
    if (!this.abortController.signal.aborted) this.abortController.abort(reason);
  }

  command(line: string, options: { readonly timeoutMs?: number } = {}): Promise<InboundCommandReply> {
    return this.queue.send(line, options.timeoutMs ?? this.timeouts.commandMs);
  }

  async answer(): Promise<void> {
    expectSuccess(await this.run(agiCommand.answer), 'ANSWER');
  }

  async streamFile(file: string, escapeDigits = '', offsetSamples?: number): Promise<PlaybackResult> {
    const reply = await this.run(() => agiCommand.streamFile(file, escapeDigits, offsetSamples), this.mediaBudget(0));
    return toPlayback(reply, 'STREAM FILE');
  }

  async getData(file: string, timeoutMs?: number, maxDigits?: number): Promise<GatherResult> {
    // Timeout 0/absent means Asterisk's defaults (6 s first digit, 2 s between digits); negative waits forever.
    const waitMs = timeoutMs !== undefined && timeoutMs < 0 ? -1 : Math.max(timeoutMs ?? 0, 6000) * Math.min(maxDigits ?? 8, 32);
    const reply = await this.run(() => agiCommand.getData(file, timeoutMs, maxDigits), this.mediaBudget(waitMs));
    return toGather(reply, 'GET DATA');
  }

  async waitForDigit(timeoutMs: number): Promise<string | undefined> {
    const reply = await this.run(() => agiCommand.waitForDigit(timeoutMs), timeoutMs < 0 ? 0 : timeoutMs + this.timeouts.commandMs);
    return toDigit(reply, 'WAIT FOR DIGIT');
  }

  async recordFile(path: string, format: string, escapeDigits: string, timeoutMs: number, options: RecordOptions = {}): Promise<RecordResult> {
    const budget = timeoutMs < 0 ? 0 : timeoutMs + this.timeouts.commandMs;
    const reply = await this.run(() => agiCommand.recordFile(path, format, escapeDigits, timeoutMs, options), budget);
    return toRecord(reply, 'RECORD FILE');
  }

  async setVariable(name: string, value: string): Promise<void> {
    await this.run(() => agiCommand.setVariable(name, value));
  }

  async getVariable(name: string): Promise<string | undefined> {
    return toVariable(await this.run(() => agiCommand.getVariable(name)));
  }

  async getFullVariable(expression: string, channel?: string): Promise<string | undefined> {
    return toVariable(await this.run(() => agiCommand.getFullVariable(expression, channel)));
  }

  async exec(application: string, options?: string | readonly string[]): Promise<number> {
    const reply = await this.run(() => agiCommand.exec(application, options), this.mediaBudget(0));
    return toExecCode(reply, `EXEC ${application}`);
  }

  async setContext(context: string): Promise<void> {
    await this.run(() => agiCommand.setContext(context));
  }

  async setExtension(extension: string): Promise<void> {
    await this.run(() => agiCommand.setExtension(extension));
  }

  async setPriority(priority: number | string): Promise<void> {
    await this.run(() => agiCommand.setPriority(priority));
  }

  async goto(context: string, extension: string, priority: number | string = 1): Promise<void> {
    // Validate all three before sending any, so a bad priority cannot leave a half-moved pointer.
    const lines = [agiCommand.setContext(context), agiCommand.setExtension(extension), agiCommand.setPriority(priority)];
    for (const line of lines) await this.command(line);
  }

  async verbose(message: string, level = 1): Promise<void> {
    await this.run(() => agiCommand.verbose(message, level));
  }

  async hangup(channel?: string): Promise<void> {
    expectSuccess(await this.run(() => agiCommand.hangup(channel)), 'HANGUP');
  }

  async channelStatus(channel?: string): Promise<number> {
    return toChannelStatus(await this.run(() => agiCommand.channelStatus(channel)), 'CHANNEL STATUS');
  }

  async noop(): Promise<void> {
    await this.run(agiCommand.noop);
  }

  /** Builds the line inside the promise chain so argument errors reject instead of throwing synchronously. */
  private async run(build: () => string, timeoutMs = this.timeouts.commandMs): Promise<InboundCommandReply> {
    return this.queue.send(build(), timeoutMs);
  }

  private mediaBudget(waitMs: number): number {
    return waitMs < 0 ? 0 : this.timeouts.commandMs + this.timeouts.mediaMs + waitMs;
  }
}
