/**
 * FastAGI benchmark: the engine's FastAgiServer against the simulated Asterisk (SimulatedAgiCall)
 * over loopback TCP. The simulated Asterisk runs in a worker thread, so each side has its own
 * event loop, as with a real Asterisk in another process.
 *   1. sessions/s: sessions of 5 commands each (the vetting of PROTOCOLS.md §4.1), 50 in flight;
 *   2. command round trip with 500 sessions open at once, measured in the route handler from
 *      write to result, 20 NOOPs per session: (a) each session sends one every 0-500 ms (about
 *      2,000 commands/s in total); (b) every 0-100 ms (about 10,000 commands/s, the command rate
 *      of 2,000 sessions/s x 5 commands); (c) back to back (saturation: the latency is then
 *      queueing, commands in flight / throughput, not the cost of one command).
 *   3. baseline: the same 500-socket back-to-back exchange with bare node:net and no AGI code at
 *      all, i.e. the ceiling of this machine's loopback TCP, to read 2c against.
 * Prints figures only; never asserts times. Build, then: node .tmp/dist-<you>/test/bench/fastagi.bench.js
 */
import 'reflect-metadata';
import { performance } from 'node:perf_hooks';
import { connect, createServer } from 'node:net';
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { PromMetricsAdapter } from '../../engine/src/adapters/metrics/prom-metrics.adapter';
import { FastAgiServer } from '../../engine/src/adapters/asterisk/fastagi/fastagi-server';
import type { Logger } from '../../engine/src/ports/logger.port';
import type { InboundSession } from '../../engine/src/ports/inbound-gateway.port';
import { runSimulatedAgiCall } from '../../engine/src/simulator/agi/fastagi-client';

const silent: Logger = { fatal: () => undefined, error: () => undefined, warn: () => undefined, info: () => undefined, debug: () => undefined, trace: () => undefined, child: () => silent };
const CONCURRENT = 500;

interface Job {
  /** `agi` = simulated Asterisk calls; `echo` = bare sockets answering every line (baseline). */
  readonly kind?: 'agi' | 'echo';
  readonly port: number;
  readonly route: string;
  readonly total: number;
  readonly concurrency: number;
  readonly firstId: number;
}

interface JobResult {
  readonly ok: number;
  readonly failed: number;
}

// ---- worker: the simulated Asterisk -------------------------------------------------------------

async function runJob(job: Job): Promise<JobResult> {
  let next = 0;
  let ok = 0;
  const one = async (i: number): Promise<void> => {
    const id = job.firstId + i;
    const report = await runSimulatedAgiCall({
      host: '127.0.0.1',
      port: job.port,
      env: {
        request: `agi://127.0.0.1:${job.port}/${job.route}?did=4055550123`,
        args: [`1740824130.${id}`],
        channel: `PJSIP/carrier-${id.toString(16).padStart(8, '0')}`,
        uniqueId: `1740824130.${id}`,
        callerId: '4055550100',
        dnid: '4055550123',
        context: 'engine-inbound',
        extension: '4055550123',
        priority: 3,
      },
    });
    if (report.agiStatus === 'SUCCESS') ok++;
  };
  const worker = async (): Promise<void> => {
    while (next < job.total) await one(next++);
  };
  await Promise.all(Array.from({ length: job.concurrency }, worker));
  return { ok, failed: job.total - ok };
}

/** Baseline peer: `total` bare sockets that answer every chunk with one result line. */
function runEcho(job: Job): Promise<JobResult> {
  return new Promise((resolve) => {
    let closed = 0;
    for (let i = 0; i < job.total; i++) {
      const socket = connect({ port: job.port, host: '127.0.0.1', noDelay: true });
      socket.on('data', () => socket.write('200 result=0\n'));
      socket.on('error', () => undefined);
      socket.on('close', () => {
        if (++closed === job.total) resolve({ ok: job.total, failed: 0 });
      });
    }
  });
}

if (!isMainThread) {
  const job = workerData as Job;
  (job.kind === 'echo' ? runEcho(job) : runJob(job)).then(
    (r) => parentPort?.postMessage(r),
    (err: unknown) => parentPort?.postMessage({ ok: 0, failed: -1, error: String(err) }),
  );
}

// ---- main: the engine ---------------------------------------------------------------------------

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function asterisk(job: Job): Promise<JobResult> {
  return new Promise((resolve, reject) => {
    const w = new Worker(__filename, { workerData: job });
    w.once('message', (r: JobResult) => resolve(r));
    w.once('error', reject);
  });
}

function percentile(sorted: readonly number[], p: number): string {
  return (sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN).toFixed(3);
}

