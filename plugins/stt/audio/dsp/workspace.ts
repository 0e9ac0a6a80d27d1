/**
 * Sample buffers reused from one in-process clean-up to the next. Each clean-up allocates about 1 MB
 * of intermediate signal; fifty answers at once made that garbage the main source of event-loop
 * stalls (GC). Safe only because one AudioEnhancer runs its clean-ups one at a time (CpuTurns) and
 * no buffer outlives the clean-up that took it: only the encoded WAV leaves.
 */
export class DspWorkspace {
  private readonly buffers = new Map<string, Float32Array>();

  /** @param maxSamples longer signals get fresh arrays, so one odd 10-minute file is not kept. */
  constructor(private readonly maxSamples = 16000 * 60) {}

  /** A zero-filled array of `length` samples under `name`, valid until the next take of that name. */
  take(name: string, length: number): Float32Array {
    if (length > this.maxSamples) return new Float32Array(length);
    let buffer = this.buffers.get(name);
    if (!buffer || buffer.length < length) {
      buffer = new Float32Array(length);
      this.buffers.set(name, buffer);
    }
    const view = buffer.subarray(0, length);
    view.fill(0);
    return view;
  }
}
