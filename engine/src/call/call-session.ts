import { CallGoneError } from '../errors';
import type { CallEvent, CallEndedEvent, DialStatus } from '../ports/call-event';
import type { Logger } from '../ports/logger.port';
import type { OriginateRequest } from '../ports/telephony.port';
import type { CallInfo, StepContext } from '../flow/step-context';
import { runFlow } from '../flow/flow-runner';
import { CALL_MACHINE, type CallAction, type CallState, type MachineEvent } from './call-machine';
import type { CallTimeouts } from './call-timeouts';
import { buildCallReport, type CallReport } from './call-report';
import { attemptOutcome, causeText, outcomeToResult } from './hangup-cause';
import { EventInbox } from './event-inbox';
import { FirstResultRecorder } from './result-recorder';
import type { CallSessionDeps } from './call-session-deps';
import { buildStepContext } from './step-context-factory';
import { OperatorLegs } from './operator-legs';
import { SessionTimers } from './session-timers';

/** The abort reason of a finished call (a reason given up front: a default one costs a DOMException per call). */
const CALL_OVER = 'call over';

/** How long finalize waits for an aborted flow to return. */
const FLOW_WIND_DOWN_MS = 2_000;

/**
 * One call: feeds normalised telephony events into the call machine (call-machine.ts) and runs the
 * actions it names: start the scenario flow, arm the timers, hang up, settle the result, finalize.
 * Every call ends with exactly one report, whatever order events arrive in.
 */
export class CallSession {
  readonly callId: string;
  readonly channelId: string;
  readonly done: Promise<CallReport>;

  private state: CallState = 'dialing';
  private readonly inbox = new EventInbox();
  private readonly over = new AbortController();
  private readonly result: FirstResultRecorder;
  private readonly log: Logger;
  private readonly timers = new SessionTimers();
  private resolveDone!: (r: CallReport) => void;
  private answered = false;
  private up = false;
  private lastDial?: DialStatus;
  private ended?: CallEndedEvent;
  private readonly operators = new OperatorLegs();
  private ctx?: StepContext;
  private readonly startedAt: number;
  private answeredAt?: number;
  private finalized = false;
  /** The flow's hangup step already asked Asterisk to hang the customer up, or the channel is being hung up. */
  private endRequested = false;
  private deadline = 0;
  /** Settles when the scenario flow has returned (after an abort, its steps wind down first). */
  private flowDone: Promise<void> = Promise.resolve();

  constructor(
    readonly info: CallInfo,
    private readonly deps: CallSessionDeps,
    private readonly timeouts: CallTimeouts,
  ) {
    this.callId = info.callId;
    this.channelId = info.channelId;
    this.log = deps.logger.child({ callId: info.callId, channelId: info.channelId, ...(info.campaignId ? { campaignId: info.campaignId } : {}) });
    this.result = new FirstResultRecorder(this.log);
    this.startedAt = deps.clock.now();
    this.done = new Promise((resolve) => (this.resolveDone = resolve));
  }

  /** Places the outbound call; the session must already be registered under `channelId`. */
  async originate(request: Omit<OriginateRequest, 'channelId'>): Promise<void> {
    this.arm('origination', this.timeouts.originationMs, 'timer.origination');
    try {
      await this.deps.telephony.originate({ ...request, channelId: this.channelId });
      this.fire('originate.accepted');
    } catch (err) {
      this.log.warn({ err }, 'originate refused');
      this.originateError = err;
      // A timed-out originate may still have created the channel: make sure the phone stops ringing.
      void this.deps.telephony.hangup(this.channelId, 'normal').catch(() => false);
      this.fire('originate.rejected');
    }
  }

  /** An inbound (or re-adopted) channel already inside our application. */
  adoptEntered(event: Extract<CallEvent, { type: 'call.entered' }>): void {
    this.handle(event);
  }

  /** Events of the customer's channel and of its operator legs. Never throws. */
  handle(event: CallEvent): void {
    try {
      this.inbox.push(event);
      if ('channelId' in event && event.channelId !== this.channelId) return this.handleLegEvent(event);
      this.handleOwnEvent(event);
    } catch (err) {
      this.log.error({ err, event: event.type }, 'call session failed to handle an event');
    }
  }

  private originateError?: unknown;

  private handleOwnEvent(event: CallEvent): void {
    switch (event.type) {
      case 'dial.progressed':
        this.lastDial = event.status;
        return;
      case 'call.answered':
        this.markUp();
        return this.fire('answered');
      case 'call.entered':
        if (event.args[0] === 'amd') return; // back from answering-machine detection: the flow is waiting for it
        if (event.state === 'up') this.markUp();
        return this.fire('entered');
      case 'call.readopted':
        if (event.state === 'up') this.markUp();
        return;
      case 'call.hangup-requested':
        // The customer (or the PBX) is hanging up: its end follows, maybe a few events later. No step
        // that needs a live channel starts meanwhile (no `record` sent to a channel on its way out).
        if (!event.soft) {
          this.up = false;
          this.endRequested = true;
        }
        return;
      case 'call.ended':
        this.ended ??= event;
        this.up = false;
        this.over.abort(CALL_OVER);
        return this.fire('ended');
      default:
        return;
    }
  }

  private handleLegEvent(event: CallEvent): void {
    if (event.type === 'call.ended' && this.operators.legEnded(event.channelId)) this.operatorLeft();
  }

  /** The operator hung up after being bridged: the customer's call is over too. */
  private operatorLeft(): void {
    if (!this.up) return;
    this.log.info('operator hung up; ending the call');
    void this.deps.telephony.hangup(this.channelId, 'normal').catch(() => false);
  }

  private markUp(): void {
    this.up = true;
    if (!this.answered) {
      this.answered = true;
      this.answeredAt = this.deps.clock.now();
    }
  }

