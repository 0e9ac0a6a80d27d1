import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { isEngineError } from '../../../../../engine/src/index';
import { probeWav } from '../../../../../plugins/stt/audio/wav-probe';
import { convertPrompt, ffmpegConvertArgs } from '../../../../../plugins/stt/prompts/prompt-convert';
import { tinyMp3 } from '../../../../fakes/fake-vira-tts';
import { tempDir, toneWav } from './prompt-test-kit';

const FFMPEG = { ffmpegPath: 'ffmpeg', timeoutMs: 20_000 };

describe('prompts: conversion with ffmpeg', () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.cleanup());

  it('turns a 16 kHz stereo WAV into 8 kHz mono 16-bit WAV with a bare 44-byte header', async () => {
    const src = join(tmp.dir, 'hello.wav');
    writeFileSync(src, toneWav({ rate: 16000, channels: 2, seconds: 1.25 }));

    const out = await convertPrompt(src, FFMPEG);

    const info = probeWav(out.wav);
    assert.equal(info.encoding, 'pcm');
    assert.equal(info.sampleRate, 8000);
    assert.equal(info.channels, 1);
    assert.equal(info.bitsPerSample, 16);
    assert.equal(info.dataOffset, 44, 'no LIST/encoder chunk: -bitexact and no metadata');
    assert.equal(out.wav.readUInt32LE(4), out.wav.length - 8, 'RIFF size matches the file');
    assert.ok(Math.abs(info.durationSec - 1.25) < 0.01, `duration ${info.durationSec}`);
    assert.equal(out.durationSec, info.durationSec);
  });

  it('writes raw G.711 µ-law and A-law of one byte per sample: size = duration × 8000', async () => {
    const src = join(tmp.dir, 'yes.wav');
    writeFileSync(src, toneWav({ rate: 22050, seconds: 2 }));

    const out = await convertPrompt(src, FFMPEG);

    const frames = probeWav(out.wav).frames;
    assert.equal(out.ulaw.length, frames);
    assert.equal(out.alaw.length, frames);
    assert.ok(Math.abs(out.ulaw.length - 2 * 8000) <= 8, `ulaw ${out.ulaw.length} bytes for 2 s`);
    assert.notDeepEqual(out.ulaw, out.alaw, 'two different companding laws');
    // A 440 Hz tone must not come out as digital silence (µ-law silence is 0xFF, A-law 0xD5).
    assert.ok(out.ulaw.some((b) => b !== 0xff && b !== 0x7f));
  });

  it('converts an MP3 source and gives byte-identical output on a second run (stable hashes)', async () => {
    const src = join(tmp.dir, 'goodby.mp3');
    writeFileSync(src, tinyMp3());

    const a = await convertPrompt(src, FFMPEG);
    const b = await convertPrompt(src, FFMPEG);

    assert.equal(probeWav(a.wav).sampleRate, 8000);
    assert.ok(a.durationSec > 0.9 && a.durationSec < 1.1, `duration ${a.durationSec}`);
    assert.deepEqual(a.wav, b.wav);
    assert.deepEqual(a.ulaw, b.ulaw);
  });

  it('rejects a damaged source with CE_PROMPT_CONVERT_FAILED', async () => {
    const src = join(tmp.dir, 'broken.mp3');
    writeFileSync(src, Buffer.from('this is not audio at all'));

    await assert.rejects(convertPrompt(src, FFMPEG), (err) => isEngineError(err, 'CE_PROMPT_CONVERT_FAILED') && /broken\.mp3/.test(err.message));
  });

  it('rejects with CE_PROMPT_CONVERT_FAILED when ffmpeg is not installed', async () => {
    const src = join(tmp.dir, 'hello.wav');
    writeFileSync(src, toneWav());

    await assert.rejects(convertPrompt(src, { ffmpegPath: join(tmp.dir, 'no-ffmpeg'), timeoutMs: 5000 }), (err) => isEngineError(err, 'CE_PROMPT_CONVERT_FAILED') && /cannot run/.test(err.message));
  });

  it('passes file names as file: arguments, so a name cannot be read as a protocol or an option', () => {
    const args = ffmpegConvertArgs('/a/http:evil.mp3', '/out');
    assert.equal(args[args.indexOf('-i') + 1], 'file:/a/http:evil.mp3');
    assert.deepEqual(args.filter((a) => a.startsWith('file:/out/')), ['file:/out/prompt.wav', 'file:/out/prompt.ulaw', 'file:/out/prompt.alaw']);
    assert.equal(args.filter((a) => a === '8000').length, 3, 'every output is resampled to 8 kHz');
  });
});
