/**
 * Call-flow benchmark (issue #4): engine CPU per complete call flow (target ≤ 2 ms) and the p99
 * engine-added latency from RecordingFinished to the next command at 1,000 concurrent calls
 * (target ≤ 5 ms). Prints figures, asserts nothing.
 * Run after building: `node dist/test/bench/call-flow.bench.js [calls]`.
 *
 * Method. The engine's call runtime (CallService, one DI child container per call, the scenario
 * interpreter running the shipped `academy` scenario, the real Persian keyword classifier, a pino
 * logger at `info` writing to /dev/null) runs on the fake TelephonyPort of test/fakes, which answers
 * every command on microtasks: no simulator, no sockets, so `process.cpuUsage()` over the run is the
 * engine's own work plus the fake's bookkeeping (a few array pushes per command). What it leaves out
 * is the ARI adapter's JSON/HTTP/WebSocket cost (bench: ari-events.bench.ts). STT is a zero-latency
 * fake that "hears" نه ممنون (no thanks), so every call is the full `no` flow:
 * originate → answered → play hello → record → RecordingFinished → fetch recording → STT → classify →
 * play goodby → hangup → ended → report.
 *
 *  1. CPU: `calls` calls (default 5,000) in waves of 100 concurrent, after a 500-call warm-up.
 *  2. Latency: 1,000 calls are placed and left in their `record` step (the fake's recordings stay
 *     live, goodby playbacks never finish), so all 1,000 stay up for the whole measurement. Then each
 *     call's RecordingFinished is delivered from a timer, spread over 2 s (500 events/s, ~1 every 2 ms,
 *     while the others are being processed); latency = `performance.now()` when the engine calls
 *     the next call-control command on that channel (play goodby) minus when the event was handed to
 *     the engine's listener. Fetching the recording is engine work inside the window, the STT is not.
 *  3. Whole engine: buildEngine (real ARI + AMI adapters, SQLite `:memory:`, same zero-latency STT)
 *     against the PBX simulator running in a CHILD process (this file with `--sim-child`), so the
 *     simulator's CPU is not in this process's `process.cpuUsage()`. 2,000 `no` calls, 50 at a time,
 *     after 500 warm-up calls (a long-running service is measured once its hot code is compiled):
 *     CPU per call here includes the adapters' HTTP requests, WebSocket event parsing and AMI events.
 */
