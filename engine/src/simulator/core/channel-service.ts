import type { ChannelLifecycle } from './channel-lifecycle';
import type { DialplanLocation, DialplanRunner } from './dialplan-runner';
import type { CreateParams, OriginateParams, OriginateService } from './originate-service';
import type { HangupSource, SimChannel } from './sim-channel';
import { readChannelVariable } from './channel-variables';
import type { WorldContext } from './world-context';
import type { ChannelSnapshot } from './world-model';
import { fail, ok, type WorldResult } from './world-result';

const INVALID_CONTROL_STATES = new Set(['Down', 'Rsrvd', 'Ringing']);

/** Where `continue` sends a channel; missing parts default like `resource_channels.c` does. */
export interface ContinueTarget {
  readonly context?: string;
  readonly extension?: string;
  readonly priority?: number;
}

/**
 * Call control on existing channels, with the lookups of `resource_channels.c`: `find_control`
 * (not found / not in Stasis) and `channel_state_invalid` (Down, Rsrvd, Ringing).
 */
export class ChannelService {
  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
    private readonly runner: DialplanRunner,
    private readonly originator: OriginateService,
  ) {}

  list(): ChannelSnapshot[] {
    return this.ctx.channels.list().map((channel) => channel.snapshot());
  }

  get(id: string): ChannelSnapshot | undefined {
    return this.ctx.channels.get(id)?.snapshot();
  }

  /** A channel by name (AMI addresses channels by name). */
  findByName(name: string): ChannelSnapshot | undefined {
    return this.ctx.channels.list().find((channel) => channel.name === name)?.snapshot();
  }

  /** The live channel object (front-ends and flows that need more than a snapshot). */
  find(id: string): SimChannel | undefined {
    return this.ctx.channels.get(id);
  }

  originate(params: OriginateParams): WorldResult<ChannelSnapshot> {
    return this.originator.originate(params);
  }

  create(params: CreateParams): WorldResult<ChannelSnapshot> {
    return this.originator.create(params);
  }

  /** POST /channels/{id}/dial for a channel made by `create`. */
  dial(id: string, timeoutSec: number | null): WorldResult<void> {
    const found = this.control(id);
    if (!found.ok) return found;
    const channel = found.value;
    if (channel.state !== 'Down') return fail('dial-not-down');
    if (!channel.createdNotDialled || !channel.pendingDial) return fail('dial-not-created-by-ari');
    const start = channel.pendingDial;
    channel.pendingDial = undefined;
    channel.track(this.ctx.clock.defer(() => start(timeoutSec)));
    return ok(undefined);
  }

  /** Hangs up any channel (Stasis not required). `cause` is what ChannelDestroyed will say. */
  hangup(id: string, cause: number, source: HangupSource = 'api'): WorldResult<void> {
    const channel = this.ctx.channels.get(id);
    if (!channel || channel.hangingUp) return fail('channel-not-found');
    channel.driver.hangup(channel, { source, cause });
    return ok(undefined);
  }

  answer(id: string): WorldResult<void> {
    const found = this.usable(id);
    if (!found.ok) return found;
    this.answerChannel(found.value);
    return ok(undefined);
  }

  /** Answers if still ringing inbound (recording and playback do this implicitly). */
  answerChannel(channel: SimChannel): void {
    if (channel.state === 'Up') return;
    this.lc.setState(channel, 'Up');
    channel.party?.answered();
  }

  /** ring, ringStop, progress, moh, silence: accepted, nothing observable happens. */
  indicate(id: string): WorldResult<void> {
    const found = this.usable(id);
    return found.ok ? ok(undefined) : found;
  }

  hold(id: string, onHold: boolean): WorldResult<void> {
    const found = this.usable(id);
    if (!found.ok) return found;
    const channel = found.value;
    this.ctx.bus.emit(onHold ? { type: 'channel.hold', channel: channel.snapshot() } : { type: 'channel.unhold', channel: channel.snapshot() }, {
      channels: [channel.id],
    });
    return ok(undefined);
  }

  /** Leaves Stasis (StasisEnd) and runs the dialplan at the target; STASISSTATUS comes at hangup. */
  continueInDialplan(id: string, target: ContinueTarget): WorldResult<void> {
    const found = this.usable(id);
    if (!found.ok) return found;
    const channel = found.value;
    const here = channel.dialplan;
    const location: DialplanLocation = {
      context: target.context || here.context,
      exten: target.extension || (target.context ? 's' : here.exten),
      priority: target.priority && target.priority > 0 ? target.priority : target.context || target.extension ? 1 : here.priority + 1,
    };
    this.lc.leaveStasis(channel, false);
    this.runner.run(channel, location);
    return ok(undefined);
  }

  getVariable(id: string, name: string): WorldResult<string> {
    const channel = this.ctx.channels.get(id);
    if (!channel) return fail('channel-not-found');
    const value = readChannelVariable(channel, name);
    return value === undefined ? fail('variable-not-found') : ok(value);
  }

  setVariable(id: string, name: string, value: string): WorldResult<void> {
    const found = this.control(id);
    if (!found.ok) return found;
    this.lc.setVar(found.value, name, value);
    return ok(undefined);
  }

  /** `find_control`: the channel exists and is in a Stasis application. */
  control(id: string): WorldResult<SimChannel> {
    const channel = this.ctx.channels.get(id);
    if (!channel || channel.hangingUp) return fail('channel-not-found');
    if (!channel.stasis) return fail('channel-not-in-stasis');
    return ok(channel);
  }

  /** `find_control` + `channel_state_invalid`. */
  usable(id: string): WorldResult<SimChannel> {
    const found = this.control(id);
    if (!found.ok) return found;
    return INVALID_CONTROL_STATES.has(found.value.state) ? fail('channel-invalid-state') : found;
  }
}
