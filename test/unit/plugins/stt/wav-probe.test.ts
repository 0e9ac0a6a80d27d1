import assert from 'node:assert/strict';
import { decodeMono, encodeWav16, probeWav, rms } from '../../../../plugins/stt/audio/wav-probe';
import { EngineError } from '../../../../engine/src/index';
import { readWav16, tones, wavFile } from '../../../helpers/stt-audio';

/** A WAV with any fmt and extra chunks, built by hand to reach the parser's corners. */
function rawWav(opts: { tag: number; channels: number; rate: number; bits: number; data: Buffer; extra?: Buffer; dataSize?: number }): Buffer {
  const fmt = Buffer.alloc(24);
  fmt.write('fmt ', 0, 'latin1');
  fmt.writeUInt32LE(16, 4);
  fmt.writeUInt16LE(opts.tag, 8);
  fmt.writeUInt16LE(opts.channels, 10);
  fmt.writeUInt32LE(opts.rate, 12);
  fmt.writeUInt32LE((opts.rate * opts.channels * opts.bits) / 8, 16);
  fmt.writeUInt16LE((opts.channels * opts.bits) / 8, 20);
  fmt.writeUInt16LE(opts.bits, 22);
  const dataHeader = Buffer.alloc(8);
  dataHeader.write('data', 0, 'latin1');
  dataHeader.writeUInt32LE(opts.dataSize ?? opts.data.length, 4);
  const body = Buffer.concat([Buffer.from('WAVE', 'latin1'), fmt, opts.extra ?? Buffer.alloc(0), dataHeader, opts.data]);
  const riff = Buffer.alloc(8);
  riff.write('RIFF', 0, 'latin1');
  riff.writeUInt32LE(body.length, 4);
  return Buffer.concat([riff, body]);
}

function assertInvalid(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => err instanceof EngineError && err.code === 'CE_AUDIO_INVALID');
}

describe('stt wav-probe', () => {
  it('reads an Asterisk 8 kHz 16-bit mono recording: rate, duration, samples and RMS', () => {
    const wav = wavFile(tones([{ hz: 400, amplitude: 0.5 }], 1.5, 8000), 8000);
    const info = probeWav(wav);
    assert.equal(info.encoding, 'pcm');
    assert.equal(info.sampleRate, 8000);
    assert.equal(info.channels, 1);
    assert.equal(info.frames, 12000);
    assert.equal(info.durationSec, 1.5);
    const samples = decodeMono(wav, info);
    assert.ok(Math.abs(rms(samples) - 0.5 / Math.SQRT2) < 0.001);
  });

  it('skips chunks before data (LIST) and reads a stereo recording as the mean of its channels', () => {
    const data = Buffer.alloc(8);
    data.writeInt16LE(16384, 0);
    data.writeInt16LE(0, 2);
    data.writeInt16LE(-16384, 4);
    data.writeInt16LE(-16384, 6);
    const list = Buffer.concat([Buffer.from('LIST', 'latin1'), Buffer.from([3, 0, 0, 0]), Buffer.from('abc\0', 'latin1')]);
    const wav = rawWav({ tag: 1, channels: 2, rate: 16000, bits: 16, data, extra: list });
    const info = probeWav(wav);
    assert.equal(info.frames, 2);
    assert.deepEqual([...decodeMono(wav, info)], [0.25, -0.5]);
  });

  it('clamps a data size of 0 or past the end (a recording still being written) to the bytes present', () => {
    const data = Buffer.alloc(800);
    assert.equal(probeWav(rawWav({ tag: 1, channels: 1, rate: 8000, bits: 16, data, dataSize: 0 })).frames, 400);
    assert.equal(probeWav(rawWav({ tag: 1, channels: 1, rate: 8000, bits: 16, data, dataSize: 0xffffffff })).frames, 400);
  });

  it('decodes 8-bit unsigned, 32-bit float, mu-law and A-law samples', () => {
    const u8 = rawWav({ tag: 1, channels: 1, rate: 8000, bits: 8, data: Buffer.from([128, 192, 64]) });
    assert.deepEqual([...decodeMono(u8, probeWav(u8))], [0, 0.5, -0.5]);
    const f = Buffer.alloc(8);
    f.writeFloatLE(0.25, 0);
    f.writeFloatLE(-1, 4);
    const f32 = rawWav({ tag: 3, channels: 1, rate: 8000, bits: 32, data: f });
    assert.deepEqual([...decodeMono(f32, probeWav(f32))], [0.25, -1]);
    // G.711: 0xFF (mu-law) and 0xD5 (A-law) are the codes nearest zero; 0x80 / 0xAA are full scale.
    const ulaw = rawWav({ tag: 7, channels: 1, rate: 8000, bits: 8, data: Buffer.from([0xff, 0x80, 0x00]) });
    const u = decodeMono(ulaw, probeWav(ulaw));
    assert.equal(u[0], 0);
    assert.ok(u[1]! > 0.97 && u[2]! < -0.97);
    const alaw = rawWav({ tag: 6, channels: 1, rate: 8000, bits: 8, data: Buffer.from([0xd5, 0xaa, 0x2a]) });
    const a = decodeMono(alaw, probeWav(alaw));
    assert.ok(Math.abs(a[0]!) < 0.001);
    assert.ok(a[1]! > 0.97 && a[2]! < -0.97);
  });

  it('rejects what is not a readable WAV with CE_AUDIO_INVALID', () => {
    assertInvalid(() => probeWav(Buffer.from('ID3 this is an mp3 file, not a wav at all')));
    assertInvalid(() => probeWav(rawWav({ tag: 2, channels: 1, rate: 8000, bits: 4, data: Buffer.alloc(100) }))); // ADPCM
    assertInvalid(() => probeWav(rawWav({ tag: 1, channels: 1, rate: 8000, bits: 12, data: Buffer.alloc(100) })));
    const noData = Buffer.concat([Buffer.from('RIFF\x04\x00\x00\x00WAVE', 'latin1')]);
    assertInvalid(() => probeWav(noData));
  });

  it('reads samples from a Buffer that sits at an odd offset in its memory', () => {
    const wav = wavFile(tones([{ hz: 300, amplitude: 0.3 }], 0.2, 8000), 8000);
    const shifted = Buffer.alloc(wav.length + 1);
    wav.copy(shifted, 1);
    const odd = shifted.subarray(1);
    assert.deepEqual(decodeMono(odd, probeWav(odd)), decodeMono(wav, probeWav(wav)));
  });

  it('encodes 16-bit mono WAV that reads back to the same samples', () => {
    const samples = Float32Array.from([0, 0.5, -0.5, 1.5, -2]);
    const wav = encodeWav16(samples, 16000);
    const back = readWav16(wav);
    assert.equal(back.sampleRate, 16000);
    assert.equal(back.channels, 1);
    assert.equal(back.bits, 16);
    assert.equal(probeWav(wav).frames, 5);
    assert.deepEqual([...back.samples].map((s) => Math.round(s * 1000) / 1000), [0, 0.5, -0.5, 1, -1]);
  });
});
