import type { ChannelLifecycle } from './channel-lifecycle';
import type { CustomerScript } from './customer-script';
import { finalDialStatus, sipToCause } from './hangup-causes';
import { PartySession } from './party-session';
import type { SimChannel } from './sim-channel';
import type { SimClock, SimTimer } from './sim-clock';

export interface DialAttemptSpec {
  /** The channel running Dial() (a Local `;2`); absent when ARI itself dials (originate, /dial). */
  readonly caller?: SimChannel;
  /** The PJSIP leg towards the scripted person. */
  readonly peer: SimChannel;
  readonly dialstring: string;
  readonly number: string;
  readonly script: CustomerScript;
}

export interface DialAttemptCallbacks {
  /** The peer rings: runs after its state change, before the `Dial RINGING` event. */
  readonly beforeRingingDial?: () => void;
  /** Runs after the `Dial RINGING` event. */
  readonly onRinging?: () => void;
  /** The peer answers: runs before anything is emitted (a Dial() caller sets DIALSTATUS first). */
  readonly beforeAnswer?: () => void;
  readonly onAnswered: (party: PartySession) => void;
  /** The far end refused; the peer is already destroyed with `cause`/`techCause`. */
  readonly onFailed: (cause: number, techCause: number) => void;
}

export type DialAttemptStatus = 'dialing' | 'ringing' | 'answered' | 'failed' | 'canceled';

/**
 * One outgoing INVITE to a scripted person, as `main/dial.c` reports it: `Dial ""`, optional
 * ringing, then the answer or the failure (`ChannelHangupRequest {cause, tech_cause}` → final
 * `Dial` → `ChannelDestroyed`, captures/ari-09-originate-pjsip-*.ari.txt). Timeouts belong to the
 * owner, which calls `cancel()`.
 */
export class DialAttempt {
  status: DialAttemptStatus = 'dialing';
  readonly party: PartySession;
  private settleTimer?: SimTimer;
  private ringTimer?: SimTimer;

  constructor(
    private readonly lc: ChannelLifecycle,
    private readonly clock: SimClock,
    private readonly spec: DialAttemptSpec,
    private readonly callbacks: DialAttemptCallbacks,
  ) {
    this.party = new PartySession(spec.script, spec.number, clock);
  }

  /** Later Dial events of a Dial() application carry an empty dialstring (captures/ari-09b). */
  private get laterDialstring(): string {
    return this.spec.caller ? '' : this.spec.dialstring;
  }

  start(): void {
    const { peer, script } = this.spec;
    this.lc.dial(this.spec.caller, peer, this.spec.dialstring, '');
    const ringSeconds = script.ringSeconds ?? 0;
    if (ringSeconds > 0 || script.outcome.kind === 'no-answer') this.ringTimer = this.clock.defer(() => this.ring());
    if (script.outcome.kind === 'no-answer') return;
    this.settleTimer = this.clock.after(ringSeconds * 1000, () => this.settle());
  }

  /** Stops the attempt without events (the owner reports the timeout or cancel). */
  cancel(): void {
    if (this.status === 'dialing' || this.status === 'ringing') this.status = 'canceled';
    this.settleTimer?.cancel();
    this.settleTimer = undefined;
    this.ringTimer?.cancel();
    this.ringTimer = undefined;
  }

  private ring(): void {
    this.ringTimer = undefined;
    if (this.status !== 'dialing') return;
    this.status = 'ringing';
    this.lc.setState(this.spec.peer, 'Ringing');
    this.callbacks.beforeRingingDial?.();
    this.lc.dial(this.spec.caller, this.spec.peer, this.laterDialstring, 'RINGING');
    this.callbacks.onRinging?.();
  }

  private settle(): void {
    this.settleTimer = undefined;
    if (this.status !== 'dialing' && this.status !== 'ringing') return;
    const outcome = this.spec.script.outcome;
    if (outcome.kind === 'answer') this.answer();
    else if (outcome.kind === 'reject') this.fail(outcome.cause ?? sipToCause(outcome.sipCode), outcome.sipCode);
  }

  private answer(): void {
    this.status = 'answered';
    this.ringTimer?.cancel();
    this.callbacks.beforeAnswer?.();
    const { peer } = this.spec;
    this.lc.setState(peer, 'Up');
    this.lc.dial(this.spec.caller, peer, this.laterDialstring, 'ANSWER');
    peer.party = this.party;
    this.party.answered();
    this.callbacks.onAnswered(this.party);
  }

  private fail(cause: number, techCause: number): void {
    this.status = 'failed';
    this.ringTimer?.cancel();
    const { peer } = this.spec;
    this.lc.requestHangup(peer, { source: 'far-end', cause, techCause });
    this.lc.dial(this.spec.caller, peer, this.laterDialstring, finalDialStatus(cause));
    this.lc.destroy(peer, cause, techCause);
    this.callbacks.onFailed(cause, techCause);
  }
}
