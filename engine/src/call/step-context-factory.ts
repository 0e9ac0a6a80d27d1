import type { Logger } from '../ports/logger.port';
import type { CallInfo, ResultRecorder, StepContext } from '../flow/step-context';
import type { CallTimeouts } from './call-timeouts';
import type { CallSessionDeps } from './call-session-deps';
import type { EventInbox } from './event-inbox';
import type { OperatorLeg } from './operator-transfer';
import { TelephonyCallMedia } from './call-media';
import { CallSpeechService } from './call-speech';
import { TelephonyCallControl } from './call-control';

export interface SessionHooks {
  readonly inbox: EventInbox;
  readonly signal: AbortSignal;
  readonly result: ResultRecorder;
  readonly log: Logger;
  readonly isUp: () => boolean;
  readonly remainingMs: () => number;
  readonly onOperatorConnected: (leg: OperatorLeg) => void;
  readonly attachLeg: (channelId: string) => void;
  readonly detachLeg: (channelId: string) => void;
  readonly hangupSent: () => void;
}

/** Builds the facades a step sees (media, speech, control) for one call. */
export function buildStepContext(info: CallInfo, deps: CallSessionDeps, t: CallTimeouts, h: SessionHooks): StepContext {
  const { telephony, scenario, config } = deps;
  const media = new TelephonyCallMedia({
    callId: info.callId,
    channelId: info.channelId,
    telephony,
    inbox: h.inbox,
    scenario,
    signal: h.signal,
    log: h.log,
    mediaTimeoutMs: Math.max(t.stepMs, 120_000),
    observe: (stage, s) => deps.observeStage?.(stage, s),
  });
  const speech = new CallSpeechService({
    telephony,
    stt: deps.stt,
    classifier: deps.classifier,
    scenario,
    signal: h.signal,
    log: h.log,
    observe: (stage, s) => deps.observeStage?.(stage, s),
  });
  const callerId = operatorCallerId(deps, info);
  const control = new TelephonyCallControl({
    channelId: info.channelId,
    telephony,
    inbox: h.inbox,
    signal: h.signal,
    log: h.log,
    result: h.result,
    isUp: h.isUp,
    remainingMs: h.remainingMs,
    onOperatorConnected: h.onOperatorConnected,
    amdContext: 'salehi-amd',
    onHangupSent: h.hangupSent,
    operator: {
      callId: info.callId,
      customerChannelId: info.channelId,
      telephony,
      inbox: h.inbox,
      roster: deps.roster,
      lines: deps.lines,
      media,
      signal: h.signal,
      log: h.log,
      clock: deps.clock,
      ringTimeoutSec: config.operator.timeoutSec,
      callerId,
      preferredLine: info.line,
      attachLeg: h.attachLeg,
      detachLeg: h.detachLeg,
    },
  });
  return {
    call: info,
    scenario,
    flow: info.direction,
    log: h.log,
    signal: h.signal,
    state: { counters: new Map() },
    media,
    speech,
    control,
    result: h.result,
    dnc: { add: (reason) => deps.addToDnc(info.phone, reason) },
  };
}

function operatorCallerId(deps: CallSessionDeps, info: CallInfo): string {
  const mode = deps.config.operator.callerIdMode;
  if (mode === 'customer') return info.phone;
  if (mode === 'line' && info.line) return info.line.replace(/^0+/, '');
  return deps.config.operator.callerId ?? deps.config.lines.defaultCallerId;
}
