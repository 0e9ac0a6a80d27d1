import assert from 'node:assert/strict';
import { speechDurationSec, synthesize } from '../../../../../engine/src/simulator/core/speech-audio';
import { encodeAlaw, encodeSln, encodeUlaw, encodeWav, readWavInfo, wavSamples } from '../../../../../engine/src/simulator/core/wav-audio';

function rms(samples: Int16Array, from: number, to: number): number {
  let sum = 0;
  for (let i = from; i < to; i++) sum += (samples[i] ?? 0) ** 2;
  return Math.sqrt(sum / Math.max(1, to - from));
}

describe('simulator audio', () => {
  it('writes a canonical 8 kHz 16-bit mono PCM WAV (the header Asterisk writes)', () => {
    const wav = encodeWav(new Int16Array([0, 1000, -1000, 32767]));
    assert.equal(wav.toString('ascii', 0, 4), 'RIFF');
    assert.equal(wav.readUInt32LE(4), 36 + 8);
    assert.equal(wav.toString('ascii', 8, 16), 'WAVEfmt ');
    assert.deepEqual([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt32LE(28), wav.readUInt16LE(32), wav.readUInt16LE(34)], [1, 1, 8000, 16000, 2, 16]);
    assert.equal(wav.toString('ascii', 36, 40), 'data');
    assert.equal(wav.readUInt32LE(40), 8);
    assert.deepEqual([...wavSamples(wav)], [0, 1000, -1000, 32767]);
  });

  it('reads the duration back from the RIFF chunks', () => {
    const info = readWavInfo(encodeWav(new Int16Array(12000)));
    assert.equal(info?.durationSec, 1.5);
    assert.equal(readWavInfo(Buffer.from('not a wav file at all')), undefined);
  });

  it('encodes G.711 like the reference coder', () => {
    assert.deepEqual([...encodeUlaw(new Int16Array([0, 32767, -32768]))], [0xff, 0x80, 0x00]);
    assert.deepEqual([...encodeAlaw(new Int16Array([0, 32767, -32768]))], [0xd5, 0xaa, 0x2a]);
    assert.equal(encodeSln(new Int16Array(10)).length, 20);
  });

  it('makes speech last longer for longer text, and silence last nothing', () => {
    assert.equal(speechDurationSec(''), 0);
    assert.equal(speechDurationSec('  ،؟ '), 0);
    assert.ok(speechDurationSec('بله') >= 0.6);
    assert.ok(speechDurationSec('شماره من را از کجا آوردید؟') > speechDurationSec('بله') + 0.8);
  });

  it('synthesises near-zero silence and a loud voice exactly where the plan puts it', () => {
    const samples = synthesize({ totalSec: 3, speech: { startSec: 1, endSec: 2 } }, 7);
    assert.equal(samples.length, 24000);
    assert.ok(rms(samples, 0, 8000) < 3, 'silence before');
    assert.ok(rms(samples, 8000, 16000) > 1000, 'voice');
    assert.ok(rms(samples, 16000, 24000) < 3, 'silence after');
    assert.ok(Math.max(...[...samples.subarray(0, 8000)].map(Math.abs)) <= 2);
    assert.deepEqual(synthesize({ totalSec: 0.1 }, 7), synthesize({ totalSec: 0.1 }, 7));
  });
});
