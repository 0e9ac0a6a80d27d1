import { speechDurationSec } from './speech-audio';

export interface RecordingPlan {
  readonly text: string;
  /** Where the person's voice is, from the start of the recording. */
  readonly speech?: { readonly startSec: number; readonly endSec: number };
  /** When the recording stops by itself (max duration or silence); undefined = only when stopped. */
  readonly endSec?: number;
}

export interface RecordingLimits {
  /** 0 = no limit. */
  readonly maxDurationSeconds: number;
  /** 0 = off. */
  readonly maxSilenceSeconds: number;
}

/**
 * When a recording of someone saying `text` after `delaySec` stops by itself. Silence detection
 * counts from the start (`__ast_play_and_record` stops after `maxSilence` seconds of silence,
 * initial silence included); the duration limit cuts everything.
 */
export function planRecording(text: string, delaySec: number, limits: RecordingLimits): RecordingPlan {
  const talk = speechDurationSec(text);
  const speech = talk > 0 ? { startSec: delaySec, endSec: delaySec + talk } : undefined;
  const ends: number[] = [];
  if (limits.maxDurationSeconds > 0) ends.push(limits.maxDurationSeconds);
  if (limits.maxSilenceSeconds > 0) {
    const silent = limits.maxSilenceSeconds;
    ends.push(speech && speech.startSec < silent ? speech.endSec + silent : silent);
  }
  const endSec = ends.length > 0 ? Math.min(...ends) : undefined;
  return { text, ...(speech ? { speech } : {}), ...(endSec !== undefined ? { endSec } : {}) };
}
