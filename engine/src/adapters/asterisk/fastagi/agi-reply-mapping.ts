import { EngineError } from '../../../errors';
import type { GatherResult, InboundCommandReply, PlaybackResult, RecordResult } from '../../../ports/inbound-gateway.port';

/**
 * What `200 result=...` means per command (res_agi.c handlers, PROTOCOLS.md §3.6). `result=-1`
 * means different things per command: a failure for ANSWER/STREAM FILE/GET DATA, the caller's
 * hangup for WAIT FOR DIGIT, a reason tag for RECORD FILE. Note that after a hangup during a
 * command the `-1` result arrives before the `HANGUP` notice, so the helpers cannot always tell
 * "missing file" from "caller gone" at that moment; the error details carry the raw line.
 */

function failed(command: string, reply: InboundCommandReply, what: string): EngineError {
  return new EngineError('CE_AGI_COMMAND_FAILED', `${command}: ${what}`, { details: { command, result: reply.result, data: reply.data, endpos: reply.endpos } });
}

function toInt(reply: InboundCommandReply, command: string): number {
  const n = Number(reply.result);
  if (reply.result === '' || !Number.isInteger(n)) throw new EngineError('CE_AGI_PROTOCOL', `${command}: result is not a number`, { details: { result: reply.result } });
  return n;
}

/** ASCII code → digit (`35` → `#`); codes outside DTMF are still returned verbatim as a character. */
function digitOf(code: number): string {
  return String.fromCharCode(code);
}

/** ANSWER, HANGUP: `-1` is a failure; anything else is success. */
export function expectSuccess(reply: InboundCommandReply, command: string): void {
  if (toInt(reply, command) === -1) throw failed(command, reply, 'the PBX reported failure');
}

/** STREAM FILE: 0 = played to the end, >0 = ASCII code of the escape digit, -1 = error or hangup. */
export function toPlayback(reply: InboundCommandReply, command: string): PlaybackResult {
  const code = toInt(reply, command);
  if (code < 0) throw failed(command, reply, 'playback failed (missing file or hangup)');
  const endpos = reply.endpos ?? 0;
  return code === 0 ? { endpos } : { digit: digitOf(code), endpos };
}

/** GET DATA: digits, `(timeout)` when input timed out, `-1` on hangup or a missing prompt. */
export function toGather(reply: InboundCommandReply, command: string): GatherResult {
  if (reply.result === '-1') throw failed(command, reply, 'prompt missing or caller hung up');
  if (!/^[0-9*#A-D]*$/i.test(reply.result)) throw new EngineError('CE_AGI_PROTOCOL', `${command}: unexpected result`, { details: { result: reply.result } });
  return { digits: reply.result, timeout: reply.data === 'timeout' };
}

/** WAIT FOR DIGIT: ASCII code of the digit, 0 on timeout, -1 when the caller hung up. */
export function toDigit(reply: InboundCommandReply, command: string): string | undefined {
  const code = toInt(reply, command);
  if (code === -1) throw new EngineError('CE_AGI_HANGUP', `${command}: the caller hung up`, { details: { command } });
  if (code < 0) throw failed(command, reply, 'wait failed');
  return code === 0 ? undefined : digitOf(code);
}

/** RECORD FILE: the tag in parentheses says why it stopped; the number is only meaningful for `dtmf`. */
export function toRecord(reply: InboundCommandReply, command: string): RecordResult {
  const endpos = reply.endpos ?? 0;
  switch (reply.data) {
    case 'dtmf':
      return { reason: 'dtmf', digit: digitOf(toInt(reply, command)), endpos };
    case 'timeout':
      return { reason: 'timeout', endpos };
    case 'hangup':
      return { reason: 'hangup', endpos };
    case 'writefile':
      return { reason: 'writefile', endpos: 0 };
    default:
      // `(randomerror)` (the beep failed) or a bare `-1` (silence detector unavailable).
      throw failed(command, reply, 'recording failed');
  }
}

/** GET VARIABLE / GET FULL VARIABLE: `result=1 (value)` or `result=0` when unset. */
export function toVariable(reply: InboundCommandReply): string | undefined {
  return reply.result === '1' ? (reply.data ?? '') : undefined;
}

/** EXEC: the application's return code; -2 means the application does not exist. */
export function toExecCode(reply: InboundCommandReply, command: string): number {
  const code = toInt(reply, command);
  if (code === -2) throw failed(command, reply, 'no such dialplan application');
  return code;
}

/** CHANNEL STATUS: the state number; -1 when the named channel does not exist. */
export function toChannelStatus(reply: InboundCommandReply, command: string): number {
  const code = toInt(reply, command);
  if (code < 0) throw failed(command, reply, 'no such channel');
  return code;
}
