import { highPass, highShelf, type Biquad } from './biquad';

/**
 * Loudness normalisation (the in-process stand-in for ffmpeg's `loudnorm=I=-19:TP=-2`): measure the
 * integrated loudness as ITU-R BS.1770-4 defines it (K-weighting, 400 ms blocks with 75 % overlap,
 * -70 LUFS absolute gate, -10 LU relative gate; a clip under 400 ms is one block), apply one gain towards the target, and hold the
 * peaks under the ceiling with a smooth look-ahead limiter instead of clipping them.
 */

const kWeightingCache = new Map<number, Biquad[]>();

/** BS.1770 K-weighting (pre-filter shelf + RLB high-pass) designed for any sample rate. */
function kWeighting(sampleRate: number): Biquad[] {
  let sections = kWeightingCache.get(sampleRate);
  if (!sections) {
    sections = [highShelf(1681.974450955533, 0.7071752369554196, 3.999843853973347, sampleRate), highPass(38.13547087602444, 0.5003270373238773, sampleRate)];
    kWeightingCache.set(sampleRate, sections);
  }
  return sections;
}

/**
 * Sums of squares of the K-weighted signal per `step` samples (the last partial step included when
 * there are fewer than four steps), filtering on the fly instead of into a copy.
 */
function kWeightedPowers(x: Float32Array, sections: readonly Biquad[], step: number): number[] {
  const [s1, s2] = sections as [Biquad, Biquad];
  let a1 = 0, a2 = 0, b1 = 0, b2 = 0, sum = 0;
  const sums: number[] = [];
  for (let i = 0; i < x.length; i++) {
    const input = x[i]!;
    const y1 = s1.b0 * input + a1;
    a1 = s1.b1 * input - s1.a1 * y1 + a2;
    a2 = s1.b2 * input - s1.a2 * y1;
    const y2 = s2.b0 * y1 + b1;
    b1 = s2.b1 * y1 - s2.a1 * y2 + b2;
    b2 = s2.b2 * y1 - s2.a2 * y2;
    sum += y2 * y2;
    if ((i + 1) % step === 0) {
      sums.push(sum);
      sum = 0;
    }
  }
  if (x.length < 4 * step) sums.push(sum);
  return sums;
}

/** Integrated loudness in LUFS; -Infinity for silence. */
export function integratedLoudness(x: Float32Array, sampleRate: number): number {
  const step = Math.round(0.1 * sampleRate);
  if (x.length === 0) return -Infinity;
  const quarters = kWeightedPowers(x, kWeighting(sampleRate), step);
  if (x.length < 4 * step) return -0.691 + 10 * Math.log10(quarters.reduce((a, b) => a + b, 0) / x.length);
  // 400 ms blocks every 100 ms: each block is four consecutive 100 ms sums.
  const powers: number[] = [];
  for (let q = 0; q + 4 <= quarters.length; q++) powers.push((quarters[q]! + quarters[q + 1]! + quarters[q + 2]! + quarters[q + 3]!) / (4 * step));
  const lufs = (p: number): number => -0.691 + 10 * Math.log10(p);
  const absolute = powers.filter((p) => lufs(p) > -70);
  if (absolute.length === 0) return -Infinity;
  const mean = (ps: number[]): number => ps.reduce((a, b) => a + b, 0) / ps.length;
  const relativeGate = lufs(mean(absolute)) - 10;
  const gated = absolute.filter((p) => lufs(p) > relativeGate);
  return lufs(mean(gated));
}

/**
 * Multiplies `x` by `gain` in place, then limits every sample to `ceiling`: the needed reduction is
 * spread backwards over ~2 ms (attack, so the peak is met smoothly) and released over ~60 ms.
 * `scratch` (at least x.length samples) spares the envelope's allocation.
 */
export function applyGainWithLimiter(x: Float32Array, gain: number, ceiling: number, sampleRate: number, scratch?: Float32Array): void {
  const need = scratch && scratch.length >= x.length ? scratch : new Float32Array(x.length);
  let limited = false;
  for (let i = 0; i < x.length; i++) {
    const a = Math.abs(x[i]! * gain);
    need[i] = a > ceiling ? ceiling / a : 1;
    if (a > ceiling) limited = true;
  }
  if (limited) {
    const attack = 1 - Math.exp(-1 / (0.002 * sampleRate));
    const release = 1 - Math.exp(-1 / (0.06 * sampleRate));
    for (let i = x.length - 2; i >= 0; i--) need[i] = Math.min(need[i]!, need[i + 1]! + (1 - need[i + 1]!) * attack);
    for (let i = 1; i < x.length; i++) need[i] = Math.min(need[i]!, need[i - 1]! + (1 - need[i - 1]!) * release);
  }
  for (let i = 0; i < x.length; i++) x[i] = x[i]! * gain * need[i]!;
}

export interface NormaliseOptions {
  readonly targetLufs: number;
  /** Sample-peak ceiling in dBFS. */
  readonly peakDb: number;
  /** The most gain applied (default 40 dB: an answer just over the silence gate, about -60 dBFS, still reaches the target), so hiss is never blown up without bound. */
  readonly maxGainDb?: number;
}

/** The linear gain that brings `measuredLufs` to the target (1 for silence), capped at maxGainDb. */
export function normaliseGain(measuredLufs: number, opts: NormaliseOptions): number {
  if (!Number.isFinite(measuredLufs)) return 1;
  return Math.pow(10, Math.min(opts.targetLufs - measuredLufs, opts.maxGainDb ?? 40) / 20);
}

export function peakCeiling(opts: NormaliseOptions): number {
  return Math.pow(10, opts.peakDb / 20);
}

/** Normalises `x` in place; returns the loudness measured before, for logs. */
export function normaliseLoudness(x: Float32Array, sampleRate: number, opts: NormaliseOptions): number {
  const before = integratedLoudness(x, sampleRate);
  applyGainWithLimiter(x, normaliseGain(before, opts), peakCeiling(opts), sampleRate);
  return before;
}
