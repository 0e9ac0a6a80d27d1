import type { ChannelLifecycle } from './channel-lifecycle';
import type { AmdVerdict, CustomerScript } from './customer-script';
import { CAUSE } from './hangup-causes';
import type { SimChannel } from './sim-channel';
import type { WorldContext } from './world-context';

/** Priorities of `[salehi-amd]` in dialplan/salehi-amd.conf. */
const NOOP = 1;
const AMD = 2;
const STASIS = 3;
const HANGUP = 4;

/** amd.conf defaults: 2.5 s of initial silence is a machine; a short greeting then silence is a person. */
const SILENT_VERDICT: AmdVerdict = { status: 'MACHINE', cause: 'INITIALSILENCE-2500-2500', seconds: 2.5 };
const SPEAKER_VERDICT: AmdVerdict = { status: 'HUMAN', cause: 'HUMAN-815-800', seconds: 3 };
/** Nobody scripted on the line: AMD runs out of analysis time (total_analysis_time 5000 ms). */
const NOBODY_VERDICT: AmdVerdict = { status: 'NOTSURE', cause: 'TOOLONG-5000', seconds: 5 };

/** What AMD() decides about the person on a channel: their script's verdict, else from how they answer. */
export function amdVerdictFor(script: CustomerScript | undefined): AmdVerdict {
  if (!script) return NOBODY_VERDICT;
  if (script.amd) return script.amd;
  return script.utterances?.[0] ? SPEAKER_VERDICT : SILENT_VERDICT;
}

/**
 * The `[salehi-amd]` context as Asterisk runs it after the engine's ARI `continue`:
 *
 *   s,1 NoOp(Salehi AMD for ${SALEHI_CALL_ID})
 *   s,2 AMD()                                       AMDSTATUS / AMDCAUSE after the analysis
 *   s,3 Stasis(salehi,amd,${SALEHI_CALL_ID},${AMDSTATUS})   StasisStart with those args
 *   s,4 Hangup()                                    only when Stasis() fails (app not connected)
 *
 * The app keeps the channel's events after StasisEnd (captures/ari-08b, the `continue` case), so
 * it sees ChannelDialplan for each priority and the AMDSTATUS/AMDCAUSE ChannelVarsets (the order
 * of captures/ami-07-amd). A hangup during the analysis sets AMDSTATUS=HANGUP (app_amd.c) and the
 * dialplan stops there: no StasisStart.
 */
export class AmdApplication {
  /** Channels inside AMD() right now (objects, not ids: ids are reused after a simulated crash). */
  private readonly analysing = new WeakSet<SimChannel>();

  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
  ) {
    lc.onTeardown((channel) => {
      if (!this.analysing.delete(channel)) return;
      this.lc.setVar(channel, 'AMDSTATUS', 'HANGUP');
      this.lc.setVar(channel, 'AMDCAUSE', '');
    });
  }

  /** Runs the context from `priority` (the engine continues to `s,1`); the first step comes after the REST answer. */
  run(channel: SimChannel, app: string, priority: number): void {
    channel.track(this.ctx.clock.defer(() => this.step(channel, app, Math.max(NOOP, priority))));
  }

  private step(channel: SimChannel, app: string, priority: number): void {
    if (channel.destroyed || channel.hangingUp || channel.stasis) return;
    const callId = channel.variables.get('SALEHI_CALL_ID') ?? '';
    switch (priority) {
      case NOOP:
        this.lc.dialplanStep(channel, 'NoOp', `Salehi AMD for ${callId}`, NOOP);
        return this.step(channel, app, AMD);
      case AMD:
        return this.analyse(channel, app);
      case STASIS: {
        channel.dialplan = { ...channel.dialplan, priority: STASIS };
        const status = channel.variables.get('AMDSTATUS') ?? '';
        if (this.lc.enterStasis(channel, app, ['amd', callId, status], true)) return;
        return this.step(channel, app, HANGUP);
      }
      default:
        this.lc.dialplanStep(channel, 'Hangup', '', HANGUP);
        channel.driver.hangup(channel, { source: 'dialplan', cause: CAUSE.NORMAL_CLEARING });
    }
  }

  private analyse(channel: SimChannel, app: string): void {
    const verdict = amdVerdictFor(channel.party?.script);
    this.lc.dialplanStep(channel, 'AMD', '', AMD);
    this.analysing.add(channel);
    channel.track(
      this.ctx.clock.after((verdict.seconds ?? 3) * 1000, () => {
        if (!this.analysing.delete(channel)) return;
        this.lc.setVar(channel, 'AMDSTATUS', verdict.status);
        this.lc.setVar(channel, 'AMDCAUSE', verdict.cause ?? '');
        this.step(channel, app, STASIS);
      }),
    );
  }
}
