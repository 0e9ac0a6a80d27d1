import { EngineError } from '../../../engine/src/index';

/**
 * RIFF/WAVE reading without a library. Asterisk's `wav` is 8 kHz 16-bit mono PCM (`wav16` 16 kHz);
 * other formats are decoded too so a recording copied from elsewhere still gets its silence check.
 */
export type WavEncoding = 'pcm' | 'float' | 'alaw' | 'mulaw';

export interface WavInfo {
  readonly encoding: WavEncoding;
  readonly sampleRate: number;
  readonly channels: number;
  readonly bitsPerSample: number;
  /** Byte offset of the first sample. */
  readonly dataOffset: number;
  /** Sample bytes actually present (a header size beyond the file end is clamped). */
  readonly dataBytes: number;
  /** Samples per channel. */
  readonly frames: number;
  readonly durationSec: number;
}

/** Typed views over sample bytes are only valid on a little-endian machine (x86, ARM as Linux runs them). */
const littleEndian = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

const FORMAT_TAGS: Readonly<Record<number, WavEncoding>> = { 1: 'pcm', 3: 'float', 6: 'alaw', 7: 'mulaw' };
const EXTENSIBLE = 0xfffe;

function invalid(message: string): EngineError {
  return new EngineError('CE_AUDIO_INVALID', message);
}

interface FmtChunk {
  readonly encoding: WavEncoding;
  readonly channels: number;
  readonly sampleRate: number;
  readonly bitsPerSample: number;
}

function readFmt(buf: Buffer, at: number, size: number): FmtChunk {
  if (size < 16 || at + 16 > buf.length) throw invalid('WAV fmt chunk is too short');
  let tag = buf.readUInt16LE(at);
  // WAVE_FORMAT_EXTENSIBLE keeps the real format tag in the first two bytes of its sub-format GUID.
  if (tag === EXTENSIBLE && size >= 26 && at + 26 <= buf.length) tag = buf.readUInt16LE(at + 24);
  const encoding = FORMAT_TAGS[tag];
  if (!encoding) throw invalid(`WAV format tag ${tag} is not supported`);
  const channels = buf.readUInt16LE(at + 2);
  const sampleRate = buf.readUInt32LE(at + 4);
  const bitsPerSample = buf.readUInt16LE(at + 14);
  if (channels < 1 || sampleRate < 1000 || sampleRate > 384000) throw invalid('WAV channels or sample rate out of range');
  const okBits = encoding === 'pcm' ? [8, 16, 24, 32] : encoding === 'float' ? [32, 64] : [8];
  if (!okBits.includes(bitsPerSample)) throw invalid(`WAV ${encoding} with ${bitsPerSample} bits is not supported`);
  return { encoding, channels, sampleRate, bitsPerSample };
}

/** Parses the header; throws `CE_AUDIO_INVALID` for anything that is not a readable WAV. */
export function probeWav(buf: Buffer): WavInfo {
  if (buf.length < 12 || buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    throw invalid('not a RIFF/WAVE file');
  }
  let fmt: FmtChunk | undefined;
  let at = 12;
  while (at + 8 <= buf.length) {
    const id = buf.toString('latin1', at, at + 4);
    const size = buf.readUInt32LE(at + 4);
    const body = at + 8;
    if (id === 'fmt ') fmt = readFmt(buf, body, size);
    if (id === 'data') {
      if (!fmt) throw invalid('WAV data chunk before its fmt chunk');
      // A recording still being written (or cut short) has a size of 0, 0xFFFFFFFF or past the end.
      const available = buf.length - body;
      const declared = size === 0 || size > available ? available : size;
      const blockAlign = (fmt.channels * fmt.bitsPerSample) / 8;
      const frames = Math.floor(declared / blockAlign);
      return { ...fmt, dataOffset: body, dataBytes: frames * blockAlign, frames, durationSec: frames / fmt.sampleRate };
    }
    at = body + size + (size % 2);
  }
  throw invalid('WAV has no data chunk');
}

