import type { ChannelLifecycle } from './channel-lifecycle';
import type { DialAttempt } from './dial-attempt';
import { CAUSE, finalDialStatus } from './hangup-causes';
import type { PartySession } from './party-session';
import type { ChannelDriver, HangupOrder, SimChannel } from './sim-channel';
import type { SimTimer } from './sim-clock';

/**
 * Both halves of a `Local/<exten>@<context>` channel and the rules that tie them
 * (`main/core_unreal.c`, confirmed by captures/ari-08*, ari-09b, ari-11*): `;1` answers when `;2`
 * answers, `;2`'s hangup cause is queued onto `;1`, and a `;1` hung up after the far end ended
 * normally shows cause 0.
 */
export class LocalPair implements ChannelDriver {
  one!: SimChannel;
  two!: SimChannel;
  answered = false;
  ended = false;
  /** The Dial() that `;2` runs in a `dial` context, and the carrier leg it created. */
  attempt?: DialAttempt;
  carrier?: SimChannel;
  timeoutTimer?: SimTimer;
  /** What `;1` does once answered: enter Stasis, or run the dialplan. */
  afterAnswer: (channel: SimChannel) => void = () => undefined;

  constructor(
    private readonly lc: ChannelLifecycle,
    /** The originate dialstring without the tech (`100@customer-sim`, `486@ctx/n`). */
    readonly dialstring: string,
  ) {}

  /** `;2` indicated ringing: `;1` rings too (state and caller id, then its Dial RINGING). */
  ringOne(): void {
    this.ringOneState();
    this.ringOneDial();
  }

  ringOneState(): void {
    if (this.ended || this.one.state === 'Ringing') return;
    this.lc.setState(this.one, 'Ringing');
    this.lc.callerId(this.one);
  }

  ringOneDial(): void {
    if (!this.ended) this.lc.dial(undefined, this.one, this.dialstring, 'RINGING');
  }

  /** `;2` answered: `;1` goes Up and enters Stasis (or the dialplan). */
  answerOne(party: PartySession | undefined): void {
    if (this.ended) return;
    this.stopTimeout();
    this.answered = true;
    this.one.party = party;
    this.lc.setState(this.one, 'Up');
    this.lc.dial(undefined, this.one, this.dialstring, 'ANSWER');
    this.afterAnswer(this.one);
  }

  /** `;2`'s dialplan ended before any answer, with `cause` (Hangup() keeps the callee's cause). */
  failFromTwo(cause: number, hangupData: string, priority: number, localStatus?: string): void {
    if (this.ended) return;
    this.ended = true;
    this.stopTimeout();
    this.lc.dialplanStep(this.two, 'Hangup', hangupData, priority);
    this.lc.requestHangup(this.two, { source: 'dialplan', cause });
    if (localStatus !== undefined) this.lc.setVar(this.one, 'CHANLOCALSTATUS', localStatus);
    this.lc.requestHangup(this.one, { source: 'far-end', cause });
    this.lc.destroy(this.two, cause);
    this.lc.dial(undefined, this.one, this.dialstring, finalDialStatus(cause));
    this.lc.destroy(this.one, cause, undefined, () => this.lc.callerId(this.one));
  }

  /** The far end hung up after the answer and `;2`'s dialplan ran Hangup(). */
  endFromTwo(priority: number): void {
    if (this.ended) return;
    this.ended = true;
    this.hangUpCarrier({ source: 'far-end', cause: CAUSE.NORMAL_CLEARING });
    this.lc.dialplanStep(this.two, 'Hangup', '', priority);
    this.lc.requestHangup(this.two, { source: 'dialplan', cause: CAUSE.NORMAL_CLEARING });
    this.lc.requestHangup(this.one, { source: 'far-end', cause: CAUSE.NORMAL_CLEARING });
    this.lc.destroy(this.two, CAUSE.NORMAL_CLEARING);
    this.lc.teardown(this.one);
    this.lc.destroy(this.one, CAUSE.UNKNOWN);
  }

