import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AudioEnhancer, safeFileName } from '../../../../plugins/stt/audio/enhance';
import { enhanceWithFfmpeg, ffmpegArgs } from '../../../../plugins/stt/audio/ffmpeg-enhance';
import { probeWav } from '../../../../plugins/stt/audio/wav-probe';
import { enhanceInProcess } from '../../../../plugins/stt/audio/inprocess-enhance';
import { sttConfigSchema, LEGACY_FFMPEG_FILTER, type EnhanceConfig } from '../../../../plugins/stt/stt.config';
import { createSttMetrics } from '../../../../plugins/stt/stt-metrics';
import { PromMetricsAdapter } from '../../../../engine/src/adapters/metrics/prom-metrics.adapter';
import { EngineError } from '../../../../engine/src/index';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { speechLike, wavFile } from '../../../helpers/stt-audio';

const FFMPEG = '/usr/bin/ffmpeg';

function enhancer(overrides: Partial<EnhanceConfig>) {
  const logger = new CaptureLogger();
  const prom = new PromMetricsAdapter(logger, { defaultMetrics: false });
  const cfg = { ...sttConfigSchema.parse({}).enhance, ...overrides };
  return { enhancer: new AudioEnhancer(cfg, logger, createSttMetrics(prom)), logger, prom };
}

function input(seconds = 2) {
  const samples = speechLike(seconds, 8000);
  return { raw: wavFile(samples, 8000), samples, sampleRate: 8000 };
}

describe('stt ffmpeg clean-up (child process, no shell)', () => {
  it('passes the legacy chain after an explicit resample and asks for raw 16 kHz mono s16le on stdout', () => {
    const args = ffmpegArgs(LEGACY_FFMPEG_FILTER);
    assert.deepEqual(args.slice(args.indexOf('-af'), args.indexOf('-af') + 2), ['-af', `aresample=16000,${LEGACY_FFMPEG_FILTER}`]);
    assert.deepEqual(args.slice(-9), ['-ac', '1', '-ar', '16000', '-f', 's16le', '-acodec', 'pcm_s16le', 'pipe:1']);
  });

  it('turns a 2 s 8 kHz recording into a 16 kHz mono 16-bit WAV of the same length', async () => {
    const run = await enhanceWithFfmpeg(input().raw, { ffmpegPath: FFMPEG, filter: LEGACY_FFMPEG_FILTER, timeoutMs: 20000 });
    const info = probeWav(run.wav);
    assert.deepEqual([info.sampleRate, info.channels, info.bitsPerSample], [16000, 1, 16]);
    assert.ok(Math.abs(info.durationSec - 2) < 0.05, `duration ${info.durationSec}`);
    assert.ok(typeof run.pid === 'number');
  });

  it('rejects with CE_STT_FAILED when the binary is missing or the filter is bad', async () => {
    const isFailed = (err: unknown): boolean => err instanceof EngineError && err.code === 'CE_STT_FAILED';
    await assert.rejects(enhanceWithFfmpeg(input().raw, { ffmpegPath: '/nonexistent/ffmpeg', filter: LEGACY_FFMPEG_FILTER, timeoutMs: 5000 }), isFailed);
    await assert.rejects(enhanceWithFfmpeg(input().raw, { ffmpegPath: FFMPEG, filter: 'nosuchfilter=1', timeoutMs: 20000 }), isFailed);
  });

  it('kills a run that passes its deadline', async () => {
    // A long input with a tiny deadline: ffmpeg cannot finish in 1 ms.
    const started = Date.now();
    await assert.rejects(
      enhanceWithFfmpeg(wavFile(speechLike(30, 8000), 8000), { ffmpegPath: FFMPEG, filter: LEGACY_FFMPEG_FILTER, timeoutMs: 1 }),
      (err: unknown) => err instanceof EngineError && /no result after 1 ms/.test(err.message),
    );
    assert.ok(Date.now() - started < 5000);
  });
});

describe('stt AudioEnhancer (mode switch, fallback, kept copy)', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'stt-keep-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('falls back to the raw recording when ffmpeg is missing, logs it and counts the fallback', async () => {
    const { enhancer: e, logger, prom } = enhancer({ mode: 'ffmpeg', ffmpegPath: join(dir, 'no-ffmpeg') });
    const inp = input();
    const out = await e.enhance(inp);
    assert.equal(out.enhanced, false);
    assert.equal(out.audio, inp.raw);
    assert.ok(logger.find('warn', /clean-up failed/));
    assert.match((await prom.render()).body, /salehi_stt_enhance_total\{mode="ffmpeg",outcome="fallback"\} 1/);
  });

  it('uses ffmpeg when asked and the in-process path by default; off sends the raw bytes', async () => {
    const inp = input();
    const viaFfmpeg = await enhancer({ mode: 'ffmpeg', ffmpegPath: FFMPEG }).enhancer.enhance(inp);
    assert.equal(viaFfmpeg.enhanced, true);
    assert.equal(probeWav(viaFfmpeg.audio).sampleRate, 16000);
    const { enhancer: byDefault, prom } = enhancer({});
    const inProcess = await byDefault.enhance(inp);
    assert.equal(inProcess.enhanced, true);
    assert.equal(probeWav(inProcess.audio).frames, 32000);
    assert.match((await prom.render()).body, /salehi_stt_enhance_total\{mode="inprocess",outcome="ok"\} 1/);
    const off = await enhancer({ mode: 'off' }).enhancer.enhance(inp);
    assert.deepEqual([off.enhanced, off.audio === inp.raw], [false, true]);
  });

  it('reuses its buffers between clean-ups without carrying anything over (same bytes as a fresh run)', async () => {
    const { enhancer: e } = enhancer({});
    const long = input(3);
    const short = { ...input(1), samples: speechLike(1, 8000, 9) };
    short.raw = wavFile(short.samples, 8000);
    const cfg = sttConfigSchema.parse({}).enhance;
    await e.enhance(long);
    const reused = await e.enhance(short);
    assert.deepEqual(reused.audio, await enhanceInProcess(short.samples, 8000, cfg));
    const again = await e.enhance(long);
    assert.deepEqual(again.audio, await enhanceInProcess(long.samples, 8000, cfg));
  });

  it('keeps the enhanced copy under keepDir with a safe file name, and keeps nothing without keepDir', async () => {
    const keepDir = join(dir, 'enhanced', 'nested');
    const { enhancer: e } = enhancer({ keepDir });
    const path = await e.keep('../../etc/passwd 1.wav', Buffer.from('RIFFxxxxWAVE'));
    assert.equal(path, join(keepDir, 'etc_passwd_1.wav.enhanced.wav'));
    assert.equal(readFileSync(path).toString('latin1'), 'RIFFxxxxWAVE');
    assert.equal(await enhancer({ keepDir: '' }).enhancer.keep('x', Buffer.alloc(4)), undefined);
  });

  it('logs and returns undefined when the copy cannot be written (a full disk must not fail a call)', async () => {
    const aFile = join(dir, 'a-file');
    writeFileSync(aFile, 'not a directory');
    const { enhancer: e, logger } = enhancer({ keepDir: join(aFile, 'sub') });
    assert.equal(await e.keep('x', Buffer.alloc(4)), undefined);
    assert.ok(logger.find('warn', /could not keep/));
  });

  it('makes file names that cannot leave the directory', () => {
    assert.equal(safeFileName('rec-123_a.b'), 'rec-123_a.b');
    assert.equal(safeFileName('../x/../../y'), 'x_.._.._y');
    assert.equal(safeFileName('...'), 'recording');
    assert.equal(safeFileName('a'.repeat(300)).length, 120);
  });
});
