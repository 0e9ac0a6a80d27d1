import { SAMPLE_RATE } from './wav-audio';

/** Seconds per spoken character (Persian conversational speech, about 13 characters a second). */
const SECONDS_PER_CHAR = 0.075;
const MIN_SPEECH_SECONDS = 0.6;
/** Peak of the synthetic voice; silence stays within ±SILENCE_NOISE. */
const VOICE_PEAK = 7000;
const SILENCE_NOISE = 2;

/** How long the simulated person takes to say `text` (0 for silence). */
export function speechDurationSec(text: string): number {
  const letters = text.replace(/[\s.,،؟?!…-]+/g, '').length;
  if (letters === 0) return 0;
  return Math.round(Math.max(MIN_SPEECH_SECONDS, letters * SECONDS_PER_CHAR + 0.2) * 1000) / 1000;
}

/** What a recording contains: `totalSec` of audio, voiced between `speech.startSec` and `endSec`. */
export interface AudioPlan {
  readonly totalSec: number;
  readonly speech?: { readonly startSec: number; readonly endSec: number };
}

/**
 * Synthesises the recording: near-zero noise for silence (an energy VAD finds nothing), and for
 * speech a 120 Hz voice with harmonics under a 4 Hz syllable envelope (a VAD and an STT engine
 * both see "someone talking" of the right length). Deterministic for a given `seed`.
 */
export function synthesize(plan: AudioPlan, seed = 1): Int16Array {
  const total = Math.max(0, Math.round(plan.totalSec * SAMPLE_RATE));
  const out = new Int16Array(total);
  let state = (seed >>> 0) || 1;
  const start = plan.speech ? Math.round(plan.speech.startSec * SAMPLE_RATE) : total;
  const end = plan.speech ? Math.min(total, Math.round(plan.speech.endSec * SAMPLE_RATE)) : total;
  for (let i = 0; i < total; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    const noise = ((state >>> 16) % (2 * SILENCE_NOISE + 1)) - SILENCE_NOISE;
    out[i] = i >= start && i < end ? voiced(i - start, end - start) + noise : noise;
  }
  return out;
}

function voiced(n: number, length: number): number {
  const t = n / SAMPLE_RATE;
  const f0 = 120 + 15 * Math.sin(2 * Math.PI * 0.7 * t);
  let wave = 0;
  for (let k = 1; k <= 6; k++) wave += Math.sin(2 * Math.PI * f0 * k * t) / k;
  const syllables = 0.35 + 0.65 * (0.5 - 0.5 * Math.cos(2 * Math.PI * 4 * t));
  const fade = Math.min(1, n / 160, (length - n) / 160);
  return Math.round((wave / 2.45) * VOICE_PEAK * syllables * fade);
}
