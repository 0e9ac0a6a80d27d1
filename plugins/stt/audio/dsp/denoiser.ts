import { Fft } from './fft';
import { runSteps, type Steps } from './steps';

/**
 * Spectral-subtraction denoiser (the in-process stand-in for ffmpeg's `afftdn`). The noise spectrum is
 * the mean of the quietest fifth of the frames: a 2-10 s answer always has pauses, and line noise is
 * steady. Each bin gets a Wiener-like gain `1 - alpha*N/P`, floored at -maxReductionDb (so a wrong
 * estimate can dull speech but never erase it) and smoothed over time against "musical noise".
 *
 * Cost: two real frames share one complex FFT (a in the real part, b in the imaginary part), and the
 * frame is 32 ms at 16 kHz with 50 % overlap (sqrt-Hann analysis and synthesis sum to one).
 */
export interface DenoiseOptions {
  readonly maxReductionDb: number;
  /** Over-subtraction factor (2 suits a steady noise floor). */
  readonly alpha?: number;
  /** Share of the previous frame's gain kept (0 = no smoothing). */
  readonly smoothing?: number;
  /** Share of frames taken as noise-only. */
  readonly noiseShare?: number;
}

const FRAME = 512;
const HOP = FRAME / 2;
const HALF = FRAME / 2;
const fft = new Fft(FRAME);
const window = Float64Array.from({ length: FRAME }, (_, n) => Math.sin((Math.PI * n) / FRAME));

interface Work {
  readonly re: Float64Array;
  readonly im: Float64Array;
}

/** Signal position of frame f's first sample: frame 0 starts one hop before the signal. */
function frameStart(f: number): number {
  return f * HOP - HOP;
}

/** Windowed frame f of `x` into `dst` (zeros outside the signal). */
function loadFrame(x: Float32Array, f: number, dst: Float64Array): void {
  const start = frameStart(f);
  if (start >= 0 && start + FRAME <= x.length) {
    for (let n = 0; n < FRAME; n++) dst[n] = x[start + n]! * window[n]!;
    return;
  }
  for (let n = 0, i = start; n < FRAME; n++, i++) dst[n] = i >= 0 && i < x.length ? x[i]! * window[n]! : 0;
}

/** Loads frames `a` and `b` (b may be absent) windowed into one complex buffer, and transforms it. */
function loadPair(x: Float32Array, a: number, b: number | undefined, w: Work): void {
  loadFrame(x, a, w.re);
  if (b === undefined) w.im.fill(0);
  else loadFrame(x, b, w.im);
  fft.transform(w.re, w.im);
}

/** Mean power spectrum (bins 0..N/2) of the quietest frames that lie fully inside the signal. */
function noiseSpectrum(x: Float32Array, frames: number, share: number, w: Work): Float64Array {
  const inner: { index: number; energy: number }[] = [];
  for (let f = 2; f < frames - 2; f++) {
    let e = 0;
    for (let n = frameStart(f); n < frameStart(f) + FRAME; n++) e += x[n]! * x[n]!;
    inner.push({ index: f, energy: e });
  }
  inner.sort((p, q) => p.energy - q.energy);
  const quiet = inner.slice(0, Math.max(1, Math.floor(inner.length * share))).map((q) => q.index);
  const noise = new Float64Array(HALF + 1);
  for (let i = 0; i < quiet.length; i += 2) {
    loadPair(x, quiet[i]!, quiet[i + 1], w);
    for (let k = 0; k <= HALF; k++) {
      const m = (FRAME - k) % FRAME;
      const ar = (w.re[k]! + w.re[m]!) / 2, ai = (w.im[k]! - w.im[m]!) / 2;
      const br = (w.im[k]! + w.im[m]!) / 2, bi = (w.re[m]! - w.re[k]!) / 2;
      noise[k] = noise[k]! + ar * ar + ai * ai + (i + 1 < quiet.length ? br * br + bi * bi : 0);
    }
  }
  for (let k = 0; k <= HALF; k++) noise[k] = noise[k]! / quiet.length;
  return noise;
}

