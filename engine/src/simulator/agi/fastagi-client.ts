import { connect, type Socket } from 'node:net';
import { buildAgiEnvironment, type SimulatedChannelEnv } from './agi-env-builder';
import { SimulatedAgiChannel, type DialplanLocation, type SimulatedAgiScript } from './simulated-agi-channel';

export interface SimulatedAgiCallOptions {
  /** The engine's FastAGI address (what the dialplan URL points at). */
  readonly host: string;
  readonly port: number;
  readonly env: SimulatedChannelEnv;
  readonly script?: SimulatedAgiScript;
  /** Asterisk gives up connecting after 2000 ms per address (MAX_AGI_CONNECT). */
  readonly connectTimeoutMs?: number;
  /** Called when a command starts running; `call.hangup()` from here hangs up during that command. */
  readonly onCommand?: (line: string, call: SimulatedAgiCall) => void;
}

export interface AgiWireEntry {
  /** `A->S` = Asterisk (us) to the engine, `S->A` = engine to Asterisk, as in captures/. */
  readonly dir: 'A->S' | 'S->A';
  readonly text: string;
}

/** What the dialplan would see after AGI() returned. */
export interface AgiCallReport {
  readonly agiStatus: 'SUCCESS' | 'FAILURE' | 'HANGUP';
  /** Every channel variable after the session (initial ones included). */
  readonly variables: Readonly<Record<string, string>>;
  /** SET VARIABLE / Set() calls in order. */
  readonly variablesSet: ReadonlyArray<readonly [string, string]>;
  /** Where the dialplan continues (unless the call hung up: then the h extension runs). */
  readonly location: DialplanLocation;
  /** Command lines received from the engine, in order, verbatim. */
  readonly commands: readonly string[];
  readonly hungUp: boolean;
  readonly recordings: readonly string[];
  readonly transcript: readonly AgiWireEntry[];
  /** Set when the connection itself failed (then AGISTATUS is FAILURE, as when Asterisk cannot connect). */
  readonly connectError?: string;
}

/**
 * The Asterisk side of a FastAGI call, for tests, the demo and benchmarks: connects to the engine,
 * writes the environment block in one write (as Asterisk does), answers each command line with
 * the scripted channel's exact result lines, writes `HANGUP` when the caller hangs up (unless
 * AGISIGHUP=no) and, after the engine closes, the one extra `HANGUP` Asterisk always writes
 * (captures/agi-*: it follows the engine's FIN), then closes and reports AGISTATUS.
 */
export class SimulatedAgiCall {
  readonly channel: SimulatedAgiChannel;
  readonly finished: Promise<AgiCallReport>;
  private readonly commands: string[] = [];
  private readonly transcript: AgiWireEntry[] = [];
  private socket: Socket | undefined;
  private buffered = '';
  private readonly pendingLines: string[] = [];
  private busy = false;
  private stalled = false;
  private hangupRequested = false;
  private engineClosed = false;
  private failureLine = false;
  private done = false;
  private answered = 0;
  private resolveReport!: (r: AgiCallReport) => void;

  constructor(private readonly opts: SimulatedAgiCallOptions) {
    this.channel = new SimulatedAgiChannel(opts.env, opts.script);
    this.finished = new Promise((resolve) => (this.resolveReport = resolve));
  }

  /** Connects and runs the session; resolves with the report when Asterisk would return to the dialplan. */
  start(): Promise<AgiCallReport> {
    if (this.socket) return this.finished;
    const socket = connect({ host: this.opts.host, port: this.opts.port, allowHalfOpen: true, noDelay: true });
    this.socket = socket;
    const timer = setTimeout(() => socket.destroy(new Error('connect timeout')), this.opts.connectTimeoutMs ?? 2000);
    socket.setEncoding('utf8');
    socket.once('connect', () => {
      clearTimeout(timer);
      this.send(buildAgiEnvironment(this.opts.env));
    });
    socket.on('data', (text: string) => this.onData(text));
    socket.on('end', () => this.onEngineClosed());
    socket.on('error', (err) => {
      clearTimeout(timer);
      this.finish(err.message);
    });
    socket.on('close', () => this.finish());
    return this.finished;
  }

