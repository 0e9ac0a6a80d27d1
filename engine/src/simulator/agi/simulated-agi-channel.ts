import { parseAgiArgs } from './agi-arg-parser';
import type { SimulatedChannelEnv } from './agi-env-builder';
import { USAGE_HEAD, USAGE_TAIL, USAGE_UNAVAILABLE, AGI_USAGE_TEXTS } from './agi-usage-texts';
import { findAgiCommand, SHOW_USAGE } from './simulated-agi-commands';

/** What the scripted caller and PBX do during a simulated AGI session. */
export interface SimulatedAgiScript {
  /** Channel variables set before AGI() runs, e.g. `{ AGISIGHUP: 'no' }`. */
  readonly variables?: Readonly<Record<string, string>>;
  /** Channel state when the AGI starts. Default `ring` (an inbound call before Answer). */
  readonly state?: 'down' | 'ring' | 'up';
  /** Sound files that exist (name without extension → length in 8 kHz samples). Absent: every file exists. */
  readonly soundFiles?: Readonly<Record<string, number>>;
  /** Length of files when `soundFiles` is absent. Default 8000 (1 s). */
  readonly defaultFileSamples?: number;
  /** DTMF the caller presses, consumed in order by STREAM FILE (escape digits only), GET DATA, WAIT FOR DIGIT, RECORD FILE. */
  readonly digits?: string;
  /** Whether RECORD FILE can create `path` (false gives `(writefile)`). Default: always. */
  readonly recordWritable?: (path: string) => boolean;
  /** The caller hangs up while idle right after the Nth command (1-based) was answered. */
  readonly hangupAfterCommand?: number;
  /** The caller hangs up while a matching command runs: its hangup result, then `HANGUP`. */
  readonly hangupDuring?: RegExp;
  /** Fixed result lines for matching commands, instead of the simulated ones (first match wins). */
  readonly replies?: ReadonlyArray<{ readonly match: RegExp; readonly lines: readonly string[] }>;
  /** Matching commands never get a result (to exercise the engine's command timeout). */
  readonly stall?: RegExp;
  /** Ms before each result is written (lets a test hang up "during" any command). */
  readonly commandDelayMs?: number;
}

export interface CommandOutcome {
  readonly lines: readonly string[];
  /** The command itself hung the channel up (HANGUP, EXEC Hangup). */
  readonly hangsUp: boolean;
}

/** Where the dialplan continues after the AGI (the PBX adds 1 to the priority unless SET PRIORITY ran). */
export interface DialplanLocation {
  readonly context: string;
  readonly extension: string;
  readonly priority: number | string;
}

const STATE_NAMES: Readonly<Record<number, string>> = { 0: 'Down', 4: 'Ring', 5: 'Ringing', 6: 'Up' };
const FALSEY = new Set(['no', 'false', 'n', 'f', '0', 'off']);

/**
 * The Asterisk side of one AGI session without sockets: channel state, variables, dialplan
 * pointer, and the exact result lines for each command line (res_agi.c `agi_handle_command`:
 * 510 for an unknown or empty command, 511 for a non-dead command after hangup, 520 usage blocks).
 */
export class SimulatedAgiChannel {
  readonly variables = new Map<string, string>();
  readonly variablesSet: Array<readonly [string, string]> = [];
  readonly recordings: string[] = [];
  /** Whether Asterisk writes `HANGUP` lines (AGISIGHUP not false-ish when the AGI started). */
  readonly sighup: boolean;
  state: number;
  hungUp = false;
  /** A command failed while the channel was up, so AGISTATUS becomes FAILURE. */
  failed = false;
  private digits: string;
  private context: string;
  private extension: string;
  private priority: number | string | undefined;

  constructor(
    readonly env: SimulatedChannelEnv,
    readonly script: SimulatedAgiScript = {},
  ) {
    for (const [k, v] of Object.entries(script.variables ?? {})) this.variables.set(k, v);
    this.sighup = !FALSEY.has((this.variables.get('AGISIGHUP') ?? '').toLowerCase());
    this.state = { down: 0, ring: 4, up: 6 }[script.state ?? 'ring'];
    this.digits = script.digits ?? '';
    this.context = env.context;
    this.extension = env.extension;
  }