interface Suppressor {
  readonly noise: Float64Array;
  /** Per-bin gain, carried from frame to frame for the smoothing. */
  readonly gain: Float64Array;
  readonly alpha: number;
  readonly smooth: number;
  readonly floor: number;
}

function binGain(s: Suppressor, k: number, power: number): number {
  const raw = power > 0 ? Math.max(s.floor, 1 - (s.alpha * s.noise[k]!) / power) : s.floor;
  s.gain[k] = s.smooth * s.gain[k]! + (1 - s.smooth) * raw;
  return s.gain[k]!;
}

/** Splits the pair's spectrum into frame a and frame b, applies each one's gains, recombines. */
function suppressPair(w: Work, s: Suppressor, hasB: boolean): void {
  for (let k = 0; k <= HALF; k++) {
    const m = (FRAME - k) % FRAME;
    const zr = w.re[k]!, zi = w.im[k]!, wr = w.re[m]!, wi = w.im[m]!;
    const ar = (zr + wr) / 2, ai = (zi - wi) / 2, br = (zi + wi) / 2, bi = (wr - zr) / 2;
    const ga = binGain(s, k, ar * ar + ai * ai);
    const gb = hasB ? binGain(s, k, br * br + bi * bi) : 0;
    w.re[k] = ga * ar - gb * bi;
    w.im[k] = ga * ai + gb * br;
    if (m !== k) {
      w.re[m] = ga * ar + gb * bi;
      w.im[m] = -ga * ai + gb * br;
    }
  }
}

/** Inverse-transforms the pair and overlap-adds frame a (real part) and frame b (imaginary part). */
function overlapAdd(out: Float32Array, w: Work, f: number, hasB: boolean): void {
  fft.transform(w.re, w.im, true);
  addFrame(out, w.re, frameStart(f));
  if (hasB) addFrame(out, w.im, frameStart(f + 1));
}

function addFrame(out: Float32Array, frame: Float64Array, start: number): void {
  const from = Math.max(0, -start);
  const to = Math.min(FRAME, out.length - start);
  for (let n = from; n < to; n++) out[start + n] = out[start + n]! + (frame[n]! * window[n]!) / FRAME;
}

/**
 * Denoises `x` into a new array (or `into(length)`), pausing after every `pairsPerStep` frame pairs
 * (see steps.ts); signals shorter than ~5 frames come back unchanged.
 */
export function* denoiseSteps(x: Float32Array, opts: DenoiseOptions, pairsPerStep = 32, into?: (length: number) => Float32Array): Steps<Float32Array> {
  const frames = Math.ceil(x.length / HOP) + 1;
  const out = into ? into(x.length) : new Float32Array(x.length);
  if (frames < 6 || opts.maxReductionDb <= 0) {
    out.set(x);
    return out;
  }
  const w: Work = { re: new Float64Array(FRAME), im: new Float64Array(FRAME) };
  const s: Suppressor = {
    noise: noiseSpectrum(x, frames, opts.noiseShare ?? 0.2, w),
    gain: new Float64Array(HALF + 1).fill(1),
    alpha: opts.alpha ?? 2,
    smooth: opts.smoothing ?? 0.5,
    floor: Math.pow(10, -opts.maxReductionDb / 20),
  };
  for (let f = 0, pairs = 0; f < frames; f += 2) {
    const hasB = f + 1 < frames;
    loadPair(x, f, hasB ? f + 1 : undefined, w);
    suppressPair(w, s, hasB);
    overlapAdd(out, w, f, hasB);
    if (++pairs % pairsPerStep === 0) yield;
  }
  return out;
}

/** denoiseSteps in one go. */
export function denoise(x: Float32Array, opts: DenoiseOptions): Float32Array {
  return runSteps(denoiseSteps(x, opts));
}