import 'reflect-metadata';
import { wireCallRuntime } from '../helpers/call-harness';
import { fork, type ChildProcess } from 'node:child_process';
import { openSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { createPinoLogger, pinoDestination } from '../../engine/src/adapters/logging/pino-logger';
import type { CallReport } from '../../engine/src/call/call-report';
import { CallService } from '../../engine/src/call/call-service';
import { SessionRegistry } from '../../engine/src/call/session-registry';
import { KeywordIntentClassifier } from '../../engine/src/classify/keyword-classifier';
import type { EngineConfig } from '../../engine/src/config/config.schema';
import { loadConfig } from '../../engine/src/config/load-config';
import type { PlayRequest, PlaybackHandle } from '../../engine/src/ports/telephony.port';
import type { SttPort } from '../../engine/src/ports/stt.port';
import { SPOKEN } from '../../engine/src/simulator/core/customer-script';
import { buildEngine } from '../../engine/src/build-engine';
import { resolveToken } from '../../engine/src/di/token';
import { CALL_SERVICE, STT_PORT, TELEPHONY_PORT } from '../../engine/src/di/tokens';
import { customerBehaviours } from '../../engine/src/simulator/core/customer-script';
import { PbxSimulator } from '../../engine/src/simulator/pbx-simulator';
import { FakeTelephony } from '../fakes/fake-telephony';

const CHILD = process.argv[2] === '--sim-child';
const CALLS = CHILD ? 0 : Number(process.argv[2] ?? 5000);
const ENGINE_CALLS = 2000;
/** Same warm-up as the core figure: a long-running service is measured once its code is compiled. */
const ENGINE_WARMUP = 500;
const ENGINE_PARALLEL = 50;
const LINE = '02191302954';
const WAVE = 100;
const CONCURRENT = 1000;
const SPREAD_MS = 2000;
const TRUNK = 'TO-CUCM-Gaptel';

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Zero-latency STT: every recording says "no thanks". */
const noThanks: SttPort = {
  transcribe: async () => ({ text: SPOKEN.no, status: 'ok' as const, provider: 'bench', timings: { precheckMs: 0, enhanceMs: 0, requestMs: 0 } }),
};

/** The fake telephony, plus: a hook on every play, and goodby playbacks that never finish when told. */
class BenchTelephony extends FakeTelephony {
  holdGoodby = false;
  onPlay?: (channelId: string, media: string) => void;

  override async play(channelId: string, req: PlayRequest): Promise<PlaybackHandle> {
    const media = typeof req.media === 'string' ? req.media : req.media.join(',');
    this.onPlay?.(channelId, media);
    this.autoFinishPlayback = !(this.holdGoodby && media.endsWith('/goodby'));
    return super.play(channelId, req);
  }
}

interface Runtime {
  readonly telephony: BenchTelephony;
  readonly service: CallService;
  readonly registry: SessionRegistry;
  readonly reports: CallReport[];
}

/** The call runtime as build-engine wires it, on the fake telephony (no store: reports are kept). */
function runtime(): Runtime {
  const config = loadConfig({ env: { OUTBOUND_NUMBERS: '02191302954', OPERATOR_MOBILE_NUMBERS: '09120000001' }, envFile: null });
  const telephony = new BenchTelephony();
  const logger = createPinoLogger({ level: 'info', redactPaths: [], destination: pinoDestination(openSync('/dev/null', 'w')) });
  const { service, registry, reports } = wireCallRuntime({ config, telephony, stt: noThanks, classifier: new KeywordIntentClassifier(), logger });
  return { telephony, service, registry, reports };
}

let phoneSeq = 0;
function place(rt: Runtime): Promise<CallReport> {
  const phone = `0912${String(1_000_000 + (phoneSeq++ % 9_000_000)).padStart(7, '0')}`;
  return rt.service.placeOutbound({ phone, endpoint: `PJSIP/${phone}@${TRUNK}`, callerId: '02191302954', line: '02191302954', scenario: 'academy' });
}

async function waves(rt: Runtime, calls: number): Promise<string[]> {
  const results: string[] = [];
  for (let done = 0; done < calls; done += WAVE) {
    const reports = await Promise.all(Array.from({ length: Math.min(WAVE, calls - done) }, () => place(rt)));
    for (const r of reports) results.push(r.result);
    rt.telephony.calls.length = 0;
  }
  return results;
}

async function cpuPerCall(): Promise<void> {
  const rt = runtime();
  await waves(rt, 500);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results = await waves(rt, CALLS);
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const notInterested = results.filter((r) => r === 'not_interested').length;
  const cpuMs = (cpu.user + cpu.system) / 1000;
  out(`CPU: ${CALLS} complete calls (${notInterested} not_interested) in ${wallMs.toFixed(0)} ms wall, ${cpuMs.toFixed(0)} ms CPU`);
  out(`     ${(cpuMs / CALLS).toFixed(3)} ms CPU per call (user ${(cpu.user / 1000 / CALLS).toFixed(3)}, system ${(cpu.system / 1000 / CALLS).toFixed(3)}); ${(CALLS / (wallMs / 1000)).toFixed(0)} calls/s on one core`);
}

function tally(results: readonly string[]): string {
  const counts = new Map<string, number>();
  for (const r of results) counts.set(r, (counts.get(r) ?? 0) + 1);
  return [...counts].map(([r, n]) => `${n} ${r}`).join(', ');
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function latencyAtConcurrency(): Promise<void> {
  const rt = runtime();
  await waves(rt, 500);
  rt.telephony.autoRecordingSec = undefined;
  rt.telephony.holdGoodby = true;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  rt.telephony.onPlay = (channelId, media) => {
    const t0 = sentAt.get(channelId);
    if (t0 === undefined || !media.endsWith('/goodby')) return;
    latencies.push(performance.now() - t0);
    sentAt.delete(channelId);
  };
  const done = Array.from({ length: CONCURRENT }, () => place(rt));
  while (rt.telephony.callsOf('record').length < CONCURRENT) await new Promise((r) => setTimeout(r, 5));
  const recordings = rt.telephony.callsOf('record').map((c) => ({ channelId: String(c.args[0]), name: (c.args[1] as { name: string }).name }));
  out(`Latency: ${rt.registry.size()} calls up, each in its record step`);
  const gap = SPREAD_MS / CONCURRENT;
  const start = performance.now();
  for (const [i, rec] of recordings.entries()) {
    // Timers, not a loop: each event lands in an event-loop turn of its own, among the others' work.
    const wait = Math.max(0, start + i * gap - performance.now());
    await new Promise((r) => setTimeout(r, wait));
    sentAt.set(rec.channelId, performance.now());
    rt.telephony.emit({ type: 'recording.finished', at: Date.now(), name: rec.name, format: 'wav', channelId: rec.channelId, canceled: false, durationSec: 2 });
  }
  while (latencies.length < CONCURRENT && performance.now() - start < SPREAD_MS + 10_000) await new Promise((r) => setTimeout(r, 5));
  const up = rt.registry.size();
  // Release everyone: the goodby playbacks finish, the flows hang up.
  for (const play of rt.telephony.callsOf('play')) {
    const [channelId, req] = play.args as [string, { media: string; playbackId?: string }];
    if (req.media.endsWith('/goodby')) rt.telephony.emit({ type: 'playback.finished', at: Date.now(), playbackId: req.playbackId ?? '', media: req.media, channelId });
  }
  const reports = await Promise.all(done);
  const sorted = [...latencies].sort((a, b) => a - b);
  out(`         ${sorted.length} RecordingFinished → play goodby with ${up} calls up throughout; ms p50 ${percentile(sorted, 50).toFixed(3)}, p95 ${percentile(sorted, 95).toFixed(3)}, p99 ${percentile(sorted, 99).toFixed(3)}, max ${(sorted.at(-1) ?? NaN).toFixed(3)}`);
  out(`         afterwards all ${reports.length} ended: ${reports.filter((r) => r.result === 'not_interested').length} not_interested`);
}

const phoneOf = (i: number): string => `0913${String(1_000_000 + i).padStart(7, '0')}`;

/** The simulator process: every bench number says "no thanks"; prints where it listens. */
async function simChild(): Promise<void> {
  const sim = await PbxSimulator.start({ speed: 0.01, lines: [LINE] });
  for (let i = 0; i < ENGINE_CALLS + 100; i++) sim.script(phoneOf(i), customerBehaviours.saysNo({ ringSeconds: 1 }));
  process.send?.({ ariUrl: sim.ariUrl, ariWsUrl: sim.ariWsUrl, amiPort: sim.amiPort });
  process.once('disconnect', () => void sim.stop().then(() => process.exit(0)));
}

interface SimAddress {
  readonly ariUrl: string;
  readonly ariWsUrl: string;
  readonly amiPort: number;
}

/** Starts the simulator child; resolves with where it listens. */
function forkSimulator(): Promise<{ child: ChildProcess; where: SimAddress }> {
  const child = fork(__filename, ['--sim-child'], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  return new Promise((resolve, reject) => {
    child.once('message', (m) => resolve({ child, where: m as SimAddress }));
    child.once('exit', (code) => reject(new Error(`simulator child exited with ${code}`)));
  });
}

function engineConfig(where: SimAddress): EngineConfig {
  return loadConfig({
    env: {
      OUTBOUND_NUMBERS: LINE,
      OPERATOR_MOBILE_NUMBERS: '09120000001',
      SALEHI__asterisk__ari__url: where.ariUrl,
      SALEHI__asterisk__ari__wsUrl: where.ariWsUrl,
      SALEHI__asterisk__ami__port: String(where.amiPort),
      SALEHI__asterisk__agi__port: '0',
      SALEHI__store__sqlite__path: ':memory:',
      SALEHI__http__port: '0',
    },
    envFile: null,
  });
}

async function wholeEngine(): Promise<void> {
  const { child, where } = await forkSimulator();
  const config = engineConfig(where);
  const logger = createPinoLogger({ level: 'info', redactPaths: [], destination: pinoDestination(openSync('/dev/null', 'w')) });
  const engine = buildEngine(config, { logger, overrides: (c) => c.register(STT_PORT, { useValue: noThanks }) });
  await engine.start();
  try {
    const telephony = resolveToken(engine.container, TELEPHONY_PORT);
    for (let i = 0; i < 500 && !telephony.isConnected(); i++) await new Promise((r) => setTimeout(r, 10));
    await measureWholeEngine(resolveToken(engine.container, CALL_SERVICE));
  } finally {
    await engine.stop();
    child.disconnect();
  }
}

async function measureWholeEngine(service: CallService): Promise<void> {
  const call = (i: number): Promise<CallReport> =>
    service.placeOutbound({ phone: phoneOf(i), endpoint: `PJSIP/${phoneOf(i)}@${TRUNK}`, callerId: LINE, line: LINE, scenario: 'academy' });
  // Warm-up on numbers of their own (JIT, connection pools, SQLite statements), 50 at a time like the run.
  let warm = 0;
  const warmer = async (): Promise<void> => {
    while (warm < ENGINE_WARMUP) await call(ENGINE_CALLS + warm++);
  };
  await Promise.all(Array.from({ length: ENGINE_PARALLEL }, warmer));
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const results: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < ENGINE_CALLS) results.push((await call(next++)).result);
  };
  await Promise.all(Array.from({ length: ENGINE_PARALLEL }, worker));
  const wallMs = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  out(`Whole engine vs simulator in a child process: ${ENGINE_CALLS} calls, ${ENGINE_PARALLEL} at a time (${tally(results)}) in ${wallMs.toFixed(0)} ms wall`);
  out(`     engine process ${(cpuMs / ENGINE_CALLS).toFixed(3)} ms CPU per call (user ${(cpu.user / 1000 / ENGINE_CALLS).toFixed(3)}, system ${(cpu.system / 1000 / ENGINE_CALLS).toFixed(3)})`);
}

async function main(): Promise<void> {
  if (CHILD) return simChild();
  out(`node ${process.version}, academy scenario, zero-latency STT, keyword classifier, pino info → /dev/null`);
  await cpuPerCall();
  await latencyAtConcurrency();
  await wholeEngine();
  process.exit(0);
}

main().then(
  () => undefined,
  (err: unknown) => {
    process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
