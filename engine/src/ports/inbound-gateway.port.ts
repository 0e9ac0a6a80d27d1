/**
 * The inbound gateway port: how the PBX hands a fresh inbound call to the engine so the engine can
 * vet it (capacity, blocklist, business hours, scenario) before the call-control layer takes over.
 * With Asterisk this is FastAGI: the dialplan runs `AGI(agi://<engine>:4573/<route>?<params>)`, the
 * engine sets channel variables or moves the dialplan pointer, then ends the session and the
 * dialplan continues (typically into `Stasis()`). Nothing here names a socket or a wire format;
 * the adapter owns those.
 *
 * Error contract of every session method (tests and callers match `code`, never the message):
 * - `CE_AGI_DEAD_CHANNEL`   the channel has hung up and the command is not allowed any more;
 * - `CE_AGI_HANGUP`         the command reported the caller's hangup (e.g. waitForDigit);
 * - `CE_AGI_CLOSED`         the session ended (socket closed, shutdown, limit) before a result came;
 * - `CE_AGI_COMMAND_TIMEOUT` no result in time (the session is then closed);
 * - `CE_AGI_COMMAND_FAILED` the command ran and reported failure (missing file, unknown application);
 * - `CE_AGI_INVALID_ARGUMENT` the arguments cannot be expressed on the wire (newline, NUL, bad digits);
 * - `CE_AGI_INVALID_COMMAND` / `CE_AGI_USAGE` the PBX rejected the command (an engine bug).
 * `isInboundChannelGone(err)` tells the first three apart from real failures.
 */
import { isEngineError } from '../errors';

/** The call as the PBX describes it when the session opens (the AGI environment block). */
export interface InboundCallEnv {
  /** The full request URL given to the dialplan application, e.g. `agi://127.0.0.1:4573/inbound?did=1`. */
  readonly request: string;
  /** The raw script part after the host (`inbound?did=1`), '' when the URL has no path. */
  readonly script: string;
  /** Channel name, e.g. `PJSIP/carrier-00000009`. */
  readonly channel: string;
  /** Channel technology, e.g. `PJSIP` or `Local`. */
  readonly channelType: string;
  /** The PBX unique id of the channel; also the id ARI uses for it. */
  readonly uniqueId: string;
  readonly language: string;
  /** Version of the PBX, e.g. `20.20.1`. */
  readonly pbxVersion: string;
  /** Caller number; undefined when the PBX says `unknown` (no caller ID). */
  readonly callerId?: string;
  /** Caller name; undefined when the PBX says `unknown`. */
  readonly callerIdName?: string;
  /** Presentation flags (0 = allowed; 67 when there is no caller ID). */
  readonly callingPres: number;
  /** Dialed number (DNID) on inbound trunk calls; undefined when `unknown`. */
  readonly dnid?: string;
  /** Redirecting number; undefined when `unknown`. */
  readonly rdnis?: string;
  /** Dialplan location of the AGI step itself. */
  readonly context: string;
  readonly extension: string;
  readonly priority: number;
  readonly accountCode: string;
  /** Extra dialplan arguments after the URL (`AGI(url,a,b)` gives ['a','b']). */
  readonly args: readonly string[];
  /** Every `agi_*` line as received, keyed without the `agi_` prefix. */
  readonly raw: Readonly<Record<string, string>>;
}

/** Playback ended: by a digit from the escape set, or at the end of the file. */
export interface PlaybackResult {
  /** The escape digit that interrupted playback, if any. */
  readonly digit?: string;
  /** Sample position where playback stopped (8 kHz samples for narrow-band audio). */
  readonly endpos: number;
}

/** Digits collected after a prompt. */
export interface GatherResult {
  /** The digits entered, without the terminating `#`; may be ''. */
  readonly digits: string;
  /** True when input ended because the caller stopped typing (timeout), not by `#` or maxDigits. */
  readonly timeout: boolean;
}

export type RecordStopReason = 'dtmf' | 'timeout' | 'hangup' | 'writefile';

/** How a recording ended. `writefile` means the PBX could not create the file (nothing recorded). */
export interface RecordResult {
  readonly reason: RecordStopReason;
  /** The escape digit that stopped the recording (reason `dtmf`). */
  readonly digit?: string;
  /** Samples recorded (0 for `writefile`). */
  readonly endpos: number;
}

export interface RecordOptions {
  /** Play a beep before recording starts. */
  readonly beep?: boolean;
  /** Stop after this many whole seconds of silence (needs audio from the caller to detect silence). */
  readonly silenceSec?: number;
  /** Append to an existing file from this sample offset. */
  readonly offsetSamples?: number;
}

/** One raw result of a command (`200 result=<result> (<data>) endpos=<n>`). */
export interface InboundCommandReply {
  readonly result: string;
  readonly data?: string;
  readonly endpos?: number;
}

/** Channel states as the PBX numbers them for channelStatus(): 4 = ringing, 6 = up. */
export type ChannelStatusCode = number;

