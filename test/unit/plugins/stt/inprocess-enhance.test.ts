import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { enhanceInProcess } from '../../../../plugins/stt/audio/inprocess-enhance';
import { integratedLoudness } from '../../../../plugins/stt/audio/dsp/loudness';
import { probeWav } from '../../../../plugins/stt/audio/wav-probe';
import { db, mix, readWav16, rmsOf, speechLike, toneAmplitude, tones, whiteNoise } from '../../../helpers/stt-audio';

const DEFAULTS = { targetLufs: -19, peakDb: -2, denoiseDb: 12 };
const FILTERS_ONLY = { ...DEFAULTS, denoiseDb: 0 };

async function run(samples: Float32Array, rate: number, opts = DEFAULTS) {
  return readWav16(await enhanceInProcess(samples, rate, opts));
}

/** Level of `hz` relative to `refHz` in a signal, measured away from the edges. */
function relativeDb(x: Float32Array, hz: number, refHz: number, rate: number): number {
  const from = Math.round(0.25 * rate);
  const to = x.length - from;
  return db(toneAmplitude(x, hz, rate, from, to) / toneAmplitude(x, refHz, rate, from, to));
}

/** Tone bursts (0.3 s on, 0.2 s off), the way speech comes and goes. */
function bursts(hzs: number[], seconds: number, rate: number, amplitude: number): Float32Array {
  const x = tones(hzs.map((hz) => ({ hz, amplitude })), seconds, rate);
  for (let i = 0; i < x.length; i++) if ((i / rate) % 0.5 >= 0.3) x[i] = 0;
  return x;
}

