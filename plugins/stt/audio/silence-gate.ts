import type { SilenceConfig } from '../stt.config';
import { decodeMono, probeWav, rms, type WavInfo } from './wav-probe';

/**
 * The "no speech" check that runs before any clean-up or provider request (legacy rule): a file under
 * 800 bytes, under 0.1 s, or with a normalised RMS under 0.001 holds no answer. Asterisk counts its
 * silence limit from the start of the recording, so a customer who waits too long produces exactly
 * such a file; the call flow then treats it as "silent" (and may say "alo?" and record again).
 */
export type SilenceReason = 'tiny' | 'short' | 'quiet';

export type GateVerdict =
  | { readonly silent: true; readonly reason: SilenceReason; readonly durationSec?: number; readonly rms?: number }
  | {
      readonly silent: false;
      readonly info: WavInfo;
      /** Decoded once here and reused by the in-process clean-up. */
      readonly samples: Float32Array;
      readonly durationSec: number;
      readonly rms: number;
    };

/** Throws `CE_AUDIO_INVALID` when the file is big enough to judge but is not a readable WAV. */
export function silenceGate(audio: Buffer, limits: SilenceConfig): GateVerdict {
  if (audio.length < limits.minBytes) return { silent: true, reason: 'tiny' };
  const info = probeWav(audio);
  if (info.durationSec < limits.minDurationSec) return { silent: true, reason: 'short', durationSec: info.durationSec };
  const samples = decodeMono(audio, info);
  const level = rms(samples);
  if (level < limits.minRms) return { silent: true, reason: 'quiet', durationSec: info.durationSec, rms: level };
  return { silent: false, info, samples, durationSec: info.durationSec, rms: level };
}