  /** Runs one command line (without its `\n`); `hangingUp` = the caller hangs up while it runs. */
  execute(line: string, hangingUp = false): CommandOutcome {
    const argv = parseAgiArgs(line);
    const command = argv.length > 0 ? findAgiCommand(argv) : undefined;
    if (!command) return { lines: ['510 Invalid or unknown command'], hangsUp: false };
    if (this.hungUp && !command.dead) return { lines: ['511 Command Not Permitted on a dead channel or intercept routine'], hangsUp: false };
    const fixed = this.script.replies?.find((r) => r.match.test(line));
    if (fixed) return { lines: fixed.lines, hangsUp: false };
    const out = command.run(this, argv, hangingUp);
    if (out === SHOW_USAGE) {
      const usage = AGI_USAGE_TEXTS[command.words.join(' ')];
      return { lines: usage === undefined ? [USAGE_UNAVAILABLE] : [USAGE_HEAD, usage, USAGE_TAIL], hangsUp: false };
    }
    return out;
  }

  hangup(): void {
    this.hungUp = true;
  }

  /** AGISTATUS as Asterisk sets it when the session ends. */
  agiStatus(failureLine: boolean): 'SUCCESS' | 'FAILURE' | 'HANGUP' {
    if (this.hungUp) return 'HANGUP';
    return this.failed || failureLine ? 'FAILURE' : 'SUCCESS';
  }

  location(): DialplanLocation {
    return { context: this.context, extension: this.extension, priority: this.priority ?? (this.env.priority ?? 2) + 1 };
  }

  setLocation(part: 'context' | 'extension' | 'priority', value: string): void {
    if (part === 'context') this.context = value;
    else if (part === 'extension') this.extension = value;
    else this.priority = /^\d+$/.test(value) ? Number(value) : value;
  }

  setVariable(name: string, value: string): void {
    this.variables.set(name, value);
    this.variablesSet.push([name, value]);
  }

  /** Next pressed digit, if `accept` allows it (STREAM FILE only takes escape digits). */
  takeDigit(accept: (d: string) => boolean = () => true): string | undefined {
    const d = this.digits[0];
    if (d === undefined || !accept(d)) return undefined;
    this.digits = this.digits.slice(1);
    return d;
  }

  fileSamples(name: string): number | undefined {
    if (this.recordings.includes(name)) return 8000;
    if (!this.script.soundFiles) return this.script.defaultFileSamples ?? 8000;
    return this.script.soundFiles[name];
  }

  /** GET VARIABLE semantics: built-in names and a few functions first, then channel variables. */
  resolve(name: string): string | undefined {
    const fn = /^([A-Z_]+)\((.*)\)$/i.exec(name);
    if (fn) return this.callFunction((fn[1] as string).toUpperCase(), (fn[2] as string).toLowerCase());
    const builtins: Record<string, string> = {
      CHANNEL: this.env.channel,
      UNIQUEID: this.env.uniqueId,
      EXTEN: this.extension,
      CONTEXT: this.context,
      LANGUAGE: this.env.language ?? 'en',
    };
    return builtins[name] ?? this.variables.get(name);
  }

  /** GET FULL VARIABLE: `${...}` substituted, unknown names expand to ''. */
  expand(expression: string): string {
    let out = expression;
    for (let i = 0; i < 10 && /\$\{[^{}]*\}/.test(out); i++) {
      out = out.replace(/\$\{([^{}]*)\}/g, (_, inner: string) => this.resolve(inner) ?? '');
    }
    return out;
  }

  private callFunction(name: string, arg: string): string | undefined {
    if (name === 'CALLERID') {
      if (arg === 'num') return this.env.callerId ?? '';
      if (arg === 'name') return this.env.callerIdName ?? '';
      if (arg === 'all') return this.env.callerId ? `"${this.env.callerIdName ?? ''}" <${this.env.callerId}>` : '';
    }
    if (name === 'CHANNEL') {
      if (arg === 'state') return STATE_NAMES[this.state] ?? 'Unknown';
      if (arg === 'name') return this.env.channel;
      if (arg === 'uniqueid') return this.env.uniqueId;
      if (arg === 'channeltype') return this.env.channel.split('/')[0];
    }
    return undefined;
  }
}
