import type { ChannelLifecycle } from './channel-lifecycle';
import { NO_APP, ORIGINATED_APP, newLocalPair, newPjsipChannel } from './channel-factory';
import type { DialplanLocation, DialplanRunner } from './dialplan-runner';
import { CAUSE } from './hangup-causes';
import { LocalPair } from './local-pair';
import type { LocalPrograms } from './local-programs';
import { parseCallerId, parseEndpoint, type OriginateTarget } from './originate-target';
import { PjsipLeg } from './pjsip-leg';
import type { SimChannel } from './sim-channel';
import type { WorldContext } from './world-context';
import type { ChannelSnapshot, PartyId } from './world-model';
import { fail, ok, type WorldResult } from './world-result';

/** How an originate attempt ended (AMI's OriginateResponse is built from this). */
export type OriginateOutcome =
  | { readonly answered: true; readonly channel: ChannelSnapshot }
  | { readonly answered: false; readonly cause: number; readonly techCause?: number };

export interface OriginateParams {
  /** `PJSIP/<number>@<trunk>`, `PJSIP/<endpoint>` or `Local/<exten>@<context>[/n]`. */
  readonly endpoint: string;
  /** Stasis app the answered channel enters (with `appArgs`), or else `dialplan`. */
  readonly app?: string;
  readonly appArgs?: readonly string[];
  readonly dialplan?: DialplanLocation;
  readonly callerId?: string;
  /** Seconds to wait for the answer; null = wait forever. */
  readonly timeoutSec: number | null;
  readonly variables?: Readonly<Record<string, string>>;
  readonly channelId?: string;
  readonly otherChannelId?: string;
  /** Told once: the channel answered, or was destroyed before answering (with its cause). */
  readonly onOutcome?: (outcome: OriginateOutcome) => void;
}

export interface CreateParams {
  readonly endpoint: string;
  readonly app: string;
  readonly appArgs?: readonly string[];
  readonly variables?: Readonly<Record<string, string>>;
  readonly channelId?: string;
  readonly otherChannelId?: string;
}

interface NewLegs {
  readonly primary: SimChannel;
  /** Starts dialling: the whole call flow after the REST answer. */
  readonly start: (timeoutSec: number | null, afterAnswer: (channel: SimChannel) => void) => void;
}

/**
 * ARI originate and /channels/create (`ari_channels_handle_originate_with_id`): validate, create
 * the channel(s) in state Down, pre-subscribe the app, answer the request, and dial on a later
 * tick (events of a Local `;2` — inherited variables, caller id — come before the answer).
 */
