import type { SimTimer } from './sim-clock';
import type { PartySession } from './party-session';
import type { ChannelSnapshot, ChannelState, ChannelTechnology, DialplanPosition, PartyId } from './world-model';

/** Who asked for a hangup; decides the hangup-request event (`soft` flag, cause). */
export type HangupSource =
  /** ARI DELETE, AGI HANGUP: soft request with flag 32. */
  | 'api'
  /** The far end (BYE, final response, the other half of a Local channel): Q.850 cause, not soft. */
  | 'far-end'
  /** The channel's dialplan ended: soft request with flag 16. */
  | 'dialplan'
  /** PBX shutdown/restart: soft request with flag 4. */
  | 'shutdown'
  /** AMI Hangup: no hangup-request event at all (captures/ari-08b-hangup-sources.ari.txt). */
  | 'manager';

export interface HangupOrder {
  readonly source: HangupSource;
  /** The Q.850 cause the channel ends with (ChannelDestroyed), e.g. 16 or the DELETE reason. */
  readonly cause: number;
  readonly techCause?: number;
}

/** Technology behaviour of a channel: how it hangs up and how it dies in a shutdown. */
export interface ChannelDriver {
  hangup(channel: SimChannel, order: HangupOrder): void;
}

export interface SimChannelInit {
  readonly id: string;
  readonly name: string;
  readonly technology: ChannelTechnology;
  readonly state: ChannelState;
  readonly protocolId: string;
  readonly caller: PartyId;
  readonly connected: PartyId;
  readonly dialplan: DialplanPosition;
  readonly creationTime: number;
  /** The dialplan app shown once the channel is destroyed (`AppDial2` for originated legs). */
  readonly baseApp: { readonly appName: string; readonly appData: string };
  readonly driver: ChannelDriver;
  /** The first channel of the call (default: this one). */
  readonly linkedId?: string;
}

/** One live channel of the simulated PBX (mutable; events carry `snapshot()` copies). */
export class SimChannel {
  readonly id: string;
  readonly name: string;
  readonly technology: ChannelTechnology;
  readonly protocolId: string;
  readonly creationTime: number;
  readonly baseApp: { readonly appName: string; readonly appData: string };
  readonly linkedId: string;
  readonly variables = new Map<string, string>();
  readonly timers = new Set<SimTimer>();
  state: ChannelState;
  caller: PartyId;
  connected: PartyId;
  dialplan: DialplanPosition;
  language = 'en';
  accountCode = '';
  driver: ChannelDriver;
  /** The Stasis application the channel is in, with its arguments. */
  stasis?: { readonly app: string; readonly args: readonly string[] };
  /** STASISSTATUS=SUCCESS still owed (the channel left Stasis by `continue`). */
  stasisStatusOwed = false;
  bridgeId?: string;
  /** The scripted person heard on this channel (its recordings capture their speech). */
  party?: PartySession;
  everUp = false;
  /** Made by POST /channels/create and not dialled yet. */
  createdNotDialled = false;
  /** Starts the dialling of a created channel (POST /channels/{id}/dial). */
  pendingDial?: (timeoutSec: number | null) => void;
  hangingUp = false;
  destroyed = false;

  constructor(init: SimChannelInit) {
    this.id = init.id;
    this.name = init.name;
    this.technology = init.technology;
    this.protocolId = init.protocolId;
    this.creationTime = init.creationTime;
    this.baseApp = init.baseApp;
    this.state = init.state;
    this.caller = init.caller;
    this.connected = init.connected;
    this.dialplan = init.dialplan;
    this.driver = init.driver;
    this.linkedId = init.linkedId ?? init.id;
  }

  get isUp(): boolean {
    return this.state === 'Up';
  }

  /** Registers a timer that dies with the channel. */
  track(timer: SimTimer): SimTimer {
    this.timers.add(timer);
    return timer;
  }

  cancelTimers(): void {
    for (const timer of this.timers) timer.cancel();
    this.timers.clear();
  }

  setApp(appName: string, appData: string, priority = this.dialplan.priority): void {
    this.dialplan = { ...this.dialplan, appName, appData, priority };
  }

  snapshot(): ChannelSnapshot {
    return {
      id: this.id,
      name: this.name,
      technology: this.technology,
      state: this.state,
      protocolId: this.protocolId,
      caller: this.caller,
      connected: this.connected,
      accountCode: this.accountCode,
      dialplan: this.dialplan,
      creationTime: this.creationTime,
      language: this.language,
      linkedId: this.linkedId,
      ...(this.bridgeId !== undefined ? { bridgeId: this.bridgeId } : {}),
    };
  }
}
