/**
 * STT pipeline benchmark (issue #6): from "the recording is in hand" (RecordingFinished + fetch) to
 * the STT request leaving the engine, for a 4 s 8 kHz answer, per clean-up mode; CPU per call
 * including ffmpeg children; event-loop lag while 50 transcriptions run at once.
 *
 *   npm run build && node dist/test/bench/stt-pipeline.bench.js [--calls 50]
 *
 * The fake Vira server runs in a child process (this file with `--serve-fake`) so its CPU is not
 * counted as the engine's. Children the engine starts (ffmpeg) are counted through the kernel's
 * cutime/cstime of reaped children (/proc/self/stat), read before and after each phase.
 * Prints figures; asserts nothing (never a timed test).
 */
import 'reflect-metadata';
import { fork, execFileSync, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { monitorEventLoopDelay, performance, PerformanceObserver } from 'node:perf_hooks';
import { SttPipeline } from '../../plugins/stt/stt-pipeline';
import { AudioEnhancer } from '../../plugins/stt/audio/enhance';
import { createSttMetrics } from '../../plugins/stt/stt-metrics';
import { QuotaAlarm } from '../../plugins/stt/quota-alarm';
import { CpuTurns } from '../../plugins/stt/cpu-turns';
import { sttConfigSchema } from '../../plugins/stt/stt.config';
import { postMultipart, type MultipartSender } from '../../plugins/stt/http/multipart-post';
import { ViraSttProvider } from '../../plugins/stt/providers/vira-stt.provider';
import { PromMetricsAdapter } from '../../engine/src/adapters/metrics/prom-metrics.adapter';
import { CaptureLogger } from '../fakes/capture-logger';
import { FakeViraStt } from '../fakes/fake-vira-stt';
import { benchmarkRecording, db, readWav16, rmsOf, toneAmplitude } from '../helpers/stt-audio';
import { decodeMono, probeWav } from '../../plugins/stt/audio/wav-probe';
import { enhanceInProcess } from '../../plugins/stt/audio/inprocess-enhance';
import { enhanceWithFfmpeg } from '../../plugins/stt/audio/ffmpeg-enhance';
import { integratedLoudness } from '../../plugins/stt/audio/dsp/loudness';

type Mode = 'inprocess' | 'ffmpeg' | 'off';
const out = (line: string): void => void process.stdout.write(`${line}\n`);

async function serveFake(): Promise<void> {
  const fake = await new FakeViraStt('bench-token', { defaultText: 'بله' }).start();
  process.send?.({ url: fake.url });
  process.on('disconnect', () => void fake.stop().then(() => process.exit(0)));
}

function startFake(): Promise<{ child: ChildProcess; url: string }> {
  const child = fork(__filename, ['--serve-fake'], { stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  return new Promise((resolve) => child.once('message', (m: { url: string }) => resolve({ child, url: m.url })));
}

const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim());

/** CPU ms of this process and of its reaped children (ffmpeg), from /proc/self/stat. */
function cpuMs(): { self: number; children: number } {
  const fields = readFileSync('/proc/self/stat', 'utf8').split(') ')[1]!.split(' ');
  // After "pid (comm) " the fields start at state (3): utime=14, stime=15, cutime=16, cstime=17.
  const f = (n: number): number => Number(fields[n - 3]);
  return { self: (f(14) + f(15)) * TICK_MS, children: (f(16) + f(17)) * TICK_MS };
}

function pipeline(url: string, mode: Mode, send: MultipartSender): SttPipeline {
  const logger = new CaptureLogger();
  const metrics = createSttMetrics(new PromMetricsAdapter(logger, { defaultMetrics: false }));
  const config = sttConfigSchema.parse({ vira: { sttUrl: url, sttToken: 'bench-token' }, enhance: { mode, ffmpegPath: '/usr/bin/ffmpeg' }, maxParallel: 50 });
  const cpu = new CpuTurns();
  const enhancer = new AudioEnhancer(config.enhance, logger, metrics, cpu);
  return new SttPipeline({ config, provider: new ViraSttProvider(config.vira, send), enhancer, metrics, alarm: new QuotaAlarm(logger), logger, cpu });
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** Sequential calls: wall time to the request leaving (the sender is called), CPU per call. */
async function latency(url: string, mode: Mode, calls: number): Promise<void> {
  let leftAt = 0;
  const send: MultipartSender = (req) => {
    leftAt = performance.now();
    return postMultipart(req);
  };
  const stt = pipeline(url, mode, send);
  const audio = benchmarkRecording();
  for (let i = 0; i < 5; i++) await stt.transcribe({ audio, name: `warm-${i}` });
  const walls: number[] = [];
  const cpuStart = process.cpuUsage();
  const procStart = cpuMs();
  for (let i = 0; i < calls; i++) {
    const started = performance.now();
    await stt.transcribe({ audio, name: `bench-${i}` });
    walls.push(leftAt - started);
  }
  const cpu = process.cpuUsage(cpuStart);
  const procEnd = cpuMs();
  walls.sort((a, b) => a - b);
  const selfMs = (cpu.user + cpu.system) / 1000 / calls;
  const childMs = (procEnd.children - procStart.children) / calls;
  out(`| ${mode} | ${pct(walls, 50).toFixed(1)} | ${pct(walls, 99).toFixed(1)} | ${selfMs.toFixed(1)} | ${childMs.toFixed(1)} | ${(selfMs + childMs).toFixed(1)} |`);
}

/** 50 transcriptions at once (clean-up + fake request each): event-loop delay p99 and max. */
async function lag(url: string, mode: Mode, parallel: number): Promise<void> {
  const stt = pipeline(url, mode, postMultipart);
  const audio = benchmarkRecording();
  await stt.transcribe({ audio, name: 'warm' });
  const gcPauses: number[] = [];
  const gc = new PerformanceObserver((list) => gcPauses.push(...list.getEntries().map((e) => e.duration)));
  gc.observe({ entryTypes: ['gc'] });
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const started = performance.now();
  await Promise.all(Array.from({ length: parallel }, (_, i) => stt.transcribe({ audio, name: `par-${i}` })));
  const wall = performance.now() - started;
  h.disable();
  gc.disconnect();
  const gcTotal = gcPauses.reduce((a, b) => a + b, 0);
  const gcMax = Math.max(0, ...gcPauses);
  out(`| ${mode} | ${parallel} | ${(h.percentile(99) / 1e6).toFixed(1)} | ${(h.max / 1e6).toFixed(1)} | ${wall.toFixed(0)} | ${gcPauses.length} / ${gcTotal.toFixed(0)} / ${gcMax.toFixed(1)} |`);
}

/**
 * The same delay measured on a loop that only burns CPU in 1 ms slices: what the machine itself adds
 * (other processes taking the cores). A lag figure is only as good as this floor.
 */
async function floor(durationMs: number): Promise<void> {
  const h = monitorEventLoopDelay({ resolution: 1 });
  h.enable();
  const end = performance.now() + durationMs;
  while (performance.now() < end) {
    const slice = performance.now() + 1;
    while (performance.now() < slice) {
      // burn one millisecond of CPU
    }
    await new Promise((r) => setImmediate(r));
  }
  h.disable();
  out(`| floor: 1 ms CPU slices only | - | ${(h.percentile(99) / 1e6).toFixed(1)} | ${(h.max / 1e6).toFixed(1)} | ${durationMs} | - |`);
}

/** The same recording through both clean-ups, measured with the same meters. */
async function quality(): Promise<void> {
  const raw = benchmarkRecording();
  const info = probeWav(raw);
  const samples = decodeMono(raw, info);
  const cfg = sttConfigSchema.parse({}).enhance;
  const inproc = readWav16(await enhanceInProcess(samples, 8000, cfg)).samples;
  const viaFfmpeg = readWav16((await enhanceWithFfmpeg(raw, { ffmpegPath: '/usr/bin/ffmpeg', filter: cfg.ffmpegFilter, timeoutMs: 30000 })).wav).samples;
  const row = (name: string, x: Float32Array, rate: number): void => {
    const hum = db(toneAmplitude(x, 50, rate) / rmsOf(x));
    const peak = db(x.reduce((m, v) => Math.max(m, Math.abs(v)), 0));
    out(`| ${name} | ${rate} | ${integratedLoudness(x, rate).toFixed(1)} | ${peak.toFixed(1)} | ${hum.toFixed(1)} |`);
  };
  out('\nThe benchmark recording through each clean-up (same meters)\n');
  out('| audio | rate | loudness LUFS | sample peak dBFS | 50 Hz hum vs RMS dB |');
  out('|---|---|---|---|---|');
  row('raw', samples, 8000);
  row('inprocess', inproc, 16000);
  row('ffmpeg', viaFfmpeg, 16000);
}

async function main(): Promise<void> {
  const at = process.argv.indexOf('--calls');
  const calls = at > 0 ? Number(process.argv[at + 1]) : 50;
  const { child, url } = await startFake();
  try {
    out(`node ${process.version}, ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
    out(`\n4 s 8 kHz recording, ${calls} sequential calls: recording in hand -> STT request leaves (ms)\n`);
    out('| mode | wall p50 | wall p99 | CPU engine / call | CPU ffmpeg / call | CPU total / call |');
    out('|---|---|---|---|---|---|');
    for (const mode of ['inprocess', 'ffmpeg', 'off'] as const) await latency(url, mode, calls);
    out('\n50 transcriptions at once (clean-up + fake STT request each): event-loop delay (ms)\n');
    out('| mode | parallel | lag p99 | lag max | wall for all | GC pauses: count / total / max |');
    out('|---|---|---|---|---|---|');
    for (const mode of ['inprocess', 'ffmpeg'] as const) await lag(url, mode, 50);
    await floor(1000);
    await quality();
  } finally {
    child.disconnect();
  }
}

if (process.argv.includes('--serve-fake')) void serveFake();
else void main();
