import { causeText, SOFT_HANGUP } from './hangup-causes';
import type { HangupOrder, SimChannel } from './sim-channel';
import type { WorldContext } from './world-context';
import type { ChannelState } from './world-model';

/** Run while a channel is being torn down (stop its media, take it out of its bridge). */
export type TeardownHook = (channel: SimChannel) => void;

/** The RTP statistics a PJSIP channel sets just before its hangup request (captures/ari-09-*-answered). */
const RTP_QOS: ReadonlyArray<readonly [string, string]> = [
  ['RTPAUDIOQOS', 'ssrc=860765904;themssrc=493316866;lp=0;rxjitter=0.000000;rxcount=25;txjitter=0.000000;txcount=0;rlp=0;rtt=0.000000;rxmes=0.000000;txmes=0.000000'],
  ['RTPAUDIOQOSJITTER', 'minrxjitter=000.000000;maxrxjitter=000.000000;avgrxjitter=000.000000;stdevrxjitter=000.000000;mintxjitter=000.000000;maxtxjitter=000.000000;avgtxjitter=000.000000;stdevtxjitter=000.000000;'],
  ['RTPAUDIOQOSLOSS', '  minrxlost=000.000000;  maxrxlost=000.000000;  avgrxlost=000.000000;  stdevrxlost=000.000000;  mintxlost=000.000000;  maxtxlost=000.000000;  avgtxlost=000.000000;  stdevtxlost=000.000000;'],
  ['RTPAUDIOQOSRTT', '     minrtt=000.000000;     maxrtt=000.000000;     avgrtt=000.000000;     stdevrtt=000.000000;'],
  ['RTPAUDIOQOSMES', '   minrxmes=000.000000;   maxrxmes=000.000000;   avgrxmes=000.000000;   stdevrxmes=000.000000;   mintxmes=000.000000;   maxtxmes=000.000000;   avgtxmes=000.000000;   stdevtxmes=000.000000;'],
];

const SOFT_FLAG: Readonly<Record<string, number>> = {
  api: SOFT_HANGUP.EXPLICIT,
  dialplan: SOFT_HANGUP.APPUNLOAD,
  shutdown: SOFT_HANGUP.SHUTDOWN,
};

/**
 * The building blocks of every channel's life: each mutates the channel and emits the matching
 * world event, so the call flows read like the event sequences in the captures.
 */
export class ChannelLifecycle {
  private readonly teardownHooks: TeardownHook[] = [];

  constructor(private readonly ctx: WorldContext) {}

  onTeardown(hook: TeardownHook): void {
    this.teardownHooks.push(hook);
  }

  /** Adds a new channel to the world (ChannelCreated reaches only apps subscribed at that moment). */
  register(channel: SimChannel): void {
    this.ctx.channels.add(channel);
    this.emit(channel, { type: 'channel.created', channel: channel.snapshot() });
  }

  setState(channel: SimChannel, state: ChannelState): void {
    if (channel.state === state) return;
    channel.state = state;
    if (state === 'Up') channel.everUp = true;
    this.emit(channel, { type: 'channel.state-changed', channel: channel.snapshot() });
  }

  setVar(channel: SimChannel, variable: string, value: string): void {
    channel.variables.set(variable, value);
    this.emit(channel, { type: 'channel.varset', channel: channel.snapshot(), variable, value });
  }

  /** The channel executes a dialplan application at `priority` (ChannelDialplan). */
  dialplanStep(channel: SimChannel, app: string, appData: string, priority?: number): void {
    channel.setApp(app, appData, priority);
    this.emit(channel, { type: 'channel.dialplan', channel: channel.snapshot(), app, appData });
  }

  /** ChannelCallerId; presentation 0 = allowed, 67 = number unavailable (a Local half being cleared). */
  callerId(channel: SimChannel, presentation: 0 | 67 = 0): void {
    const presentationText = presentation === 0 ? 'Presentation Allowed, Not Screened' : 'Number Unavailable';
    this.emit(channel, { type: 'channel.callerid', channel: channel.snapshot(), presentation, presentationText });
  }

  connectedLine(channel: SimChannel): void {
    this.emit(channel, { type: 'channel.connected-line', channel: channel.snapshot() });
  }