  /** The originate timeout expired before `;2` answered. */
  timeout(): void {
    if (this.ended || this.answered) return;
    this.ended = true;
    this.lc.requestHangup(this.two, { source: 'far-end', cause: CAUSE.NO_ANSWER });
    this.lc.destroy(this.one, CAUSE.NO_ANSWER);
    this.cancelInnerDial();
    this.lc.requestHangup(this.two, { source: 'dialplan', cause: CAUSE.NORMAL_CLEARING });
    this.lc.destroy(this.two, CAUSE.NO_ANSWER);
  }

  hangup(channel: SimChannel, order: HangupOrder): void {
    if (this.ended || channel.hangingUp || channel.destroyed) return;
    this.ended = true;
    this.stopTimeout();
    if (order.source === 'shutdown') this.shutdown();
    else if (channel === this.one) this.hangupOne(order);
    else this.hangupTwo(order);
  }

  /** `;1` hung up by the API or AMI: the request crosses to `;2` with the same cause. */
  private hangupOne(order: HangupOrder): void {
    this.lc.requestHangup(this.one, order);
    this.lc.teardown(this.one);
    this.lc.requestHangup(this.two, { source: 'far-end', cause: order.cause });
    this.lc.destroy(this.one, order.cause);
    if (this.answered && this.carrier) {
      this.hangUpCarrier({ source: 'far-end', cause: order.cause });
      this.lc.setVar(this.two, 'DIALSTATUS', 'ANSWER');
    } else this.cancelInnerDial();
    this.lc.requestHangup(this.two, { source: 'dialplan', cause: CAUSE.NORMAL_CLEARING });
    this.lc.destroy(this.two, order.cause);
  }

  /** `;2` hung up from outside: like the far end ending, with the given cause. */
  private hangupTwo(order: HangupOrder): void {
    this.lc.requestHangup(this.two, order);
    this.hangUpCarrier({ source: 'far-end', cause: order.cause });
    this.cancelInnerDial();
    this.lc.requestHangup(this.one, { source: 'far-end', cause: order.cause });
    this.lc.destroy(this.two, order.cause);
    this.lc.teardown(this.one);
    this.lc.destroy(this.one, this.answered ? CAUSE.UNKNOWN : order.cause);
  }

  /** `core restart now` (captures/ari-11b-restart.ari.txt). */
  private shutdown(): void {
    this.lc.requestHangup(this.one, { source: 'shutdown', cause: CAUSE.UNKNOWN });
    this.lc.requestHangup(this.two, { source: 'shutdown', cause: CAUSE.UNKNOWN });
    this.lc.teardown(this.one);
    this.lc.requestHangup(this.two, { source: 'far-end', cause: CAUSE.UNKNOWN });
    this.lc.destroy(this.one, CAUSE.UNKNOWN);
    this.hangUpCarrier({ source: 'shutdown', cause: CAUSE.UNKNOWN });
    this.cancelInnerDial();
    this.lc.requestHangup(this.two, { source: 'dialplan', cause: CAUSE.NORMAL_CLEARING });
    this.lc.destroy(this.two, CAUSE.UNKNOWN);
  }

  /** The inner Dial() is abandoned: its CANCEL and DIALSTATUS (captures/ari-09b, 4 s timeout). */
  private cancelInnerDial(): void {
    const attempt = this.attempt;
    const carrier = this.carrier;
    if (!attempt || !carrier || carrier.destroyed || (attempt.status !== 'dialing' && attempt.status !== 'ringing')) return;
    attempt.cancel();
    this.lc.dial(this.two, carrier, '', 'CANCEL');
    this.lc.setVar(this.two, 'DIALSTATUS', 'CANCEL');
    this.lc.destroy(carrier, CAUSE.NO_ANSWER);
  }

  private hangUpCarrier(order: HangupOrder): void {
    const carrier = this.carrier;
    if (!carrier || carrier.destroyed || !this.answered) return;
    this.lc.requestHangup(carrier, order);
    this.lc.teardown(carrier);
    this.lc.destroy(carrier, order.source === 'shutdown' ? CAUSE.UNKNOWN : order.cause);
  }

  private stopTimeout(): void {
    this.timeoutTimer?.cancel();
    this.timeoutTimer = undefined;
  }
}
