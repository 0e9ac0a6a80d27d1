import { isEngineError } from '../errors';
import type { CallEvent } from '../ports/call-event';
import type { TelephonyPort } from '../ports/telephony.port';
import type { Logger } from '../ports/logger.port';
import type { CallControl, ResultRecorder } from '../flow/step-context';
import type { EventInbox } from './event-inbox';
import type { OperatorLeg, OperatorTransferDeps } from './operator-transfer';
import { transferToOperator } from './operator-transfer';

export interface CallControlDeps {
  readonly channelId: string;
  readonly telephony: TelephonyPort;
  readonly inbox: EventInbox;
  readonly signal: AbortSignal;
  readonly log: Logger;
  readonly result: ResultRecorder;
  readonly isUp: () => boolean;
  /** Upper bound of a wait without its own timeout (the rest of the call's max duration). */
  readonly remainingMs: () => number;
  readonly operator: Omit<OperatorTransferDeps, 'media'> & { readonly media: OperatorTransferDeps['media'] };
  readonly onOperatorConnected: (leg: OperatorLeg) => void;
  /** Dialplan context that runs AMD() and returns to Stasis (dialplan/salehi-amd.conf). */
  readonly amdContext: string;
  /** The flow hung the customer up (Asterisk took the request, or the channel was already gone). */
  readonly onHangupSent?: () => void;
}

/** Hangup, waiting, AMD and operator transfer for one call. */
export class TelephonyCallControl implements CallControl {
  constructor(private readonly d: CallControlDeps) {}

  isUp(): boolean {
    return this.d.isUp();
  }

  async hangup(reason: 'normal' | 'busy' | 'congestion' = 'normal'): Promise<void> {
    try {
      await this.d.telephony.hangup(this.d.channelId, reason);
      this.d.onHangupSent?.();
    } catch (err) {
      this.d.log.debug({ err }, 'hangup');
    }
  }

  async waitForHangup(timeoutSec?: number): Promise<'hangup' | 'timeout'> {
    if (!this.d.isUp()) return 'hangup';
    const timeoutMs = Math.max(1, Math.min(timeoutSec ? timeoutSec * 1000 : Infinity, this.d.remainingMs()));
    try {
      await this.d.inbox.waitFor((e: CallEvent) => e.type === 'call.ended' && e.channelId === this.d.channelId, { timeoutMs, signal: this.d.signal, what: 'the caller to hang up' });
      return 'hangup';
    } catch (err) {
      if (isEngineError(err, 'CE_TELEPHONY_TIMEOUT')) return 'timeout';
      return 'hangup';
    }
  }

  async detectMachine(opts: { timeoutSec: number }): Promise<'human' | 'machine' | 'notsure'> {
    const back = this.d.inbox.waitFor((e: CallEvent) => e.type === 'call.entered' && e.channelId === this.d.channelId && e.args[0] === 'amd', {
      timeoutMs: (opts.timeoutSec + 5) * 1000,
      signal: this.d.signal,
      what: 'the call to come back from AMD',
    });
    back.catch(() => undefined);
    await this.d.telephony.continueInDialplan(this.d.channelId, { context: this.d.amdContext, extension: 's', priority: 1 });
    const entered = await back;
    const status = entered.type === 'call.entered' ? entered.args[2] ?? (await this.d.telephony.getVariable(this.d.channelId, 'AMDSTATUS')) : undefined;
    if (status === 'MACHINE') return 'machine';
    if (status === 'HUMAN') return 'human';
    return 'notsure';
  }

  async transferToOperator(opts: { agentType: 'inbound' | 'outbound'; holdPrompt?: string }): Promise<'connected' | 'failed'> {
    const leg = await transferToOperator(this.d.operator, opts.agentType, opts.holdPrompt);
    if (leg) {
      this.d.onOperatorConnected(leg);
      return 'connected';
    }
    // Said yes, then hung up before an operator answered: that is `disconnected`, not `hangup`.
    if (!this.d.isUp() || this.d.signal.aborted) this.d.result.set('disconnected', 'caller hung up before an operator answered');
    return 'failed';
  }
}
