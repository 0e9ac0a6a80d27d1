import { SimChannel, type ChannelDriver } from './sim-channel';
import type { WorldContext } from './world-context';
import type { ChannelState, PartyId } from './world-model';

/** `AppDial2 (Outgoing Line)`: what an ARI-originated leg shows until it runs an application. */
export const ORIGINATED_APP = { appName: 'AppDial2', appData: '(Outgoing Line)' } as const;
/** `AppDial (Outgoing Line)`: a leg created by the Dial() application. */
export const DIALED_APP = { appName: 'AppDial', appData: '(Outgoing Line)' } as const;
export const NO_APP = { appName: '', appData: '' } as const;

export interface PjsipChannelSpec {
  readonly id: string;
  readonly resource: string;
  readonly exten: string;
  readonly caller: PartyId;
  readonly connected: PartyId;
  readonly app: { readonly appName: string; readonly appData: string };
  readonly driver: ChannelDriver;
  readonly linkedId?: string;
}

/** A PJSIP leg on `resource`: name `PJSIP/<resource>-<seq>`, the endpoint's context, a SIP Call-ID. */
export function newPjsipChannel(ctx: WorldContext, spec: PjsipChannelSpec): SimChannel {
  const channel = new SimChannel({
    id: spec.id,
    name: `PJSIP/${spec.resource}-${ctx.ids.nameSuffix()}`,
    technology: 'PJSIP',
    state: 'Down',
    protocolId: ctx.ids.callId(),
    caller: spec.caller,
    connected: spec.connected,
    dialplan: { context: ctx.endpoints.contextOf(spec.resource), exten: spec.exten, priority: 1, ...spec.app },
    creationTime: ctx.clock.wallNow(),
    baseApp: spec.app,
    driver: spec.driver,
    ...(spec.linkedId !== undefined ? { linkedId: spec.linkedId } : {}),
  });
  ctx.endpoints.attachChannel(spec.resource, channel.id);
  return channel;
}

export interface LocalPairSpec {
  readonly oneId: string;
  readonly twoId: string;
  readonly exten: string;
  readonly context: string;
  readonly caller: PartyId;
  readonly driver: ChannelDriver;
}

/** The two halves of `Local/<exten>@<context>`: `;1` (Down, the originated side) and `;2` (Ring). */
export function newLocalPair(ctx: WorldContext, spec: LocalPairSpec): { one: SimChannel; two: SimChannel } {
  const base = `Local/${spec.exten}@${spec.context}-${ctx.ids.nameSuffix()}`;
  const now = ctx.clock.wallNow();
  const make = (id: string, half: string, state: ChannelState, caller: PartyId, app: typeof NO_APP | typeof ORIGINATED_APP): SimChannel =>
    new SimChannel({
      id,
      name: `${base};${half}`,
      technology: 'Local',
      state,
      protocolId: '',
      caller,
      connected: caller,
      dialplan: { context: spec.context, exten: spec.exten, priority: 1, ...app },
      creationTime: now,
      baseApp: app,
      driver: spec.driver,
      linkedId: spec.oneId,
    });
  const empty = { name: '', number: '' };
  return { one: make(spec.oneId, '1', 'Down', spec.caller, ORIGINATED_APP), two: make(spec.twoId, '2', 'Ring', empty, NO_APP) };
}
