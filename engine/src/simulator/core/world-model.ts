/**
 * The neutral data of the simulated PBX. Snapshots are immutable copies taken when an event is
 * emitted, so a protocol front-end (ARI, AMI) renders the state as it was at that moment.
 */

/** `ast_state2str` words. */
export type ChannelState = 'Down' | 'Rsrvd' | 'OffHook' | 'Dialing' | 'Ring' | 'Ringing' | 'Up' | 'Busy';

export type ChannelTechnology = 'PJSIP' | 'Local';

export interface PartyId {
  readonly name: string;
  readonly number: string;
}

export interface DialplanPosition {
  readonly context: string;
  readonly exten: string;
  readonly priority: number;
  readonly appName: string;
  readonly appData: string;
}

export interface ChannelSnapshot {
  readonly id: string;
  readonly name: string;
  readonly technology: ChannelTechnology;
  readonly state: ChannelState;
  /** SIP Call-ID for PJSIP channels, `''` for Local ones. */
  readonly protocolId: string;
  readonly caller: PartyId;
  readonly connected: PartyId;
  readonly accountCode: string;
  readonly dialplan: DialplanPosition;
  /** Wall-clock ms since the epoch. */
  readonly creationTime: number;
  readonly language: string;
  /** The uniqueid of the call's first channel (AMI `Linkedid`). */
  readonly linkedId: string;
  /** The bridge the channel is in (AMI CoreShowChannels `BridgeId`). */
  readonly bridgeId?: string;
}

export type BridgeType = 'mixing' | 'holding';

export interface BridgeSnapshot {
  readonly id: string;
  readonly technology: string;
  readonly bridgeType: BridgeType;
  readonly bridgeClass: string;
  readonly creator: string;
  readonly name: string;
  readonly channelIds: readonly string[];
  readonly creationTime: number;
  readonly videoMode: string;
}

export type PlaybackState = 'queued' | 'playing' | 'continuing' | 'paused' | 'done' | 'failed';

export interface PlaybackSnapshot {
  readonly id: string;
  readonly mediaUri: string;
  readonly nextMediaUri?: string;
  /** `channel:<id>` or `bridge:<id>`. */
  readonly targetUri: string;
  readonly language: string;
  readonly state: PlaybackState;
}

export type RecordingState = 'queued' | 'recording' | 'paused' | 'done' | 'failed' | 'canceled';

export interface RecordingSnapshot {
  readonly name: string;
  readonly format: string;
  readonly state: RecordingState;
  readonly targetUri: string;
  /** Whole seconds, once known. */
  readonly duration?: number;
  /** Only when silence detection was on (maxSilenceSeconds > 0). */
  readonly talkingDuration?: number;
  readonly silenceDuration?: number;
  /** Why it failed. */
  readonly cause?: string;
}

export interface StoredRecordingSnapshot {
  readonly name: string;
  readonly format: string;
}

export type EndpointState = 'unknown' | 'offline' | 'online';

export interface EndpointSnapshot {
  readonly technology: string;
  readonly resource: string;
  readonly state: EndpointState;
  readonly channelIds: readonly string[];
}

export type ContactStatus = 'Reachable' | 'Unreachable' | 'NonQualified' | 'Removed' | 'Unknown';

export interface ContactSnapshot {
  readonly uri: string;
  readonly aor: string;
  readonly endpoint: string;
  readonly status: ContactStatus;
  readonly roundtripUsec: number;
}

export type RegistrationStatus = 'Registered' | 'Unregistered' | 'Rejected';

export interface RegistrationSnapshot {
  readonly name: string;
  readonly serverUri: string;
  readonly clientUri: string;
  readonly endpoint: string;
  readonly status: RegistrationStatus;
}

export interface StasisAppSnapshot {
  readonly name: string;
  readonly channelIds: readonly string[];
  readonly bridgeIds: readonly string[];
  readonly endpointIds: readonly string[];
}
