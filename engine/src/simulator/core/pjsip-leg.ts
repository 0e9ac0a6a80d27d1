import type { ChannelLifecycle } from './channel-lifecycle';
import { CAUSE } from './hangup-causes';
import type { ChannelDriver, HangupOrder, SimChannel } from './sim-channel';
import type { SimTimer } from './sim-clock';
import { DialAttempt, type DialAttemptCallbacks } from './dial-attempt';
import type { WorldContext } from './world-context';

/** SIP status a never-dialled PJSIP channel ends its session with (captures/ari-10: 16 / 603). */
const NEVER_DIALLED_TECH_CAUSE = 603;
/** Cancelled by our originate timeout: cause 19, tech_cause 480 (captures/ari-09-originate-pjsip-noanswer). */
const TIMEOUT_TECH_CAUSE = 480;

/**
 * The driver of one PJSIP leg. Its hangup orders follow the captures: RTP statistics (if it had
 * media) → ChannelHangupRequest → [bridge leave, media stop, StasisEnd, STASISSTATUS] →
 * ChannelDestroyed; a shutdown leaves cause 0.
 */
export class PjsipLeg implements ChannelDriver {
  attempt?: DialAttempt;
  /** Told once the leg is gone (a Local `;2` dialling it reacts). */
  onGone?: (cause: number) => void;
  private timeoutTimer?: SimTimer;

  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
  ) {}

  hangup(channel: SimChannel, order: HangupOrder): void {
    if (channel.hangingUp || channel.destroyed) return;
    this.stopDialling();
    this.lc.requestHangup(channel, order);
    this.lc.teardown(channel);
    if (channel.createdNotDialled && order.source === 'api') {
      this.lc.requestHangup(channel, { source: 'far-end', cause: CAUSE.NORMAL_CLEARING, techCause: NEVER_DIALLED_TECH_CAUSE });
      this.finish(channel, CAUSE.NORMAL_CLEARING, NEVER_DIALLED_TECH_CAUSE);
      return;
    }
    this.finish(channel, order.source === 'shutdown' ? CAUSE.UNKNOWN : order.cause, order.techCause);
  }

  /**
   * Dials the scripted person behind `channel` (ARI originate or /dial). `timeoutSec` null = no
   * timeout; on timeout the leg is destroyed with 19/480 and nothing else (no request, no Dial).
   */
  dial(channel: SimChannel, number: string, dialstring: string, timeoutSec: number | null, afterAnswer: (channel: SimChannel) => void): void {
    channel.createdNotDialled = false;
    const callbacks: DialAttemptCallbacks = {
      onAnswered: (party) => {
        this.stopTimeout();
        party.onHangup = () => this.hangup(channel, { source: 'far-end', cause: CAUSE.NORMAL_CLEARING });
        afterAnswer(channel);
      },
      onFailed: (cause) => {
        this.stopTimeout();
        this.onGone?.(cause);
      },
    };
    const script = this.ctx.directory.lookup(number);
    this.attempt = new DialAttempt(this.lc, this.ctx.clock, { peer: channel, dialstring, number, script }, callbacks);
    if (timeoutSec !== null) this.timeoutTimer = channel.track(this.ctx.clock.after(timeoutSec * 1000, () => this.timeout(channel)));
    this.attempt.start();
  }

  private timeout(channel: SimChannel): void {
    this.timeoutTimer = undefined;
    const attempt = this.attempt;
    if (!attempt || (attempt.status !== 'dialing' && attempt.status !== 'ringing')) return;
    attempt.cancel();
    this.finish(channel, CAUSE.NO_ANSWER, TIMEOUT_TECH_CAUSE);
  }

  private stopDialling(): void {
    this.stopTimeout();
    this.attempt?.cancel();
  }

  private stopTimeout(): void {
    this.timeoutTimer?.cancel();
    this.timeoutTimer = undefined;
  }

  private finish(channel: SimChannel, cause: number, techCause?: number): void {
    this.lc.destroy(channel, cause, techCause);
    this.onGone?.(cause);
  }
}