  private fire(event: MachineEvent): void {
    const t = CALL_MACHINE[this.state][event];
    if (!t) {
      this.log.debug({ state: this.state, event }, 'event ignored in this state');
      return;
    }
    this.state = t.target;
    for (const action of t.actions) this.run(action);
  }

  private run(action: CallAction): void {
    switch (action) {
      case 'startFlow':
        this.timers.clear('origination');
        this.flowDone = this.startFlow();
        return;
      case 'armMaxDuration':
        this.armDeadline(this.timeouts.maxDurationMs);
        return;
      case 'abortFlow':
        this.over.abort(CALL_OVER);
        return;
      case 'hangupChannel':
        this.arm('hangupGrace', this.timeouts.hangupGraceMs, 'timer.hangup_grace');
        // Its end event is on the way (events may arrive after the REST reply): no second DELETE.
        if (this.endRequested) return;
        void this.deps.telephony.hangup(this.channelId, 'normal').then(
          (sent) => {
            if (!sent && !this.ended) this.fire('ended');
          },
          (err: unknown) => this.log.warn({ err }, 'hangup failed'),
        );
        return;
      case 'resultFromCause':
        return this.resultFromCause();
      case 'resultMissed':
        this.result.set('missed', 'no answer within the origination timeout');
        return;
      case 'resultOriginateFailed':
        this.result.set('failed:originate', String(this.originateError ?? 'originate refused'));
        return;
      case 'finalize':
        void this.finalize();
        return;
    }
  }

  private async startFlow(): Promise<void> {
    const flow = this.info.direction === 'inbound' ? this.deps.scenario.inbound ?? this.deps.scenario.outbound : this.deps.scenario.outbound;
    this.ctx = buildStepContext(this.info, this.deps, this.timeouts, {
      inbox: this.inbox,
      signal: this.over.signal,
      result: this.result,
      log: this.log,
      isUp: () => this.up,
      remainingMs: () => Math.max(0, this.deadline - this.deps.clock.now()),
      onOperatorConnected: (leg) => {
        this.armDeadline(this.timeouts.maxBridgedMs);
        if (this.operators.bridgedTo(leg)) this.operatorLeft();
      },
      attachLeg: (id) => {
        this.operators.attach(id);
        this.deps.registry.attachChannel(this, id);
      },
      detachLeg: (id) => {
        this.operators.detach(id);
        this.deps.registry.detachChannel(id);
      },
      hangupSent: () => {
        this.endRequested = true;
      },
    });
    try {
      if (this.info.direction === 'inbound' && !this.up) await this.answerInbound();
      const end = await runFlow(this.ctx, flow, this.deps.steps);
      this.log.debug({ end }, 'flow finished');
    } catch (err) {
      if (!(err instanceof CallGoneError)) this.log.error({ err }, 'flow crashed');
      this.result.set('failed:flow_error', 'flow crashed');
    }
    this.fire('flow.finished');
  }

  /** dialplan/salehi-inbound.conf hands callers to Stasis unanswered; every step that talks needs them answered. */
  private async answerInbound(): Promise<void> {
    const answered = await this.deps.telephony.answer(this.channelId).then(
      () => true,
      (err: unknown) => (err instanceof CallGoneError ? false : Promise.reject(err)), // gone: the ended event settles the call
    );
    if (answered && !this.ended) this.markUp();
  }

  private resultFromCause(): void {
    const cause = this.ended?.cause ?? 0;
    const outcome = this.ended?.vanished ? 'unknown' : attemptOutcome({ cause, answered: this.answered, dialStatus: this.lastDial });
    const result = outcomeToResult(outcome, cause) ?? (this.answered ? 'hangup' : 'failed:unknown');
    this.result.set(result, `cause ${cause} (${causeText(cause)}), outcome ${outcome}`);
  }

  private async finalize(): Promise<void> {
    if (this.finalized) return;
    this.finalized = true;
    this.timers.clearAll();
    this.over.abort(CALL_OVER);
    // Let the aborted flow's steps wind down first: they may still settle the result
    // (e.g. `disconnected` when the caller left while an operator was ringing).
    let windDown: NodeJS.Timeout | undefined;
    await Promise.race([this.flowDone, new Promise((r) => (windDown = setTimeout(r, FLOW_WIND_DOWN_MS)))]);
    clearTimeout(windDown); // else every finished call keeps a timer (and a shutting-down process) alive 2 s longer
    await this.operators.teardown(this.deps.telephony);
    if (this.result.current() === undefined) this.result.set(this.answered ? 'hangup' : 'failed:unknown', 'no result set by the flow');
    this.inbox.close();
    const report = this.report();
    this.log.info({ result: report.result, cause: report.cause, durationSec: report.durationSec }, 'call finished');
    this.deps.registry.remove(this);
    this.resolveDone(report);
  }

  private report(): CallReport {
    return buildCallReport({
      info: this.info,
      scenario: this.deps.scenario.name,
      result: this.result.current() as string,
      reason: this.result.currentReason(),
      answered: this.answered,
      ended: this.ended,
      transcript: this.ctx?.state.lastTranscript,
      intent: this.ctx?.state.lastIntent,
      operatorAgent: this.operators.connected?.agent.id,
      startedAt: this.startedAt,
      answeredAt: this.answeredAt,
      endedAt: this.deps.clock.now(),
    });
  }

  /** The flow's (then the bridged conversation's) end of life; every wait is bounded by it. */
  private armDeadline(ms: number): void {
    this.deadline = this.deps.clock.now() + ms;
    this.arm('maxDuration', ms, 'timer.max_duration');
  }

  private arm(name: string, ms: number, event: MachineEvent): void {
    this.timers.arm(name, ms, () => this.fire(event));
  }
}
