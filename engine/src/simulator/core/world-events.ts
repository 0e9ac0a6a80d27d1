import type {
  BridgeSnapshot,
  ChannelSnapshot,
  ContactSnapshot,
  EndpointSnapshot,
  PlaybackSnapshot,
  RecordingSnapshot,
  RegistrationSnapshot,
} from './world-model';

/**
 * What happens in the simulated PBX, in neutral words. Protocol front-ends render these in their
 * own wire format (ARI JSON frames, AMI events). Every event carries `at` (wall ms) and
 * `audience`: the Stasis applications subscribed to its source when it happened (channel,
 * bridge or endpoint subscriptions, plus subscribe-all apps), whether or not they are connected.
 */
export type WorldEvent = WorldEventBody & { readonly at: number; readonly audience: readonly string[] };

export type WorldEventBody =
  | { readonly type: 'channel.created'; readonly channel: ChannelSnapshot }
  | { readonly type: 'channel.state-changed'; readonly channel: ChannelSnapshot }
  | { readonly type: 'channel.varset'; readonly channel: ChannelSnapshot; readonly variable: string; readonly value: string }
  | { readonly type: 'channel.dialplan'; readonly channel: ChannelSnapshot; readonly app: string; readonly appData: string }
  | { readonly type: 'channel.callerid'; readonly channel: ChannelSnapshot; readonly presentation: number; readonly presentationText: string }
  | { readonly type: 'channel.connected-line'; readonly channel: ChannelSnapshot }
  | {
      readonly type: 'channel.hangup-requested';
      readonly channel: ChannelSnapshot;
      /** A Q.850 cause, or a soft-hangup flag when `soft` (32 API, 16 end of dialplan, 4 shutdown). */
      readonly cause: number;
      readonly techCause?: number;
      readonly soft: boolean;
    }
  | {
      readonly type: 'channel.destroyed';
      readonly channel: ChannelSnapshot;
      readonly cause: number;
      readonly causeText: string;
      /** The SIP status of a failed PJSIP leg (e.g. 486); absent otherwise. */
      readonly techCause?: number;
    }
  | { readonly type: 'channel.dtmf'; readonly channel: ChannelSnapshot; readonly digit: string; readonly durationMs: number }
  | { readonly type: 'channel.hold'; readonly channel: ChannelSnapshot; readonly musicClass?: string }
  | { readonly type: 'channel.unhold'; readonly channel: ChannelSnapshot }
  | {
      readonly type: 'dial';
      /** The channel running Dial() (absent for an originate, which dials without a caller). */
      readonly caller?: ChannelSnapshot;
      readonly peer: ChannelSnapshot;
      readonly dialstring: string;
      /** `''` at the start, then RINGING, ANSWER, BUSY, NOANSWER, CONGESTION, CANCEL, ... */
      readonly dialstatus: string;
      readonly forward: string;
    }
  /** A Local channel's halves were connected (AMI LocalBridge); ARI has no such event. */
  | {
      readonly type: 'local.bridged';
      readonly one: ChannelSnapshot;
      readonly two: ChannelSnapshot;
      readonly context: string;
      readonly exten: string;
      /** False for `/n` (no optimization). */
      readonly optimize: boolean;
    }
  | { readonly type: 'stasis.started'; readonly app: string; readonly args: readonly string[]; readonly channel: ChannelSnapshot }
  | { readonly type: 'stasis.ended'; readonly app: string; readonly channel: ChannelSnapshot }
  | { readonly type: 'playback.started' | 'playback.continuing' | 'playback.finished'; readonly playback: PlaybackSnapshot }
  | { readonly type: 'recording.started' | 'recording.finished' | 'recording.failed'; readonly recording: RecordingSnapshot }
  | { readonly type: 'bridge.created' | 'bridge.destroyed'; readonly bridge: BridgeSnapshot }
  | { readonly type: 'bridge.entered' | 'bridge.left'; readonly bridge: BridgeSnapshot; readonly channel: ChannelSnapshot }
  | { readonly type: 'endpoint.state-changed'; readonly endpoint: EndpointSnapshot }
  | { readonly type: 'contact.status-changed'; readonly endpoint: EndpointSnapshot; readonly contact: ContactSnapshot }
  | { readonly type: 'peer.status-changed'; readonly endpoint: EndpointSnapshot; readonly peerStatus: string }
  | { readonly type: 'registration.changed'; readonly registration: RegistrationSnapshot }
  | { readonly type: 'system.booted' }
  | { readonly type: 'system.shutdown'; readonly restart: boolean };

export type WorldEventType = WorldEvent['type'];

export type WorldEventListener = (event: WorldEvent) => void;