export class OriginateService {
  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
    private readonly runner: DialplanRunner,
    private readonly programs: LocalPrograms,
  ) {}

  originate(params: OriginateParams): WorldResult<ChannelSnapshot> {
    const made = this.allocate(params);
    if (!made.ok) return made;
    const legs = made.value;
    if (params.onOutcome) this.watchOutcome(legs.primary.id, params.onOutcome);
    const snapshot = legs.primary.snapshot();
    legs.primary.track(this.ctx.clock.defer(() => legs.start(params.timeoutSec, this.afterAnswerFor(params))));
    return ok(snapshot);
  }

  /** POST /channels/create: the channel enters Stasis at once, in state Down, without dialling. */
  create(params: CreateParams): WorldResult<ChannelSnapshot> {
    const made = this.allocate({ ...params, timeoutSec: null });
    if (!made.ok) return made;
    const { primary, start } = made.value;
    primary.createdNotDialled = true;
    primary.setApp(NO_APP.appName, NO_APP.appData);
    const snapshot = primary.snapshot();
    primary.pendingDial = (timeoutSec) => start(timeoutSec, () => undefined);
    primary.track(
      this.ctx.clock.defer(() => {
        if (!this.lc.enterStasis(primary, params.app, params.appArgs ?? [], true)) {
          primary.driver.hangup(primary, { source: 'dialplan', cause: CAUSE.NORMAL_CLEARING });
        }
      }),
    );
    return ok(snapshot);
  }

  /** Reports the first Up or the destroy of the originated channel, then stops listening. */
  private watchOutcome(channelId: string, report: (outcome: OriginateOutcome) => void): void {
    let stop: () => void = () => undefined;
    const finish = (outcome: OriginateOutcome): void => {
      stop();
      report(outcome);
    };
    stop = this.ctx.bus.on((event) => {
      if (!('channel' in event) || event.channel.id !== channelId) return;
      if (event.type === 'channel.state-changed' && event.channel.state === 'Up') finish({ answered: true, channel: event.channel });
      else if (event.type === 'channel.destroyed') finish({ answered: false, cause: event.cause, ...(event.techCause ? { techCause: event.techCause } : {}) });
    });
  }

  private allocate(params: Omit<OriginateParams, 'dialplan'>): WorldResult<NewLegs> {
    const target = parseEndpoint(params.endpoint);
    if (!target) return fail('invalid-endpoint');
    const oneId = params.channelId || this.ctx.ids.uniqueId();
    const twoId = target.tech === 'Local' ? params.otherChannelId || `${oneId};2` : undefined;
    if (this.ctx.channels.has(oneId) || (twoId !== undefined && this.ctx.channels.has(twoId))) return fail('channel-id-taken');
    if (!this.canAllocate(target)) return fail('allocation-failed');
    const caller = parseCallerId(params.callerId);
    if (target.tech === 'Local') return ok(this.newLocal(target, oneId, twoId ?? `${oneId};2`, caller, params));
    if (target.tech === 'PJSIP') return ok(this.newPjsip(target, oneId, caller, params));
    return fail('allocation-failed');
  }

  private canAllocate(target: OriginateTarget): boolean {
    if (target.tech === 'Local') return this.ctx.contexts.has(target.context);
    if (target.tech !== 'PJSIP') return false;
    const resource = target.kind === 'trunk' ? target.trunk : target.resource;
    return this.ctx.endpoints.config(resource) !== undefined && this.ctx.endpoints.isOnline(resource);
  }

  private newPjsip(target: Extract<OriginateTarget, { tech: 'PJSIP' }>, id: string, caller: PartyId, params: Omit<OriginateParams, 'dialplan'>): NewLegs {
    const leg = new PjsipLeg(this.ctx, this.lc);
    const resource = target.kind === 'trunk' ? target.trunk : target.resource;
    const number = target.kind === 'trunk' ? target.number : target.resource;
    const channel = newPjsipChannel(this.ctx, { id, resource, exten: 's', caller, connected: caller, app: ORIGINATED_APP, driver: leg });
    for (const [name, value] of Object.entries(params.variables ?? {})) channel.variables.set(name, value);
    this.lc.register(channel);
    if (params.app) this.ctx.apps.subscribe(params.app, 'channel', channel.id);
    const start = (timeoutSec: number | null, afterAnswer: (ch: SimChannel) => void): void => {
      if (!channel.destroyed) leg.dial(channel, number, target.dialstring, timeoutSec, afterAnswer);
    };
    return { primary: channel, start };
  }

  private newLocal(target: Extract<OriginateTarget, { tech: 'Local' }>, oneId: string, twoId: string, caller: PartyId, params: Omit<OriginateParams, 'dialplan'>): NewLegs {
    const pair = new LocalPair(this.lc, target.dialstring);
    const { one, two } = newLocalPair(this.ctx, { oneId, twoId, exten: target.exten, context: target.context, caller, driver: pair });
    pair.one = one;
    pair.two = two;
    const variables = Object.entries(params.variables ?? {});
    for (const [name, value] of variables) one.variables.set(name, value);
    this.lc.register(one);
    this.lc.register(two);
    if (params.app) {
      this.ctx.apps.subscribe(params.app, 'channel', one.id);
      this.ctx.apps.subscribe(params.app, 'channel', two.id);
    }
    for (const [name, value] of variables) this.lc.setVar(two, name, value);
    if (caller.name !== '' || caller.number !== '') {
      two.caller = caller;
      two.connected = caller;
      this.lc.callerId(two);
      this.lc.connectedLine(two);
    }
    const context = this.ctx.contexts.get(target.context);
    const start = (timeoutSec: number | null, afterAnswer: (ch: SimChannel) => void): void => {
      if (pair.ended || !context) return;
      pair.afterAnswer = afterAnswer;
      one.createdNotDialled = false;
      if (timeoutSec !== null) pair.timeoutTimer = one.track(this.ctx.clock.after(timeoutSec * 1000, () => pair.timeout()));
      const optimize = !(target.dialstring.split('/')[1] ?? '').includes('n');
      const bridged = { type: 'local.bridged', one: one.snapshot(), two: two.snapshot(), context: target.context, exten: target.exten, optimize } as const;
      this.ctx.bus.emit(bridged, { channels: [one.id, two.id] });
      this.lc.dial(undefined, one, pair.dialstring, '');
      this.programs.start(pair, context, target.exten);
    };
    return { primary: one, start };
  }

  private afterAnswerFor(params: OriginateParams): (channel: SimChannel) => void {
    const app = params.app;
    if (app) {
      const args = params.appArgs ?? [];
      return (channel) => {
        if (!this.lc.enterStasis(channel, app, args)) channel.driver.hangup(channel, { source: 'dialplan', cause: CAUSE.NORMAL_CLEARING });
      };
    }
    const location = params.dialplan ?? { context: 'default', exten: 's', priority: 1 };
    return (channel) => this.runner.run(channel, location);
  }
}
