import { runSteps } from './steps';

/**
 * Rational polyphase resampling with a Kaiser-windowed sinc. The same FIR is the anti-image /
 * anti-alias filter AND the clean-up's 3.8 kHz low-pass, so the 8 kHz -> 16 kHz step and the
 * low-pass cost one pass: only the non-zero taps of the zero-stuffed signal are multiplied.
 */

export interface ResamplerDesign {
  readonly up: number;
  readonly down: number;
  /** phases[p][k]: tap p + k*up of the prototype, gain-corrected for zero stuffing. */
  readonly phases: readonly Float64Array[];
  readonly tapsPerPhase: number;
  /** (taps - 1) / 2: the prototype's group delay, at the upsampled rate. */
  readonly delay: number;
}

export interface LowPassSpec {
  /** The -6 dB point of the low-pass, in Hz (capped below both Nyquist rates). */
  readonly cutoffHz: number;
  /** Width of the transition band, in Hz (pass edge = cutoff - width/2). */
  readonly transitionHz: number;
  /** Stop-band attenuation, in dB. */
  readonly attenuationDb: number;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

/** Modified Bessel function of the first kind, order 0 (series; converges fast for Kaiser betas). */
function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  const q = (x * x) / 4;
  for (let k = 1; k < 50 && term > sum * 1e-12; k++) {
    term *= q / (k * k);
    sum += term;
  }
  return sum;
}

function kaiserBeta(attenuationDb: number): number {
  if (attenuationDb > 50) return 0.1102 * (attenuationDb - 8.7);
  if (attenuationDb >= 21) return 0.5842 * Math.pow(attenuationDb - 21, 0.4) + 0.07886 * (attenuationDb - 21);
  return 0;
}

/** Windowed-sinc low-pass; `cutoff` in cycles per sample (0..0.5); odd length, unity DC gain. */
export function designLowPass(taps: number, cutoff: number, attenuationDb: number): Float64Array {
  const h = new Float64Array(taps);
  const beta = kaiserBeta(attenuationDb);
  const mid = (taps - 1) / 2;
  const i0Beta = besselI0(beta);
  let sum = 0;
  for (let n = 0; n < taps; n++) {
    const t = n - mid;
    const sinc = t === 0 ? 2 * cutoff : Math.sin(2 * Math.PI * cutoff * t) / (Math.PI * t);
    const r = t / mid;
    const w = besselI0(beta * Math.sqrt(Math.max(0, 1 - r * r))) / i0Beta;
    h[n] = sinc * w;
    sum += h[n]!;
  }
  for (let n = 0; n < taps; n++) h[n] = h[n]! / sum;
  return h;
}

const designs = new Map<string, ResamplerDesign>();

/** The polyphase design for `fromRate` -> `toRate` with the given low-pass (cached per combination). */
export function resamplerDesign(fromRate: number, toRate: number, spec: LowPassSpec): ResamplerDesign {
  const key = `${fromRate}/${toRate}/${spec.cutoffHz}/${spec.transitionHz}/${spec.attenuationDb}`;
  const cached = designs.get(key);
  if (cached) return cached;
  const g = gcd(fromRate, toRate);
  const up = toRate / g;
  const down = fromRate / g;
  const designRate = fromRate * up;
  const nyquist = Math.min(fromRate, toRate) / 2;
  const cutoffHz = Math.min(spec.cutoffHz, nyquist - spec.transitionHz / 2);
  const deltaOmega = (2 * Math.PI * spec.transitionHz) / designRate;
  let taps = Math.ceil((spec.attenuationDb - 8) / (2.285 * deltaOmega)) + 1;
  taps = Math.ceil(taps / up) * up + 1; // odd and a whole number of taps per phase (plus the centre)
  const proto = designLowPass(taps, cutoffHz / designRate, spec.attenuationDb);
  const tapsPerPhase = Math.ceil(taps / up);
  const phases: Float64Array[] = [];
  for (let p = 0; p < up; p++) {
    const phase = new Float64Array(tapsPerPhase);
    for (let k = 0; k < tapsPerPhase; k++) phase[k] = (proto[p + k * up] ?? 0) * up;
    phases.push(phase);
  }
  const design = { up, down, phases, tapsPerPhase, delay: (taps - 1) / 2 };
  designs.set(key, design);
  return design;
}

/**
 * Resamples `x` with zero phase (the filter delay is compensated), so the output has
 * ceil(len * up / down) samples aligned with the input. A generator: it pauses after every `chunk`
 * output samples so the caller can give the event loop a turn; the return value is the output, in
 * a fresh array or in `into(length)` (a reused buffer).
 */
export function* resampleSteps(x: Float32Array, d: ResamplerDesign, chunk = 16000, into?: (length: number) => Float32Array): Generator<void, Float32Array> {
  const outLength = resampledLength(x.length, d);
  const y = into ? into(outLength) : new Float32Array(outLength);
  for (let from = 0; from < outLength; from += chunk) {
    const to = Math.min(outLength, from + chunk);
    resampleRange(x, d, y, from, to);
    if (to < outLength) yield;
  }
  return y;
}

/**
 * Output samples [from, to): each is its phase's taps against the input, walking backwards from the
 * newest input sample. One flat loop (no per-sample call, so no boxed return values to collect).
 */
function resampleRange(x: Float32Array, d: ResamplerDesign, y: Float32Array, from: number, to: number): void {
  const { up, down, phases, tapsPerPhase: k, delay } = d;
  for (let n = from; n < to; n++) {
    const base = n * down + delay;
    const p = base % up;
    const phase = phases[p]!;
    const newest = (base - p) / up;
    let acc = 0;
    if (newest - k + 1 >= 0 && newest < x.length) {
      // Interior (all but the first and last ~k samples): no bounds checks, no padded copy.
      for (let j = 0, i = newest; j < k; j++, i--) acc += phase[j]! * x[i]!;
    } else {
      for (let j = 0, i = newest; j < k; j++, i--) if (i >= 0 && i < x.length) acc += phase[j]! * x[i]!;
    }
    y[n] = acc;
  }
}

export function resampledLength(inputLength: number, d: ResamplerDesign): number {
  return Math.ceil((inputLength * d.up) / d.down);
}

/** resampleSteps in one go. */
export function resample(x: Float32Array, d: ResamplerDesign): Float32Array {
  return runSteps(resampleSteps(x, d));
}
