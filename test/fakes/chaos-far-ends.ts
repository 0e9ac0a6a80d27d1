/** What the chaotic fake PBX asks of the people behind its channels, and how it keeps a channel. */
import type { DialStatus } from '../../engine/src/ports/call-event';
import type { OriginateRequest, RecordRequest } from '../../engine/src/ports/telephony.port';

/** How a dialled party reacts: answers, fails (busy, power off, rejected) or rings until the PBX gives up. */
export type DialOutcome =
  | { readonly kind: 'answer'; readonly afterMs: number }
  | { readonly kind: 'fail'; readonly afterMs: number; readonly cause: number; readonly status: DialStatus }
  | { readonly kind: 'ring' };

/** Things a far end notices (and may react to by hanging up). */
export type Moment =
  | { readonly kind: 'answered' }
  | { readonly kind: 'playback'; readonly media: string; readonly durationMs: number }
  | { readonly kind: 'recording'; readonly durationMs: number }
  | { readonly kind: 'bridged' };

/** The people behind the channels. */
export interface FarEnds {
  dial(req: OriginateRequest): DialOutcome;
  /** How long a recording on the channel runs before Asterisk stops it (reply + silence limit), ms. */
  recordingMs(channelId: string, req: RecordRequest): number;
  /** How long a prompt plays, ms. */
  promptMs(media: string): number;
  moment(channelId: string, moment: Moment): void;
}

export interface ChaosChannel {
  readonly id: string;
  readonly args: readonly string[];
  state: 'dialing' | 'ring' | 'up' | 'gone';
  inApp: boolean;
  bridge?: string;
  endedAt?: number;
  /** `engine`: a hangup request; `far-end`: the person (or the PBX's ring timeout). */
  endedBy?: 'engine' | 'far-end';
}