function g711Table(alaw: boolean): Float32Array {
  const table = new Float32Array(256);
  for (let i = 0; i < 256; i++) {
    let value: number;
    if (alaw) {
      const a = i ^ 0x55;
      const exponent = (a >> 4) & 7;
      const mantissa = a & 15;
      const magnitude = exponent === 0 ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
      value = a & 0x80 ? magnitude : -magnitude;
    } else {
      const u = ~i & 0xff;
      const exponent = (u >> 4) & 7;
      const magnitude = ((((u & 15) << 3) + 0x84) << exponent) - 0x84;
      value = u & 0x80 ? -magnitude : magnitude;
    }
    table[i] = value / 32768;
  }
  return table;
}

let alawTable: Float32Array | undefined;
let mulawTable: Float32Array | undefined;

function sampleReader(buf: Buffer, info: WavInfo): (offset: number) => number {
  const { encoding, bitsPerSample: bits } = info;
  if (encoding === 'alaw') {
    const t = (alawTable ??= g711Table(true));
    return (o) => t[buf[o]!]!;
  }
  if (encoding === 'mulaw') {
    const t = (mulawTable ??= g711Table(false));
    return (o) => t[buf[o]!]!;
  }
  if (encoding === 'float') return bits === 32 ? (o) => buf.readFloatLE(o) : (o) => buf.readDoubleLE(o);
  if (bits === 8) return (o) => (buf[o]! - 128) / 128;
  if (bits === 24) return (o) => buf.readIntLE(o, 3) / 8388608;
  if (bits === 32) return (o) => buf.readInt32LE(o) / 2147483648;
  return (o) => buf.readInt16LE(o) / 32768;
}

/** The samples as mono floats in [-1, 1] (channels averaged). */
export function decodeMono(buf: Buffer, info: WavInfo): Float32Array {
  const out = new Float32Array(info.frames);
  const { channels, dataOffset } = info;
  const width = info.bitsPerSample / 8;
  if (info.encoding === 'pcm' && width === 2 && channels === 1) {
    // The common Asterisk case, kept free of per-sample closures (a typed view when aligned).
    if (littleEndian && (buf.byteOffset + dataOffset) % 2 === 0) {
      const pcm = new Int16Array(buf.buffer, buf.byteOffset + dataOffset, out.length);
      for (let i = 0; i < out.length; i++) out[i] = pcm[i]! / 32768;
    } else {
      for (let i = 0, o = dataOffset; i < out.length; i++, o += 2) out[i] = buf.readInt16LE(o) / 32768;
    }
    return out;
  }
  const read = sampleReader(buf, info);
  const stride = width * channels;
  for (let i = 0; i < out.length; i++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += read(dataOffset + i * stride + c * width);
    out[i] = sum / channels;
  }
  return out;
}

/** Root mean square of normalised samples (0 for an empty signal). */
export function rms(samples: Float32Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) sum += samples[i]! * samples[i]!;
  return Math.sqrt(sum / samples.length);
}

/** A 16-bit mono PCM WAV of the samples (clipped to [-1, 1]). */
export function encodeWav16(samples: Float32Array, sampleRate: number): Buffer {
  // A fresh ArrayBuffer (not the shared pool), so the samples after the 44-byte header are 2-aligned.
  const ab = new ArrayBuffer(44 + samples.length * 2);
  const out = Buffer.from(ab);
  writeWavHeader(out, sampleRate, samples.length * 2);
  if (littleEndian) {
    const pcm = new Int16Array(ab, 44, samples.length);
    for (let i = 0; i < samples.length; i++) {
      const s = samples[i]!;
      pcm[i] = Math.round((s > 1 ? 1 : s < -1 ? -1 : s) * 32767);
    }
    return out;
  }
  for (let i = 0, o = 44; i < samples.length; i++, o += 2) out.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i]!)) * 32767), o);
  return out;
}

/** Writes a 44-byte mono 16-bit PCM header into `out`. */
export function writeWavHeader(out: Buffer, sampleRate: number, dataBytes: number): void {
  out.write('RIFF', 0, 'latin1');
  out.writeUInt32LE(36 + dataBytes, 4);
  out.write('WAVEfmt ', 8, 'latin1');
  out.writeUInt32LE(16, 16);
  out.writeUInt16LE(1, 20);
  out.writeUInt16LE(1, 22);
  out.writeUInt32LE(sampleRate, 24);
  out.writeUInt32LE(sampleRate * 2, 28);
  out.writeUInt16LE(2, 32);
  out.writeUInt16LE(16, 34);
  out.write('data', 36, 'latin1');
  out.writeUInt32LE(dataBytes, 40);
}
