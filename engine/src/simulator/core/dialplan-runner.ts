import { AmdApplication } from './amd-application';
import type { ChannelLifecycle } from './channel-lifecycle';
import type { SimChannel } from './sim-channel';
import type { WorldContext } from './world-context';

export interface DialplanLocation {
  readonly context: string;
  readonly exten: string;
  readonly priority: number;
}

/**
 * Runs a channel that leaves Stasis (continue) or an answered extension-form originate in the
 * dialplan. `park` contexts run Wait(n), then the dialplan ends; `amd` contexts run AMD() and go
 * back to Stasis (amd-application.ts); anywhere else the dialplan ends at once, which hangs the
 * channel up with the soft flag 16.
 */
export class DialplanRunner {
  private readonly amd: AmdApplication;

  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
  ) {
    this.amd = new AmdApplication(ctx, lc);
  }

  run(channel: SimChannel, location: DialplanLocation): void {
    channel.dialplan = { ...channel.dialplan, context: location.context, exten: location.exten, priority: location.priority };
    const context = this.ctx.contexts.get(location.context);
    if (context?.kind === 'amd' && location.exten === 's') {
      this.amd.run(channel, context.app, location.priority);
      return;
    }
    if (context?.kind === 'park') {
      this.lc.dialplanStep(channel, 'Wait', String(context.waitSeconds), location.priority);
      channel.track(this.ctx.clock.after(context.waitSeconds * 1000, () => this.endOf(channel)));
      return;
    }
    channel.track(this.ctx.clock.defer(() => this.endOf(channel)));
  }

  private endOf(channel: SimChannel): void {
    if (!channel.destroyed && !channel.stasis) channel.driver.hangup(channel, { source: 'dialplan', cause: 16 });
  }
}