  /** The caller hangs up now: during a running command its result comes first, then `HANGUP`. */
  hangup(): void {
    if (this.done || this.channel.hungUp) return;
    if (this.busy && !this.stalled) {
      this.hangupRequested = true;
      return;
    }
    this.hangUpNow();
  }

  private onData(text: string): void {
    this.buffered += text;
    let nl = this.buffered.indexOf('\n');
    while (nl !== -1) {
      this.pendingLines.push(this.buffered.slice(0, nl));
      this.buffered = this.buffered.slice(nl + 1);
      nl = this.buffered.indexOf('\n');
    }
    this.pump();
  }

  /** Asterisk handles one line at a time: the next is read only after the previous was answered. */
  private pump(): void {
    while (!this.busy && !this.done) {
      const line = this.pendingLines.shift();
      if (line === undefined) break;
      this.handleLine(line);
    }
    if (!this.busy && this.engineClosed && this.pendingLines.length === 0) this.endSession();
  }

  private handleLine(line: string): void {
    this.commands.push(line);
    this.transcript.push({ dir: 'S->A', text: `${line}\n` });
    if (/^failure/i.test(line)) {
      // res_agi.c run_agi: a line starting with "failure" ends the AGI with AGISTATUS=FAILURE.
      this.failureLine = true;
      this.pendingLines.length = 0;
      this.endSession();
      return;
    }
    const script = this.channel.script;
    this.busy = true;
    if (script.stall?.test(line)) {
      this.stalled = true;
      return;
    }
    this.opts.onCommand?.(line, this);
    if (script.hangupDuring?.test(line) === true && !this.channel.hungUp) this.hangupRequested = true;
    const delay = script.commandDelayMs ?? 0;
    if (delay <= 0) {
      this.busy = false;
      return this.respond(line, this.hangupRequested);
    }
    setTimeout(() => {
      this.busy = false;
      this.respond(line, this.hangupRequested);
      this.pump();
    }, delay);
  }

  private respond(line: string, hangingUp: boolean): void {
    const outcome = this.channel.execute(line, hangingUp && !this.channel.hungUp);
    this.send(outcome.lines.map((l) => `${l}\n`).join(''));
    this.answered++;
    if (hangingUp || outcome.hangsUp) {
      this.hangupRequested = false;
      this.hangUpNow();
    } else if (this.channel.script.hangupAfterCommand === this.answered) {
      this.hangUpNow();
    }
  }

  private hangUpNow(): void {
    if (this.channel.hungUp) return;
    this.channel.hangup();
    if (this.channel.sighup) this.send('HANGUP\n');
  }

  private onEngineClosed(): void {
    this.engineClosed = true;
    if (this.stalled) this.busy = false;
    this.pump();
  }

  private endSession(): void {
    if (this.done || !this.socket) return;
    // Asterisk writes one more HANGUP after the AGI loop ends (also with the channel still up).
    if (this.channel.sighup) this.send('HANGUP\n');
    this.socket.end();
    this.finish();
  }

  private send(text: string): void {
    if (!this.socket || this.socket.destroyed || !this.socket.writable) return;
    this.transcript.push({ dir: 'A->S', text });
    this.socket.write(text);
  }

  private finish(connectError?: string): void {
    if (this.done) return;
    this.done = true;
    const ch = this.channel;
    const connected = this.transcript.length > 0;
    this.resolveReport({
      agiStatus: connected ? ch.agiStatus(this.failureLine) : 'FAILURE',
      variables: Object.fromEntries(ch.variables),
      variablesSet: [...ch.variablesSet],
      location: ch.location(),
      commands: [...this.commands],
      hungUp: ch.hungUp,
      recordings: [...ch.recordings],
      transcript: [...this.transcript],
      ...(connectError !== undefined && !connected ? { connectError } : {}),
    });
  }
}

/** Runs one simulated inbound FastAGI call to the end. */
export function runSimulatedAgiCall(opts: SimulatedAgiCallOptions): Promise<AgiCallReport> {
  return new SimulatedAgiCall(opts).start();
}