/**
 * One inbound call in its vetting phase. Commands run one at a time in call order; each resolves
 * when the PBX has answered it. The session ends when the route handler returns (the dialplan then
 * continues) or throws (the PBX is told the vetting failed, so the dialplan takes its fallback).
 */
export interface InboundSession {
  /** Engine-local session id (unique per process), for logs. */
  readonly id: string;
  /** The route (script path without query), e.g. `inbound`. */
  readonly route: string;
  /** The query parameters of the request URL, e.g. `{ did: '4055550123' }`. */
  readonly params: Readonly<Record<string, string>>;
  readonly env: InboundCallEnv;
  /** True once the PBX reported that the caller hung up. Commands may still run (see dead mode). */
  readonly hungUp: boolean;
  /** Aborted when the session ends for any reason; pass it to slow work done for this call. */
  readonly signal: AbortSignal;
  /** Calls `listener` once when the caller hangs up; returns an unsubscribe function. */
  onHangup(listener: () => void): () => void;

  /** Answers the channel (no-op if already up). Inbound vetting usually does not answer. */
  answer(): Promise<void>;
  /** Plays a prompt (file name without extension); `escapeDigits` may interrupt it. */
  streamFile(file: string, escapeDigits?: string, offsetSamples?: number): Promise<PlaybackResult>;
  /** Plays a prompt and collects up to `maxDigits` digits; `#` ends input. */
  getData(file: string, timeoutMs?: number, maxDigits?: number): Promise<GatherResult>;
  /** Waits for one digit; resolves undefined on timeout (-1 = wait forever). */
  waitForDigit(timeoutMs: number): Promise<string | undefined>;
  /**
   * Records the caller to `path` + `.` + `format` (give the path WITHOUT extension; an absolute
   * path, since a relative one lands in the PBX sounds directory). `timeoutMs` -1 = no limit.
   */
  recordFile(path: string, format: string, escapeDigits: string, timeoutMs: number, options?: RecordOptions): Promise<RecordResult>;
  /** Sets a channel variable, visible to the dialplan after the session (e.g. `ENGINE_ROUTE`). */
  setVariable(name: string, value: string): Promise<void>;
  /** Reads a channel variable or function (`CALLERID(num)`); undefined when unset. */
  getVariable(name: string): Promise<string | undefined>;
  /** Expands an expression such as `${PJSIP_HEADER(read,X-Id)}`, optionally on another channel. */
  getFullVariable(expression: string, channel?: string): Promise<string | undefined>;
  /** Runs a dialplan application; resolves with its return code (0 = ok, -1 = failed or hung up). */
  exec(application: string, options?: string | readonly string[]): Promise<number>;
  /** Sets where the dialplan continues after the session; see goto(). */
  setContext(context: string): Promise<void>;
  setExtension(extension: string): Promise<void>;
  /** Exact priority (number or label) where the dialplan continues. */
  setPriority(priority: number | string): Promise<void>;
  /**
   * Moves the dialplan pointer: context, extension, then priority (the priority must come last,
   * and must be sent, otherwise the PBX continues at the AGI step's priority + 1 of the new extension).
   */
  goto(context: string, extension: string, priority?: number | string): Promise<void>;
  /** Writes a message to the PBX console/log at verbosity `level` (1-4). */
  verbose(message: string, level?: number): Promise<void>;
  /** Hangs up this channel (or the named one). */
  hangup(channel?: string): Promise<void>;
  /** The channel state number (4 ringing, 6 up, ...). */
  channelStatus(channel?: string): Promise<ChannelStatusCode>;
  /** Round trip without effect (keeps the session alive, measures latency). */
  noop(): Promise<void>;
  /** Sends one raw command line (no newline); the escape hatch for commands without a helper. */
  command(line: string, options?: { readonly timeoutMs?: number }): Promise<InboundCommandReply>;
}

/** Handles one session of a route. Return to let the dialplan continue; throw to signal failure. */
export type InboundRouteHandler = (session: InboundSession) => Promise<void>;

/** The inbound entry point (the FastAGI server for Asterisk). */
export interface InboundGatewayPort {
  /** Registers the handler for a route name (the script path, e.g. `inbound`); a name registers once. */
  route(name: string, handler: InboundRouteHandler): void;
  /** Starts accepting sessions; resolves with the bound address (port 0 picks a free port). */
  listen(): Promise<{ readonly host: string; readonly port: number }>;
  /** True between a successful listen() and close(). */
  isListening(): boolean;
  /** Sessions currently open. */
  activeSessions(): number;
  /**
   * Stops accepting, ends every open session and resolves when all sockets are gone (sockets still
   * open at the deadline are destroyed). Safe to call twice.
   */
  close(): Promise<void>;
}

/** True for the errors that only mean "the caller is gone" (hung up, dead channel, session closed). */
export function isInboundChannelGone(err: unknown): boolean {
  return (
    isEngineError(err, 'CE_AGI_HANGUP') ||
    isEngineError(err, 'CE_AGI_DEAD_CHANNEL') ||
    isEngineError(err, 'CE_AGI_CLOSED') ||
    isEngineError(err, 'CE_CALL_GONE')
  );
}
