/**
 * Synthetic recordings for the STT plugin's tests and benchmark: tones, a speech-like answer (voiced
 * syllables with pauses, hiss and mains hum) and measurement helpers, all deterministic.
 */
import { SeededRandom } from './seeded-random';

/** Deterministic pseudo-random numbers in [0, 1) (mulberry32), so every run hears the same noise. */
export function seededRandom(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

export interface ToneSpec {
  readonly hz: number;
  /** Peak amplitude, 0..1. */
  readonly amplitude: number;
}

export function tones(spec: readonly ToneSpec[], seconds: number, sampleRate: number): Float32Array {
  const out = new Float32Array(Math.round(seconds * sampleRate));
  for (const { hz, amplitude } of spec) {
    for (let i = 0; i < out.length; i++) out[i] = out[i]! + amplitude * Math.sin((2 * Math.PI * hz * i) / sampleRate);
  }
  return out;
}

export function whiteNoise(seconds: number, sampleRate: number, amplitude: number, seed = 7): Float32Array {
  const rnd = seededRandom(seed);
  return Float32Array.from({ length: Math.round(seconds * sampleRate) }, () => (rnd() * 2 - 1) * amplitude);
}

export function mix(...signals: Float32Array[]): Float32Array {
  const out = new Float32Array(Math.max(...signals.map((s) => s.length)));
  for (const s of signals) for (let i = 0; i < s.length; i++) out[i] = out[i]! + s[i]!;
  return out;
}

/**
 * A speech-like answer: `syllables` voiced bursts (f0 110-190 Hz with harmonics up to 3.4 kHz, shaped
 * by two formants) separated by pauses, over hiss at -50 dBFS and 50 Hz hum at -40 dBFS.
 */
export function speechLike(seconds: number, sampleRate: number, seed = 1): Float32Array {
  const rnd = seededRandom(seed);
  const n = Math.round(seconds * sampleRate);
  const out = new Float32Array(n);
  let t = Math.round(0.3 * sampleRate);
  while (t < n - 0.3 * sampleRate) {
    const len = Math.round((0.15 + rnd() * 0.2) * sampleRate);
    const f0 = 110 + rnd() * 80;
    const formants = [500 + rnd() * 400, 1200 + rnd() * 1000];
    for (let h = 1; h * f0 < 3400; h++) {
      const f = h * f0;
      const shape = formants.reduce((g, fc) => g + 1 / (1 + Math.pow((f - fc) / 150, 2)), 0.05);
      const amp = (0.08 * shape) / Math.sqrt(h);
      for (let i = 0; i < len && t + i < n; i++) {
        const env = Math.sin((Math.PI * i) / len);
        out[t + i] = out[t + i]! + amp * env * Math.sin((2 * Math.PI * f * i) / sampleRate);
      }
    }
    t += len + Math.round((0.08 + rnd() * 0.25) * sampleRate);
  }
  const hiss = whiteNoise(seconds, sampleRate, 0.0055, seed + 1);
  const hum = tones([{ hz: 50, amplitude: 0.014 }], seconds, sampleRate);
  return mix(out, hiss, hum);
}

/** A 16-bit mono PCM WAV (what Asterisk's `wav` format writes). */
export function wavFile(samples: Float32Array, sampleRate: number): Buffer {
  const out = Buffer.alloc(44 + samples.length * 2);
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + samples.length * 2, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(samples.length * 2, 40);
  for (let i = 0; i < samples.length; i++) {
    out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), 44 + i * 2);
  }
  return out;
}

/** The 4 s 8 kHz answer the benchmark and the latency goal are about. */
export function benchmarkRecording(): Buffer {
  return wavFile(speechLike(4, 8000), 8000);
}

/**
 * Amplitude of one frequency in a signal (Goertzel over whole periods of a Hann-windowed span), so a
 * test can compare a tone's level before and after a filter.
 */
export function toneAmplitude(x: Float32Array, hz: number, sampleRate: number, from = 0, to = x.length): number {
  const len = to - from;
  const w = (2 * Math.PI * hz) / sampleRate;
  let re = 0;
  let im = 0;
  let wsum = 0;
  for (let i = 0; i < len; i++) {
    const win = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / len);
    re += x[from + i]! * win * Math.cos(w * i);
    im -= x[from + i]! * win * Math.sin(w * i);
    wsum += win;
  }
  return (2 * Math.hypot(re, im)) / wsum;
}

export function db(ratio: number): number {
  return 20 * Math.log10(ratio);
}

export function rmsOf(x: Float32Array, from = 0, to = x.length): number {
  let s = 0;
  for (let i = from; i < to; i++) s += x[i]! * x[i]!;
  return Math.sqrt(s / Math.max(1, to - from));
}

/** Decodes a 16-bit mono WAV made by the plugin back to floats (44-byte header). */
export function readWav16(buf: Buffer): { sampleRate: number; channels: number; bits: number; samples: Float32Array } {
  const sampleRate = buf.readUInt32LE(24);
  const channels = buf.readUInt16LE(22);
  const bits = buf.readUInt16LE(34);
  const count = (buf.length - 44) / 2;
  const samples = new Float32Array(count);
  for (let i = 0; i < count; i++) samples[i] = buf.readInt16LE(44 + i * 2) / 32768;
  return { sampleRate, channels, bits, samples };
}