describe('stt in-process clean-up (objective quality)', () => {
  it('outputs 16 kHz mono 16-bit with exactly twice the samples of an 8 kHz recording', async () => {
    const out = await enhanceInProcess(speechLike(4, 8000), 8000, DEFAULTS);
    const info = probeWav(out);
    assert.deepEqual([info.sampleRate, info.channels, info.bitsPerSample, info.encoding], [16000, 1, 16, 'pcm']);
    assert.equal(info.frames, 64000);
    assert.equal(out.length, 44 + 64000 * 2);
  });

  it('keeps 300 Hz, 1 kHz and 3 kHz flat; cuts 50 Hz hum and 3.9+ kHz by at least 12 dB (filters alone)', async () => {
    const probes = [50, 300, 3000, 3900, 3950];
    const input = tones([...probes, 1000].map((hz) => ({ hz, amplitude: 0.08 })), 2, 8000);
    const out = (await run(input, 8000, FILTERS_ONLY)).samples;
    const rel = Object.fromEntries(probes.map((hz) => [hz, relativeDb(out, hz, 1000, 16000)]));
    assert.ok(Math.abs(rel[300]!) < 0.5, `300 Hz moved ${rel[300]} dB`);
    assert.ok(Math.abs(rel[3000]!) < 0.5, `3 kHz moved ${rel[3000]} dB`);
    assert.ok(rel[50]! <= -12, `50 Hz only ${rel[50]} dB down`);
    assert.ok(rel[3900]! <= -12, `3.9 kHz only ${rel[3900]} dB down`);
    assert.ok(rel[3950]! <= -12, `3.95 kHz only ${rel[3950]} dB down`);
  });

  it('with the whole chain, speech-band tones survive while steady hum and a 3.95 kHz whistle drop by >= 12 dB', async () => {
    const speech = bursts([300, 1000], 3, 8000, 0.1);
    const input = mix(speech, tones([{ hz: 50, amplitude: 0.1 }, { hz: 3950, amplitude: 0.1 }], 3, 8000));
    const out = (await run(input, 8000)).samples;
    const inRel = (hz: number): number => relativeDb(input, hz, 1000, 8000);
    const outRel = (hz: number): number => relativeDb(out, hz, 1000, 16000);
    assert.ok(Math.abs(outRel(300) - inRel(300)) < 1.5, `300 Hz vs 1 kHz moved ${outRel(300) - inRel(300)} dB`);
    assert.ok(outRel(50) - inRel(50) <= -12, `hum dropped ${outRel(50) - inRel(50)} dB`);
    assert.ok(outRel(3950) - inRel(3950) <= -12, `whistle dropped ${outRel(3950) - inRel(3950)} dB`);
  });

  it('lands quiet and loud answers in the loudness window (-19 LUFS +/- 1.5) with peaks under -2 dBFS', async () => {
    for (const gain of [0.1, 1, 4]) {
      const input = speechLike(4, 8000, 3).map((s) => s * gain);
      const out = (await run(input, 8000)).samples;
      const lufs = integratedLoudness(out, 16000);
      const peak = out.reduce((m, s) => Math.max(m, Math.abs(s)), 0);
      assert.ok(lufs > -20.5 && lufs < -17.5, `gain ${gain}: ${lufs.toFixed(2)} LUFS`);
      assert.ok(db(peak) <= -1.9, `gain ${gain}: peak ${db(peak).toFixed(2)} dBFS`);
    }
  });

  it('agrees with ffmpeg ebur128 on the loudness of its output (independent meter)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'stt-ebur-'));
    try {
      const file = join(dir, 'out.wav');
      const wav = await enhanceInProcess(speechLike(4, 8000, 5), 8000, DEFAULTS);
      writeFileSync(file, wav);
      const r = spawnSync('/usr/bin/ffmpeg', ['-hide_banner', '-nostats', '-i', file, '-af', 'ebur128', '-f', 'null', '-'], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      const measured = /Integrated loudness:\s*I:\s*(-?[\d.]+) LUFS/.exec(r.stderr);
      assert.ok(measured, 'no ebur128 summary');
      const ffmpegLufs = Number(measured[1]);
      assert.ok(ffmpegLufs > -20.5 && ffmpegLufs < -17.5, `ffmpeg measured ${ffmpegLufs} LUFS`);
      assert.ok(Math.abs(ffmpegLufs - integratedLoudness(readWav16(wav).samples, 16000)) < 0.5);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('lowers steady line noise between words by at least 6 dB relative to the words', async () => {
    const words = bursts([250, 700, 1400], 3, 8000, 0.08);
    const input = mix(words, whiteNoise(3, 8000, 0.02, 11));
    const out = (await run(input, 8000)).samples;
    const snr = (x: Float32Array, rate: number): number => {
      let on = 0, off = 0, nOn = 0, nOff = 0;
      for (let i = Math.round(0.5 * rate); i < x.length - 0.5 * rate; i++) {
        const phase = (i / rate) % 0.5;
        if (phase > 0.05 && phase < 0.25) { on += x[i]! * x[i]!; nOn++; }
        else if (phase > 0.33 && phase < 0.47) { off += x[i]! * x[i]!; nOff++; }
      }
      return 10 * Math.log10(on / nOn / (off / nOff));
    };
    const gain = snr(out, 16000) - snr(input, 8000);
    assert.ok(gain >= 6, `SNR improved by ${gain.toFixed(1)} dB`);
  });

  it('handles 16 kHz and 44.1 kHz stereo-derived input: right length, band kept, 5 kHz cut', async () => {
    const wide = tones([{ hz: 1000, amplitude: 0.1 }, { hz: 5000, amplitude: 0.1 }], 1, 16000);
    const out16 = (await run(wide, 16000, FILTERS_ONLY)).samples;
    assert.equal(out16.length, 16000);
    assert.ok(relativeDb(out16, 5000, 1000, 16000) <= -12);
    const cd = tones([{ hz: 1000, amplitude: 0.1 }, { hz: 300, amplitude: 0.1 }], 1, 44100);
    const out44 = (await run(cd, 44100, FILTERS_ONLY)).samples;
    assert.equal(out44.length, Math.ceil((44100 * 160) / 441));
    assert.ok(Math.abs(relativeDb(out44, 300, 1000, 16000)) < 0.5);
    assert.ok(rmsOf(out44) > 0.01);
  });

  it('yields to the event loop between stages', async () => {
    const order: string[] = [];
    const work = enhanceInProcess(speechLike(2, 8000), 8000, DEFAULTS).then(() => order.push('enhanced'));
    setImmediate(() => order.push('immediate'));
    await work;
    assert.deepEqual(order, ['immediate', 'enhanced']);
  });
});
