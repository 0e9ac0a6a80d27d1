import assert from 'node:assert/strict';
import { silenceGate } from '../../../../plugins/stt/audio/silence-gate';
import { sttConfigSchema } from '../../../../plugins/stt/stt.config';
import { EngineError } from '../../../../engine/src/index';
import { speechLike, tones, wavFile, whiteNoise } from '../../../helpers/stt-audio';

const limits = sttConfigSchema.parse({}).silence;

describe('stt silence gate (legacy rule: < 800 bytes, < 0.1 s, RMS < 0.001)', () => {
  it('uses the legacy thresholds by default', () => {
    assert.deepEqual(limits, { minBytes: 800, minDurationSec: 0.1, minRms: 0.001 });
  });

  it('calls a file under 800 bytes "tiny" without looking inside', () => {
    const verdict = silenceGate(Buffer.alloc(799, 0x41), limits);
    assert.deepEqual(verdict, { silent: true, reason: 'tiny' });
  });

  it('calls a recording under 0.1 s "short" even when it is loud', () => {
    const wav = wavFile(tones([{ hz: 500, amplitude: 0.8 }], 0.09, 16000), 16000); // 2,924 bytes
    const verdict = silenceGate(wav, limits);
    assert.equal(verdict.silent, true);
    assert.equal(verdict.silent && verdict.reason, 'short');
  });

  it('calls a recording of line hiss under RMS 0.001 "quiet"', () => {
    const verdict = silenceGate(wavFile(whiteNoise(3, 8000, 0.0012), 8000), limits);
    assert.equal(verdict.silent, true);
    assert.equal(verdict.silent && verdict.reason, 'quiet');
    assert.ok(verdict.rms !== undefined && verdict.rms < 0.001);
  });

  it('passes a spoken answer with its decoded samples, duration and RMS', () => {
    const verdict = silenceGate(wavFile(speechLike(2, 8000), 8000), limits);
    assert.equal(verdict.silent, false);
    if (verdict.silent) return;
    assert.equal(verdict.samples.length, 16000);
    assert.equal(verdict.durationSec, 2);
    assert.ok(verdict.rms > 0.001);
    assert.equal(verdict.info.sampleRate, 8000);
  });

  it('rejects a file big enough to judge that is not a WAV with CE_AUDIO_INVALID', () => {
    assert.throws(() => silenceGate(Buffer.alloc(2000, 0x20), limits), (err: unknown) => err instanceof EngineError && err.code === 'CE_AUDIO_INVALID');
  });
});
