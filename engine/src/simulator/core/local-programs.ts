import type { ChannelLifecycle } from './channel-lifecycle';
import { DIALED_APP, newPjsipChannel } from './channel-factory';
import { DialAttempt, type DialAttemptCallbacks } from './dial-attempt';
import { CAUSE, dialStatusVariable, sipToCause } from './hangup-causes';
import type { LocalPair } from './local-pair';
import { PartySession } from './party-session';
import { PjsipLeg } from './pjsip-leg';
import type { SimChannel } from './sim-channel';
import type { DialplanContextConfig, WorldContext } from './world-context';

/** How long `Wait()` lasts when the script gives no hangup time (an hour: "until hung up"). */
const WAIT_FOREVER_SECONDS = 3600;

/**
 * What the `;2` half of a Local channel runs, per kind of context (see DialplanContextConfig).
 * Event orders follow captures/ari-09b-local-dial-outcomes.ari.txt (dial), ari-08* (party).
 */
export class LocalPrograms {
  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
  ) {}

  start(pair: LocalPair, context: DialplanContextConfig, exten: string): void {
    if (context.kind === 'dial') this.runDial(pair, context, exten);
    else if (context.kind === 'party') this.runParty(pair, exten);
    // `amd` is for a channel coming back from Stasis; a Local channel sent there answers and ends at once.
    else this.runPark(pair, context.kind === 'park' ? context.waitSeconds : 0);
  }

  private trunkFor(pair: LocalPair, context: Extract<DialplanContextConfig, { kind: 'dial' }>): string {
    const fromVariable = context.trunkVariable ? pair.two.variables.get(context.trunkVariable) : undefined;
    return fromVariable || context.trunk || this.ctx.defaultTrunk;
  }

  /** `NoOp`, `Dial(PJSIP/<exten>@<trunk>)`, then `Hangup()` keeping the callee's cause. */
  private runDial(pair: LocalPair, context: Extract<DialplanContextConfig, { kind: 'dial' }>, exten: string): void {
    const two = pair.two;
    const trunk = this.trunkFor(pair, context);
    this.lc.dialplanStep(two, 'NoOp', `dial ${exten} via ${trunk}`, 1);
    this.lc.dialplanStep(two, 'Dial', `PJSIP/${exten}@${trunk}`, 2);
    if (!this.ctx.endpoints.config(trunk) || !this.ctx.endpoints.isOnline(trunk)) {
      this.lc.setVar(two, 'DIALSTATUS', 'CHANUNAVAIL');
      pair.failFromTwo(CAUSE.NO_ROUTE_DESTINATION, '', 3, 'CHANUNAVAIL');
      return;
    }
    const leg = new PjsipLeg(this.ctx, this.lc);
    const carrier = this.newCarrier(pair, leg, trunk, exten);
    const script = this.ctx.directory.lookup(exten);
    const spec = { caller: two, peer: carrier, dialstring: `${exten}@${trunk}`, number: exten, script };
    const attempt = new DialAttempt(this.lc, this.ctx.clock, spec, this.dialCallbacks(pair, carrier));
    pair.attempt = attempt;
    leg.attempt = attempt;
    attempt.start();
    if (!carrier.destroyed) this.lc.connectedLine(two);
  }

  /** The PJSIP leg Dial() creates towards the carrier (no app is subscribed to it). */
  private newCarrier(pair: LocalPair, leg: PjsipLeg, trunk: string, exten: string): SimChannel {
    const carrier = newPjsipChannel(this.ctx, {
      id: this.ctx.ids.uniqueId(),
      resource: trunk,
      exten,
      caller: pair.two.caller,
      connected: { name: '', number: '' },
      app: DIALED_APP,
      driver: leg,
      linkedId: pair.two.linkedId,
    });
    this.lc.register(carrier);
    pair.carrier = carrier;
    leg.onGone = () => {
      if (pair.answered) pair.endFromTwo(3);
    };
    return carrier;
  }

  /** How `;2` and `;1` follow the carrier leg (captures/ari-09b-local-dial-outcomes.ari.txt). */
  private dialCallbacks(pair: LocalPair, carrier: SimChannel): DialAttemptCallbacks {
    const two = pair.two;
    return {
      beforeRingingDial: () => pair.ringOneState(),
      onRinging: () => pair.ringOneDial(),
      beforeAnswer: () => this.lc.setVar(two, 'DIALSTATUS', 'ANSWER'),
      onAnswered: (party) => {
        party.onHangup = () => pair.endFromTwo(3);
        pair.answerOne(party);
        if (pair.ended) return;
        this.lc.setState(two, 'Up');
        this.lc.setVar(two, 'BRIDGEPEER', carrier.name);
      },
      onFailed: (cause) => {
        const status = dialStatusVariable(cause);
        this.lc.setVar(two, 'DIALSTATUS', status);
        const noAnswer = status === 'NOANSWER';
        pair.failFromTwo(noAnswer ? CAUSE.NO_ANSWER : cause, noAnswer ? '19' : '', 3, status);
      },
    };
  }

  /** The extension is the scripted person: [Ringing, Wait], then Answer + Wait, or Hangup(cause). */
  private runParty(pair: LocalPair, exten: string): void {
    const two = pair.two;
    const party = new PartySession(this.ctx.directory.lookup(exten), exten, this.ctx.clock);
    const { script } = party;
    const ringSeconds = script.ringSeconds ?? 0;
    let priority = 1;
    if (ringSeconds > 0 || script.outcome.kind === 'no-answer') {
      this.lc.dialplanStep(two, 'Ringing', '', priority++);
      pair.ringOne();
    }
    if (script.outcome.kind === 'no-answer') {
      this.lc.dialplanStep(two, 'Wait', String(WAIT_FOREVER_SECONDS), priority);
      return;
    }
    if (ringSeconds > 0) this.lc.dialplanStep(two, 'Wait', String(ringSeconds), priority++);
    const at = priority;
    two.track(this.ctx.clock.after(ringSeconds * 1000, () => this.settleParty(pair, party, at)));
  }

  private settleParty(pair: LocalPair, party: PartySession, priority: number): void {
    const outcome = party.script.outcome;
    if (outcome.kind === 'reject') {
      const cause = outcome.cause ?? sipToCause(outcome.sipCode);
      pair.failFromTwo(cause, String(cause), priority);
      return;
    }
    const two = pair.two;
    this.lc.dialplanStep(two, 'Answer', '', priority);
    this.lc.setState(two, 'Up');
    two.party = party;
    party.onHangup = () => pair.endFromTwo(priority + 2);
    pair.answerOne(party);
    party.answered();
    if (pair.ended) return;
    this.lc.dialplanStep(two, 'Wait', String(party.script.hangupAfterSeconds ?? WAIT_FOREVER_SECONDS), priority + 1);
  }

  /** `Answer`, `Wait(n)`, then the dialplan ends. */
  private runPark(pair: LocalPair, waitSeconds: number): void {
    const two = pair.two;
    this.lc.dialplanStep(two, 'Answer', '', 1);
    this.lc.setState(two, 'Up');
    pair.answerOne(undefined);
    if (pair.ended) return;
    this.lc.dialplanStep(two, 'Wait', String(waitSeconds), 2);
    two.track(this.ctx.clock.after(waitSeconds * 1000, () => pair.endFromTwo(3)));
  }
}
