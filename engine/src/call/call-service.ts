import { randomUUID } from 'node:crypto';
import type { CallEvent } from '../ports/call-event';
import { channelIdOf } from '../ports/call-event';
import type { Logger } from '../ports/logger.port';
import type { TelephonyPort } from '../ports/telephony.port';
import type { CallInfo } from '../flow/step-context';
import type { CallReport } from './call-report';
import type { CallSession } from './call-session';
import type { ScenarioCatalog } from './scenario-catalog';
import type { SessionRegistry } from './session-registry';
import type { InboundReservations } from './inbound-reservations';

/** What the dialer (or an API caller) asks for: one outbound call. The dial string is already validated. */
export interface OutboundCallRequest {
  readonly phone: string;
  /** Full dial string, e.g. `PJSIP/09121234567@trunk`. */
  readonly endpoint: string;
  readonly callerId?: string;
  readonly line?: string;
  readonly campaignId?: string;
  readonly attemptId?: string;
  /** Scenario name; default: the next enabled one (round-robin). */
  readonly scenario?: string;
  readonly timeoutSec?: number;
  readonly variables?: Readonly<Record<string, string>>;
}

/** Application arguments of the channels the engine originates itself (outbound calls, operator legs, AMD returns). */
const STRAY_ARGS: ReadonlySet<string> = new Set(['outbound', 'operator', 'amd']);

/** Creates a session for a call (call-scope.ts: one child container per call). */
export type SessionFactory = (info: CallInfo, scenarioName: string, originationTimeoutSec?: number) => CallSession;

export interface CallServiceDeps {
  readonly telephony: TelephonyPort;
  readonly registry: SessionRegistry;
  readonly catalog: ScenarioCatalog;
  readonly createSession: SessionFactory;
  readonly logger: Logger;
  /** Called once per finished call with its report (store, reporters). Must not throw. */
  readonly onReport: (report: CallReport) => void;
  /** Line slots reserved by FastAGI vetting; an inbound call takes its slot over for its lifetime. */
  readonly reservations?: InboundReservations;
}

/**
 * The entry to calls: places outbound calls, adopts inbound channels that reach our application
 * with `inbound` arguments, and routes every telephony event to the session that owns its channel.
 */
export class CallService {
  private unsubscribe?: () => void;
  private accepting = true;

  constructor(private readonly d: CallServiceDeps) {}

  start(): void {
    this.d.telephony.setChannelDirectory(this.d.registry);
    this.unsubscribe = this.d.telephony.onEvent((e) => this.onEvent(e));
  }

  /** Places a call; resolves with its report when the call is over (never rejects for call outcomes). */
  async placeOutbound(req: OutboundCallRequest): Promise<CallReport> {
    const callId = req.attemptId ?? randomUUID();
    const info: CallInfo = {
      callId,
      channelId: `salehi-${callId}`,
      direction: 'outbound',
      phone: req.phone,
      ...(req.campaignId ? { campaignId: req.campaignId } : {}),
      ...(req.attemptId ? { attemptId: req.attemptId } : {}),
      ...(req.line ? { line: req.line } : {}),
    };
    const scenario = this.d.catalog.nextOutbound(req.scenario);
    const session = this.d.createSession(info, scenario.name, req.timeoutSec);
    // Registered before the originate: the channel's first events may beat the HTTP answer.
    this.d.registry.add(session, info.channelId);
    void session.done.then((r) => this.d.onReport(r));
    await session.originate({
      endpoint: req.endpoint,
      ...(req.callerId ? { callerId: req.callerId } : {}),
      ...(req.timeoutSec ? { timeoutSec: req.timeoutSec } : {}),
      appArgs: ['outbound', callId],
      variables: { SALEHI_CALL_ID: callId, ...(req.variables ?? {}) },
    });
    return session.done;
  }

  /** True while the PBX event link is up: originates would otherwise be refused (and count as failures). */
  isReady(): boolean {
    return this.d.telephony.isConnected();
  }

  /** Stops adopting new inbound calls (shutdown); live calls go on. */
  stopAccepting(): void {
    this.accepting = false;
  }

  stop(): void {
    this.unsubscribe?.();
  }

  private onEvent(event: CallEvent): void {
    const channelId = channelIdOf(event);
    if (this.d.registry.dispatch(event, channelId)) return;
    if (event.type !== 'call.entered') return;
    if (event.args[0] === 'inbound') return this.adoptInbound(event);
    if (STRAY_ARGS.has(event.args[0] ?? '')) this.hangupStray(event);
  }

  /**
   * One of our own channels entered the application after its call was over: a customer who answers
   * after an originate that timed out, an operator who picks up after a hangup that was lost. Nobody
   * will ever talk to it, so it is hung up instead of left in silence.
   */
  private hangupStray(event: Extract<CallEvent, { type: 'call.entered' }>): void {
    this.d.logger.warn({ channelId: event.channelId, args: event.args }, 'a channel of a finished call entered the application; hanging it up');
    void this.d.telephony.hangup(event.channelId, 'normal').catch(() => false);
  }

  private adoptInbound(event: Extract<CallEvent, { type: 'call.entered' }>): void {
    if (!this.accepting) {
      this.d.logger.warn({ channelId: event.channelId }, 'shutting down: refusing an inbound call');
      void this.d.telephony.hangup(event.channelId, 'congestion').catch(() => false);
      return;
    }
    const callId = event.args[1] || randomUUID();
    const phone = normaliseCaller(event.channel.callerNumber);
    const info: CallInfo = { callId, channelId: event.channelId, direction: 'inbound', phone, ...(event.args[3] ? { line: event.args[3] } : {}) };
    const scenario = event.args[2] && event.args[2] !== 'default' ? event.args[2] : this.d.catalog.nextInbound().name;
    let session: CallSession;
    try {
      session = this.d.createSession(info, scenario);
    } catch (err) {
      this.d.logger.error({ err, scenario }, 'cannot start an inbound call session');
      void this.d.telephony.hangup(event.channelId, 'congestion').catch(() => false);
      return;
    }
    this.d.registry.add(session, info.channelId);
    const lease = this.d.reservations?.take(callId);
    void session.done.then((r) => {
      lease?.release();
      this.d.onReport(r);
    });
    session.adoptEntered(event);
  }
}

/**
 * Caller numbers: digits only; a 10-digit Iranian number gets its leading 0 (legacy rule), and an
 * international Iranian number (98 / 0098 + 10 digits, as some trunks present it) becomes the same
 * national `0…` form the dialer dials and checks the DNC list with, so one person is one DNC entry.
 */
export function normaliseCaller(raw: string): string {
  const digits = raw.replace(/\D/g, '');
  if (digits.length === 12 && digits.startsWith('98')) return `0${digits.slice(2)}`;
  if (digits.length === 14 && digits.startsWith('0098')) return `0${digits.slice(4)}`;
  return digits.length === 10 && !digits.startsWith('0') ? `0${digits}` : digits;
}
