import type {
  AmiWorldEvent, AmiWorldListener, AmiWorldView, SimAor, SimChannel, SimContact, SimEndpoint, SimOriginateAccept,
  SimOriginateOutcome, SimOriginateRequest, SimRegistration,
} from './ami-world-view';

export interface ScriptedWorldState {
  readonly channels?: readonly SimChannel[];
  readonly endpoints?: readonly SimEndpoint[];
  readonly registrations?: readonly SimRegistration[];
  readonly contacts?: readonly SimContact[];
  readonly aors?: readonly SimAor[];
  readonly globals?: Readonly<Record<string, string>>;
}

/**
 * A small in-memory `AmiWorldView` whose behaviour tests script: they set the state, push events
 * (`emit`), and decide what an originate does (`onOriginate`, then `finishOriginate`). Mutating
 * helpers keep state and events consistent (adding a channel emits Newchannel, ending it emits
 * Hangup). The real simulated world lives in `simulator/core`; this one exists for the AMI tests.
 */
export class ScriptedAmiWorld implements AmiWorldView {
  channelList: SimChannel[];
  endpointList: SimEndpoint[];
  registrationList: SimRegistration[];
  contactList: SimContact[];
  aorList: SimAor[];
  readonly globals = new Map<string, string>();
  readonly channelVars = new Map<string, Map<string, string>>();
  /** Every originate the server passed on, in order. */
  readonly originates: SimOriginateRequest[] = [];
  /** The originates `onOriginate` accepted, in order. */
  readonly accepted: SimOriginateRequest[] = [];
  /** Refs whose outcome was reported. */
  readonly finished = new Set<string>();
  /** What an originate does; default: accepted, the outcome is left to the test. */
  onOriginate: (req: SimOriginateRequest, world: ScriptedAmiWorld) => SimOriginateAccept = () => ({ ok: true });
  /** Every hangup request the server passed on. */
  readonly hangups: Array<{ readonly channel: string; readonly cause?: number }> = [];
  private readonly listeners = new Set<AmiWorldListener>();

  constructor(state: ScriptedWorldState = {}) {
    this.channelList = [...(state.channels ?? [])];
    this.endpointList = [...(state.endpoints ?? [])];
    this.registrationList = [...(state.registrations ?? [])];
    this.contactList = [...(state.contacts ?? [])];
    this.aorList = [...(state.aors ?? [])];
    for (const [k, v] of Object.entries(state.globals ?? {})) this.globals.set(k, v);
  }

  channels(): readonly SimChannel[] {
    return this.channelList;
  }

  endpoints(): readonly SimEndpoint[] {
    return this.endpointList;
  }

  registrations(): readonly SimRegistration[] {
    return this.registrationList;
  }

  contacts(): readonly SimContact[] {
    return this.contactList;
  }

  aors(): readonly SimAor[] {
    return this.aorList;
  }

  subscribe(listener: AmiWorldListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  listenerCount(): number {
    return this.listeners.size;
  }

  /** Pushes an event to the AMI server(s) as is. */
  emit(ev: AmiWorldEvent): void {
    for (const l of [...this.listeners]) l(ev);
  }

  originate(req: SimOriginateRequest): SimOriginateAccept {
    this.originates.push(req);
    const verdict = this.onOriginate(req, this);
    if (verdict.ok) this.accepted.push(req);
    return verdict;
  }

  /** Reports the outcome of an originate (becomes OriginateResponse or unblocks a sync Originate). */
  finishOriginate(ref: string, outcome: SimOriginateOutcome): void {
    this.finished.add(ref);
    this.emit({ type: 'originate.result', ref, outcome });
  }

  hangup(channelName: string, cause?: number): boolean {
    const ch = this.channelList.find((c) => c.name === channelName);
    this.hangups.push({ channel: channelName, ...(cause === undefined ? {} : { cause }) });
    if (!ch) return false;
    this.endChannel(ch.name, cause ?? 16);
    return true;
  }

  getVar(channel: string | undefined, name: string): { found: boolean; value?: string } {
    if (channel === undefined) return { found: true, value: this.globals.get(name) ?? '' };
    if (!this.channelList.some((c) => c.name === channel)) return { found: false };
    return { found: true, value: this.channelVars.get(channel)?.get(name) ?? '' };
  }

  setVar(channel: string | undefined, name: string, value: string): boolean {
    if (channel === undefined) {
      this.globals.set(name, value);
      return true;
    }
    if (!this.channelList.some((c) => c.name === channel)) return false;
    const vars = this.channelVars.get(channel) ?? new Map<string, string>();
    vars.set(name, value);
    this.channelVars.set(channel, vars);
    return true;
  }

  /** What PJSIPRegister/PJSIPUnregister do; default: flip the status and emit Registry. */
  onRegistration: (name: string, kind: 'register' | 'unregister', world: ScriptedAmiWorld) => boolean = (name, kind, w) =>
    w.setRegistrationStatus(name, kind === 'register' ? 'registered' : 'unregistered');

  register(name: string): boolean {
    return this.onRegistration(name, 'register', this);
  }

  unregister(name: string): boolean {
    return this.onRegistration(name, 'unregister', this);
  }

  /** Like `core restart`: SoftHangupRequest cause 4 for every channel, then their Hangup events (cause 0). */
  shutdownChannels(): void {
    const all = [...this.channelList];
    for (const ch of all) this.emit({ type: 'channel.hangup-requested', channel: ch, cause: 4, soft: true });
    for (const ch of all) this.endChannel(ch.name, 0);
  }

  /** Adds a channel and emits Newchannel. */
  addChannel(ch: SimChannel): void {
    this.channelList.push(ch);
    this.emit({ type: 'channel.created', channel: ch });
  }

  /** Changes a channel's state and emits Newstate. */
  setChannelState(name: string, state: SimChannel['state']): SimChannel | undefined {
    const i = this.channelList.findIndex((c) => c.name === name);
    if (i < 0) return undefined;
    const ch = { ...this.channelList[i], state };
    this.channelList[i] = ch;
    this.emit({ type: 'channel.state', channel: ch });
    return ch;
  }

  /** Removes a channel and emits Hangup with the cause. */
  endChannel(name: string, cause: number, techCause?: number): void {
    const ch = this.channelList.find((c) => c.name === name);
    if (!ch) return;
    this.channelList = this.channelList.filter((c) => c !== ch);
    this.channelVars.delete(name);
    this.emit({ type: 'channel.hungup', channel: ch, cause, ...(techCause ? { techCause } : {}) });
  }

  /** Changes a registration's status and emits Registry. */
  setRegistrationStatus(name: string, status: SimRegistration['status']): boolean {
    const i = this.registrationList.findIndex((r) => r.name === name);
    if (i < 0) return false;
    const reg = { ...this.registrationList[i], status };
    this.registrationList[i] = reg;
    this.emit({ type: 'registry', clientUri: reg.clientUri, serverUri: reg.serverUri, status });
    return true;
  }
}
