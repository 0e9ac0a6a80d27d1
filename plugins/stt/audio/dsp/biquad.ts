/**
 * Second-order IIR sections (RBJ audio-EQ cookbook), normalised so a0 = 1. Processing keeps its state
 * in doubles and runs in place, so a cascade costs no allocation.
 */
export interface Biquad {
  readonly b0: number;
  readonly b1: number;
  readonly b2: number;
  readonly a1: number;
  readonly a2: number;
}

function normalise(b0: number, b1: number, b2: number, a0: number, a1: number, a2: number): Biquad {
  return { b0: b0 / a0, b1: b1 / a0, b2: b2 / a0, a1: a1 / a0, a2: a2 / a0 };
}

export function highPass(freqHz: number, q: number, sampleRate: number): Biquad {
  const w0 = (2 * Math.PI * freqHz) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  return normalise((1 + cos) / 2, -(1 + cos), (1 + cos) / 2, 1 + alpha, -2 * cos, 1 - alpha);
}

export function highShelf(freqHz: number, q: number, gainDb: number, sampleRate: number): Biquad {
  const a = Math.pow(10, gainDb / 40);
  const w0 = (2 * Math.PI * freqHz) / sampleRate;
  const cos = Math.cos(w0);
  const alpha = Math.sin(w0) / (2 * q);
  const s = 2 * Math.sqrt(a) * alpha;
  return normalise(
    a * (a + 1 + (a - 1) * cos + s),
    -2 * a * (a - 1 + (a + 1) * cos),
    a * (a + 1 + (a - 1) * cos - s),
    a + 1 - (a - 1) * cos + s,
    2 * (a - 1 - (a + 1) * cos),
    a + 1 - (a - 1) * cos - s,
  );
}

/**
 * A 4th-order Butterworth high-pass as two sections (Q 0.541 and 1.307): -3 dB at `freqHz`, about
 * -30 dB an octave and a bit below (mains hum at 50 Hz under a 120 Hz corner), flat above 2x the corner.
 */
export function butterworthHighPass4(freqHz: number, sampleRate: number): Biquad[] {
  return [highPass(freqHz, 0.5411961, sampleRate), highPass(freqHz, 1.3065630, sampleRate)];
}

/** Runs the sections one after another over `x` in place (transposed direct form II). */
export function applyBiquads(x: Float32Array, sections: readonly Biquad[]): void {
  for (const { b0, b1, b2, a1, a2 } of sections) {
    let z1 = 0;
    let z2 = 0;
    for (let i = 0; i < x.length; i++) {
      const input = x[i]!;
      const y = b0 * input + z1;
      z1 = b1 * input - a1 * y + z2;
      z2 = b2 * input - a2 * y;
      x[i] = y;
    }
  }
}
