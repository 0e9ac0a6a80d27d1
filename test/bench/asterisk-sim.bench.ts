/**
 * Calls per second through the built-in PBX simulator with the engine's own adapters. Prints
 * figures, asserts nothing. Run after building: `node dist/test/bench/asterisk-sim.bench.js [calls] [concurrency]`.
 *
 *  1. outbound: AriTelephonyAdapter originate → call.entered → play a 1 s prompt → playback.finished
 *     → hangup → call.ended, `concurrency` calls at a time, with the AMI line monitor connected and
 *     counting the same calls (simulated time 1000× faster, so the figure is the protocol cost);
 *  2. inbound: caller → FastAGI vetting by the engine's FastAgiServer (4 SET VARIABLEs) → Stasis →
 *     call.entered on the adapter → hangup.
 * Everything (simulator, adapters, FastAGI server) shares one process and one core.
 */
import 'reflect-metadata';
import { FastAgiServer } from '../../engine/src/adapters/asterisk/fastagi/fastagi-server';
import { customerBehaviours } from '../../engine/src/simulator/core/customer-script';
import type { PbxSimulator } from '../../engine/src/simulator/pbx-simulator';
import { CaptureLogger } from '../fakes/capture-logger';
import { connectAmi, connectAri, LINE, startPbx, TRUNK, until, type AriLink } from '../integration/pbx/support/pbx-harness';

const CALLS = Number(process.argv[2] ?? 400);
const CONCURRENCY = Number(process.argv[3] ?? 20);

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

async function pool(n: number, concurrency: number, work: (i: number) => Promise<number>): Promise<number[]> {
  const latencies: number[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < n) latencies.push(await work(next++));
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return latencies.sort((a, b) => a - b);
}

async function outboundCall(ari: AriLink, i: number): Promise<number> {
  const id = `bench-${i}`;
  const start = performance.now();
  // Simulated seconds: at 1000× a 30 s ring timeout is 30 real ms, less than the event-loop lag under load.
  await ari.adapter.originate({ channelId: id, endpoint: `PJSIP/0912${String(i).padStart(7, '0')}@${TRUNK}`, callerId: LINE, timeoutSec: 3600, appArgs: ['outbound', id] });
  await ari.waitFor('call.entered', id, 30_000);
  const entered = performance.now() - start;
  await ari.adapter.play(id, { media: 'sound:custom/hello', playbackId: `${id}-pb` });
  await ari.waitFor('playback.finished', id, 30_000);
  await ari.adapter.hangup(id);
  await ari.waitFor('call.ended', id, 30_000);
  return entered;
}

async function inboundCall(sim: PbxSimulator, ari: AriLink, i: number): Promise<number> {
  const start = performance.now();
  const outcome = await sim.placeInboundCall({ from: `0935${String(i).padStart(7, '0')}`, did: LINE });
  await ari.waitFor('call.entered', outcome.channelId, 30_000);
  const entered = performance.now() - start;
  await ari.adapter.hangup(outcome.channelId);
  await ari.waitFor('call.ended', outcome.channelId, 30_000);
  return entered;
}

function report(label: string, n: number, ms: number, latencies: readonly number[]): void {
  out(`${label}: ${n} calls in ${(ms / 1000).toFixed(2)} s = ${((n * 1000) / ms).toFixed(1)} calls/s; `
    + `to call.entered p50 ${percentile(latencies, 50).toFixed(1)} ms, p95 ${percentile(latencies, 95).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`);
}

async function main(): Promise<void> {
  const sim = await startPbx({ speed: 0.001, media: { durations: { 'custom/hello': 1 } } });
  sim.world.directory.setDefault(customerBehaviours.staysSilent({ ringSeconds: 1 }));
  const agi = new FastAgiServer({ host: '127.0.0.1', port: 0, allow: ['127.0.0.1', '::ffff:127.0.0.1'], logger: new CaptureLogger(), lingerMs: 100 });
  agi.route('inbound', async (s) => {
    await s.setVariable('SALEHI_ROUTE', 'stasis');
    await s.setVariable('SALEHI_CALL_ID', `in-${s.env.uniqueId}`);
    await s.setVariable('SALEHI_SCENARIO', 'academy');
    await s.setVariable('SALEHI_LINE', LINE);
  });
  sim.setAgiTarget(await agi.listen());
  const ari = await connectAri(sim);
  const ami = await connectAmi(sim);
  out(`asterisk-sim bench: ${CALLS} calls, ${CONCURRENCY} at a time, node ${process.version}`);
  try {
    let t0 = performance.now();
    const outbound = await pool(CALLS, CONCURRENCY, (i) => outboundCall(ari, i));
    report('outbound (originate, play, hangup)', CALLS, performance.now() - t0, outbound);
    await until(() => ami.seen['channel.ended'].items.length >= CALLS, 10_000, 'AMI saw every hangup');
    const peak = Math.max(...ami.seen['line.usage.changed'].items.map((u) => u.channels));
    out(`  AMI line monitor: ${ami.seen['channel.ended'].items.length} hangups seen, peak live channels on ${LINE}: ${peak}; ARI requests served: ${sim.ariRequests().length}`);
    t0 = performance.now();
    const inbound = await pool(CALLS, CONCURRENCY, (i) => inboundCall(sim, ari, i));
    report('inbound (FastAGI vetting, Stasis, hangup)', CALLS, performance.now() - t0, inbound);
    const mem = process.memoryUsage();
    out(`  rss ${(mem.rss / 1e6).toFixed(0)} MB, heap used ${(mem.heapUsed / 1e6).toFixed(0)} MB`);
  } finally {
    await ari.adapter.stop();
    await ami.monitor.stop();
    await agi.close();
    await sim.stop();
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`bench failed: ${String(err)}\n`);
  process.exitCode = 1;
});
