import type { ChannelLifecycle } from './channel-lifecycle';
import { NO_APP, newPjsipChannel } from './channel-factory';
import { CAUSE } from './hangup-causes';
import { PartySession } from './party-session';
import { PjsipLeg } from './pjsip-leg';
import type { WorldContext } from './world-context';
import type { ChannelSnapshot } from './world-model';
import { fail, ok, type WorldResult } from './world-result';

export interface InboundCallSpec {
  /** The caller's number; also picks their script in the PartyDirectory. */
  readonly from: string;
  readonly fromName?: string;
  /** The dialled number (DID): the extension the call lands on. */
  readonly did: string;
  /** Trunk it arrives on; default the world's default trunk. */
  readonly trunk?: string;
  /** Context it lands in; default the trunk's context. */
  readonly context?: string;
  readonly channelId?: string;
}

/**
 * Calls from simulated customers into the PBX. The dialplan part (FastAGI vetting) is driven
 * from outside through `dialplanStep`, `setVariable` and `enterStasis`, as the AGI simulator does.
 */
export class InboundCalls {
  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
  ) {}

  /** A new inbound PJSIP channel in state Ring at `<context>,<did>,1`. */
  start(spec: InboundCallSpec): WorldResult<ChannelSnapshot> {
    const trunk = spec.trunk ?? this.ctx.defaultTrunk;
    const id = spec.channelId || this.ctx.ids.uniqueId();
    if (this.ctx.channels.has(id)) return fail('channel-id-taken');
    if (!this.ctx.endpoints.config(trunk)) return fail('allocation-failed');
    const leg = new PjsipLeg(this.ctx, this.lc);
    const caller = { name: spec.fromName ?? '', number: spec.from };
    const channel = newPjsipChannel(this.ctx, { id, resource: trunk, exten: spec.did, caller, connected: { name: '', number: '' }, app: NO_APP, driver: leg });
    channel.state = 'Ring';
    if (spec.context) channel.dialplan = { ...channel.dialplan, context: spec.context };
    const party = new PartySession(this.ctx.directory.lookup(spec.from), spec.from, this.ctx.clock);
    party.onHangup = () => leg.hangup(channel, { source: 'far-end', cause: CAUSE.NORMAL_CLEARING });
    channel.party = party;
    this.lc.register(channel);
    return ok(channel.snapshot());
  }

  /** The channel runs a dialplan application (ChannelDialplan). */
  dialplanStep(channelId: string, app: string, appData: string, priority?: number): WorldResult<void> {
    const channel = this.ctx.channels.get(channelId);
    if (!channel) return fail('channel-not-found');
    this.lc.dialplanStep(channel, app, appData, priority);
    return ok(undefined);
  }

  /** `Answer()` / AGI ANSWER: no Stasis needed. */
  answer(channelId: string): WorldResult<void> {
    const channel = this.ctx.channels.get(channelId);
    if (!channel) return fail('channel-not-found');
    if (channel.state !== 'Up') {
      this.lc.setState(channel, 'Up');
      channel.party?.answered();
    }
    return ok(undefined);
  }

  /** `Set()` / AGI SET VARIABLE / AMI Setvar: no Stasis needed. */
  setVariable(channelId: string, name: string, value: string): WorldResult<void> {
    const channel = this.ctx.channels.get(channelId);
    if (!channel) return fail('channel-not-found');
    this.lc.setVar(channel, name, value);
    return ok(undefined);
  }

  /** `Stasis(app,args)` from the dialplan; false-y result when the app is not active. */
  enterStasis(channelId: string, app: string, args: readonly string[]): WorldResult<boolean> {
    const channel = this.ctx.channels.get(channelId);
    if (!channel) return fail('channel-not-found');
    return ok(this.lc.enterStasis(channel, app, args, true));
  }
}