function summary(samples: number[]): string {
  const s = [...samples].sort((a, b) => a - b);
  return `p50 ${percentile(s, 50)} ms, p99 ${percentile(s, 99)} ms, max ${percentile(s, 100)} ms (${s.length} commands)`;
}

/** The inbound vetting a real route does: read caller ID, set the two variables, log, check state. */
async function fiveCommands(s: InboundSession): Promise<void> {
  await s.getVariable('CALLERID(num)');
  await s.setVariable('ENGINE_CALL_ID', `call-${s.env.uniqueId}`);
  await s.setVariable('ENGINE_ROUTE', 'queue');
  await s.verbose('vetted', 3);
  await s.noop();
}

/** Holds each session until CONCURRENT are open, then sends 20 NOOPs, each after 0..maxGapMs (0 = back to back). */
function concurrentRoute(samples: number[], maxGapMs: number): (s: InboundSession) => Promise<void> {
  let open = 0;
  let release!: () => void;
  const allOpen = new Promise<void>((resolve) => (release = resolve));
  return async (s) => {
    if (++open === CONCURRENT) release();
    await allOpen;
    for (let i = 0; i < 20; i++) {
      if (maxGapMs > 0) await new Promise((resolve) => setTimeout(resolve, Math.random() * maxGapMs));
      const t0 = performance.now();
      await s.noop();
      samples.push(performance.now() - t0);
    }
  };
}

/** Bare node:net ping-pong: the server writes `NOOP\n` 20 times per socket, back to back. */
async function baseline(): Promise<string> {
  const samples: number[] = [];
  const server = createServer({ noDelay: true }, (socket) => {
    let sent = 0;
    let t0 = performance.now();
    socket.write('NOOP\n');
    socket.on('data', () => {
      samples.push(performance.now() - t0);
      if (++sent === 20) return void socket.end();
      t0 = performance.now();
      socket.write('NOOP\n');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  const t1 = performance.now();
  await asterisk({ kind: 'echo', port: typeof addr === 'object' && addr ? addr.port : 0, route: '', total: CONCURRENT, concurrency: CONCURRENT, firstId: 0 });
  const rate = samples.length / ((performance.now() - t1) / 1000);
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `${summary(samples)}  [${rate.toFixed(0)} exchanges/s]`;
}

async function main(): Promise<void> {
  const metrics = new PromMetricsAdapter(silent, { defaultMetrics: false });
  const server = new FastAgiServer({ host: '127.0.0.1', port: 0, allow: ['127.0.0.1', '::ffff:127.0.0.1'], logger: silent, metrics, maxConnections: 5000 });
  const variants = [
    { label: '2a', route: 'paced-2k', gapMs: 500, what: 'paced, ~2k cmd/s', samples: [] as number[] },
    { label: '2b', route: 'paced-10k', gapMs: 100, what: 'paced, ~10k cmd/s', samples: [] as number[] },
    { label: '2c', route: 'saturated', gapMs: 0, what: 'back to back', samples: [] as number[] },
  ];
  server.route('five', fiveCommands);
  for (const v of variants) server.route(v.route, concurrentRoute(v.samples, v.gapMs));
  const { port } = await server.listen();
  print(`node ${process.version}, ${process.platform}/${process.arch}; simulated Asterisk in a worker thread`);

  await asterisk({ port, route: 'five', total: 500, concurrency: 50, firstId: 0 });
  const total = 5000;
  const t0 = performance.now();
  const r1 = await asterisk({ port, route: 'five', total, concurrency: 50, firstId: 1000 });
  const secs = (performance.now() - t0) / 1000;
  print(`1.  sessions/s, 5 commands each, 50 in flight: ${(total / secs).toFixed(0)}  [${total} sessions in ${secs.toFixed(2)} s; ${r1.ok} SUCCESS, ${r1.failed} failed]`);

  let firstId = 10_000;
  for (const v of variants) {
    const t1 = performance.now();
    const r = await asterisk({ port, route: v.route, total: CONCURRENT, concurrency: CONCURRENT, firstId });
    firstId += CONCURRENT;
    const rate = v.samples.length / ((performance.now() - t1) / 1000);
    print(`${v.label}. round trip, ${CONCURRENT} sessions open, ${v.what}: ${summary(v.samples)}  [${r.ok} SUCCESS; ${rate.toFixed(0)} cmd/s overall]`);
  }

  await server.close();
  print(`active sessions after close: ${server.activeSessions()}`);
  print(`3.  baseline, bare node:net, ${CONCURRENT} sockets back to back: ${await baseline()}`);
}

if (isMainThread) {
  main().catch((err: unknown) => {
    process.stderr.write(`bench failed: ${String(err)}\n`);
    process.exitCode = 1;
  });
}
