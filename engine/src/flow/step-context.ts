import type { Logger } from '../ports/logger.port';
import type { LoadedScenario } from './loaded-scenario';

/**
 * What a step sees of its call. Steps never touch the telephony port directly: the call session
 * implements these facades (subscribe-before-act, timeouts, CallGone handling live there), so each
 * step stays a few lines and is tested with fakes.
 */

export interface CallInfo {
  readonly callId: string;
  readonly channelId: string;
  readonly direction: 'outbound' | 'inbound';
  /** The customer's number (normalised digits). */
  readonly phone: string;
  readonly campaignId?: string;
  readonly attemptId?: string;
  /** The line (our number) the call runs on. */
  readonly line?: string;
}

export type PlaybackOutcome = 'finished' | 'failed' | 'stopped';

export interface PlaybackHandle {
  /** Stops the playback (idempotent; resolves when stopped or already gone). */
  stop(): Promise<void>;
  /** Resolves when it finished, failed or was stopped. */
  readonly done: Promise<PlaybackOutcome>;
}

export interface RecordOptions {
  readonly maxDurationSec: number;
  readonly maxSilenceSec: number;
  readonly beep?: boolean;
}

export interface RecordingOutcome {
  /** Unique per step execution (never reused: legacy re-used one name and stalled). */
  readonly name: string;
  readonly status: 'done' | 'failed';
  readonly durationSec?: number;
}

export interface CallMedia {
  /** Plays a scenario prompt (or a media URI) to completion; moves on at PlaybackFinished, never on a timer. */
  play(promptOrMedia: string): Promise<PlaybackOutcome>;
  /** Starts a playback and returns at once (processing prompt, hold music with `loop`). */
  start(promptOrMedia: string, opts?: { loop?: boolean }): Promise<PlaybackHandle>;
  record(opts: RecordOptions): Promise<RecordingOutcome>;
  /** Waits for one or more DTMF digits. */
  collectDigits(opts: { maxDigits: number; timeoutSec: number; terminator?: string }): Promise<{ digits: string; timedOut: boolean }>;
}

/** The intent of one reply, as the scenario's step sees it. */
export interface IntentOutcome {
  /** One of the step's labels (a finer label the step does not list becomes its coarser one). */
  readonly label: string;
  readonly source: 'local' | 'llm';
  /** The caller asked not to be called again (set only when the scenario's `options.auto_dnc` is on). */
  readonly dncRequested?: boolean;
}

export interface TranscriptOutcome {
  readonly text: string;
  /** `silent`: no speech in the recording (rejected before STT). */
  readonly status: 'ok' | 'silent';
}

export interface CallSpeech {
  transcribe(recording: RecordingOutcome): Promise<TranscriptOutcome>;
  /** Classifies with the scenario's labels and token lists. */
  classify(text: string): Promise<IntentOutcome>;
}

export interface CallControl {
  /** True while the customer's channel is up. */
  isUp(): boolean;
  /** Hangs the customer up (idempotent). */
  hangup(reason?: 'normal' | 'busy' | 'congestion'): Promise<void>;
  /** Resolves when the customer hangs up, or with 'timeout'. */
  waitForHangup(timeoutSec?: number): Promise<'hangup' | 'timeout'>;
  /** Runs Asterisk AMD() on the call (via the dialplan) and returns its verdict. */
  detectMachine(opts: { timeoutSec: number }): Promise<'human' | 'machine' | 'notsure'>;
  /** Bridges the customer to an operator. Resolves when the operator answered (`connected`) or every try failed. */
  transferToOperator(opts: { agentType: 'inbound' | 'outbound'; holdPrompt?: string }): Promise<'connected' | 'failed'>;
}

export interface CallFlowState {
  /** Named counters for check_retry_limit (and the empty-recording retries). */
  readonly counters: Map<string, number>;
  lastIntent?: string;
  lastTranscript?: string;
  lastRecording?: RecordingOutcome;
  /** The record step that made `lastRecording` (the empty-recording retry records there again). */
  lastRecordStep?: { readonly id: string; readonly onEmpty?: string };
  lastDigits?: string;
}

export interface ResultRecorder {
  /** Sets the call's result; the first one wins, later ones are logged and ignored. Returns whether it was taken. */
  set(result: string, reason?: string): boolean;
  current(): string | undefined;
}

export interface StepContext {
  readonly call: CallInfo;
  readonly scenario: LoadedScenario;
  readonly flow: 'outbound' | 'inbound';
  readonly log: Logger;
  /** Aborted when the call is over (caller hung up, max duration): steps stop waiting at once. */
  readonly signal: AbortSignal;
  readonly state: CallFlowState;
  readonly media: CallMedia;
  readonly speech: CallSpeech;
  readonly control: CallControl;
  readonly result: ResultRecorder;
  readonly dnc: { add(reason: string): Promise<void> };
}

/** Where the runner goes next: another step, or the end of the flow. */
export type StepOutcome = { readonly next: string } | { readonly end: true };