  dial(caller: SimChannel | undefined, peer: SimChannel, dialstring: string, dialstatus: string): void {
    const channels = caller ? [caller.id, peer.id] : [peer.id];
    const body = { type: 'dial', peer: peer.snapshot(), dialstring, dialstatus, forward: '' } as const;
    this.ctx.bus.emit(caller ? { ...body, caller: caller.snapshot() } : body, { channels });
  }

  /** Emits the hangup request for `order` (RTP statistics first on a PJSIP leg that had media). */
  requestHangup(channel: SimChannel, order: HangupOrder): void {
    channel.hangingUp = true;
    if (order.source === 'manager') return;
    if (channel.technology === 'PJSIP' && channel.everUp) {
      for (const [variable, value] of RTP_QOS) this.setVar(channel, variable, value);
    }
    const flag = SOFT_FLAG[order.source];
    const base = { type: 'channel.hangup-requested', channel: channel.snapshot() } as const;
    if (flag !== undefined) this.emit(channel, { ...base, cause: flag, soft: true });
    else this.emit(channel, { ...base, cause: order.cause, soft: false, ...(order.techCause ? { techCause: order.techCause } : {}) });
  }

  /** Puts the channel into Stasis `app`; false when the app is not active (STASISSTATUS=FAILED). */
  enterStasis(channel: SimChannel, app: string, args: readonly string[], announceDialplan = false): boolean {
    const appData = [app, ...args].join(',');
    if (announceDialplan) this.dialplanStep(channel, 'Stasis', appData);
    else channel.setApp('Stasis', appData);
    this.setVar(channel, 'STASISSTATUS', '');
    if (!this.ctx.apps.isActive(app)) {
      this.ctx.log.warn({ app, channelId: channel.id }, 'Stasis app not active');
      this.setVar(channel, 'STASISSTATUS', 'FAILED');
      return false;
    }
    this.ctx.apps.subscribe(app, 'channel', channel.id);
    channel.stasis = { app, args };
    this.emit(channel, { type: 'stasis.started', app, args, channel: channel.snapshot() });
    return true;
  }

  /** StasisEnd; `statusNow` also sets STASISSTATUS=SUCCESS (a hangup), else it is owed (continue). */
  leaveStasis(channel: SimChannel, statusNow: boolean): void {
    const stasis = channel.stasis;
    if (!stasis) return;
    channel.stasis = undefined;
    this.emit(channel, { type: 'stasis.ended', app: stasis.app, channel: channel.snapshot() });
    if (statusNow) this.setVar(channel, 'STASISSTATUS', 'SUCCESS');
    else channel.stasisStatusOwed = true;
  }

  /** Stops the channel's media, takes it out of its bridge and out of Stasis. */
  teardown(channel: SimChannel): void {
    for (const hook of this.teardownHooks) hook(channel);
    if (channel.stasis) this.leaveStasis(channel, true);
    else if (channel.stasisStatusOwed) this.setVar(channel, 'STASISSTATUS', 'SUCCESS');
    channel.stasisStatusOwed = false;
  }

  /**
   * ChannelDestroyed, then the channel is gone from the world. `epilogue` emits what Asterisk
   * still delivers after the destroy (a Local `;1` caller-id update, captures/ari-09b).
   */
  destroy(channel: SimChannel, cause: number, techCause?: number, epilogue?: () => void): void {
    if (channel.destroyed) return;
    channel.destroyed = true;
    channel.cancelTimers();
    channel.party?.end();
    channel.setApp(channel.baseApp.appName, channel.baseApp.appData);
    const body = { type: 'channel.destroyed', channel: channel.snapshot(), cause, causeText: causeText(cause) } as const;
    this.emit(channel, techCause ? { ...body, techCause } : body);
    epilogue?.();
    this.ctx.channels.remove(channel);
    this.ctx.apps.forget('channel', channel.id);
    this.ctx.endpoints.detachChannel(channel.id);
  }

  private emit(channel: SimChannel, body: Parameters<WorldContext['bus']['emit']>[0]): void {
    this.ctx.bus.emit(body, { channels: [channel.id] });
  }
}
