/**
 * ARI adapter event throughput (target ≥ 20,000 events/s normalised). Prints figures, asserts nothing.
 * Run after building: `node dist/test/bench/ari-events.bench.js [frames]`.
 *
 * Input: every WebSocket event of the captures of a real Asterisk 20.20.1 (273 frames, ~550 bytes
 * each, the real mix: ChannelVarset, Dial, hangups, StasisStart, ...), repeated with fresh channel,
 * playback and recording ids so the duplicate filter passes them.
 *  1. pipeline: JSON text → parse → event map → dedup → listener (what runs per frame in production);
 *  2. end to end: the same frames sent by the test ARI server over a real loopback WebSocket into a
 *     started AriTelephonyAdapter (sender and receiver share one process, so this is conservative).
 */
import 'reflect-metadata';
import { EventDeduplicator } from '../../engine/src/adapters/asterisk/ari/ari-dedup';
import { AriEventPipeline } from '../../engine/src/adapters/asterisk/ari/ari-event-pipeline';
import { createAriMetrics } from '../../engine/src/adapters/asterisk/ari/ari-metrics';
import { AriTelephonyAdapter } from '../../engine/src/adapters/asterisk/ari/ari-telephony.adapter';
import { systemClock } from '../../engine/src/ports/clock.port';
import type { CounterMetric, MetricLabels, MetricsPort } from '../../engine/src/ports/metrics.port';
import { CaptureLogger } from '../fakes/capture-logger';
import { allCapturedEvents } from '../fixtures/ari-events/ari-fixtures';
import { AriTestServer } from '../integration/ari/support/ari-test-server';

const FRAMES = Number(process.argv[2] ?? 60_000);

function out(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** Counts `ari_events_total` by outcome; every other instrument is a no-op. */
function countingMetrics(counts: Map<string, number>): MetricsPort {
  const noop = { inc: () => undefined, set: () => undefined, dec: () => undefined, observe: () => undefined };
  const events: CounterMetric = { inc: (labels?: MetricLabels, v = 1) => void counts.set(String(labels?.outcome), (counts.get(String(labels?.outcome)) ?? 0) + v) };
  return {
    counter: (name) => (name === 'ari_events_total' ? events : noop),
    gauge: () => noop,
    histogram: () => noop,
    render: async () => ({ contentType: 'text/plain', body: '' }),
  };
}

function frames(n: number, round: string): string[] {
  // ApplicationReplaced is left out: it makes the adapter let go of its socket (by design).
  const templates = allCapturedEvents()
    .filter(({ event }) => event.type !== 'ApplicationReplaced')
    .map(({ event }) => JSON.stringify(event));
  const result: string[] = [];
  for (let i = 0; result.length < n; i++) {
    for (const t of templates) {
      if (result.length >= n) break;
      // Fresh ids per round: `cap-…` channel/playback/recording/bridge ids, and PJSIP unique ids.
      result.push(t.replace(/"cap-/g, `"${round}${i}-cap-`).replace(/"(\d{10}\.\d+)"/g, `"${round}${i}-$1"`));
    }
  }
  return result;
}

function report(name: string, count: number, ms: number, counts: Map<string, number>): void {
  const perSec = Math.round((count / ms) * 1000);
  out(`${name}: ${count} frames in ${ms.toFixed(1)} ms → ${perSec.toLocaleString('en-US')} events/s (${((ms * 1e6) / count).toFixed(0)} ns/frame)`);
  out(`  outcomes: ${[...counts].map(([k, v]) => `${k}=${v}`).join(', ')}`);
}

function benchPipeline(input: readonly string[], warmup: readonly string[]): void {
  const counts = new Map<string, number>();
  let delivered = 0;
  const pipeline = new AriEventPipeline({
    logger: new CaptureLogger(),
    metrics: createAriMetrics(countingMetrics(counts)),
    clock: systemClock,
    dedup: new EventDeduplicator({ windowMs: 10_000 }),
    onAppReplaced: () => undefined,
  });
  pipeline.subscribe(() => void (delivered += 1));
  for (const f of warmup) pipeline.handleFrame(f); // JIT warm-up, with ids of their own
  counts.clear();
  delivered = 0;
  const started = process.hrtime.bigint();
  for (const f of input) pipeline.handleFrame(f);
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  report('1. pipeline (parse → map → dedup → listener)', input.length, ms, counts);
  out(`  delivered to the listener: ${delivered}`);
}

async function benchEndToEnd(input: readonly string[]): Promise<void> {
  const server = await AriTestServer.start();
  const counts = new Map<string, number>();
  const adapter = new AriTelephonyAdapter(
    { url: server.baseUrl, wsUrl: server.wsUrl, app: 'salehi', username: server.username, password: server.password, requestTimeoutSec: 5 },
    { logger: new CaptureLogger(), metrics: countingMetrics(counts) },
    { pingIntervalMs: 0 },
  );
  adapter.start();
  await adapter.whenConnected();
  const total = (): number => [...counts.values()].reduce((a, b) => a + b, 0);
  const started = process.hrtime.bigint();
  for (const f of input) server.send(f);
  while (total() < input.length) await new Promise((resolve) => setImmediate(resolve));
  const ms = Number(process.hrtime.bigint() - started) / 1e6;
  report('2. end to end (loopback WebSocket → adapter → listener)', input.length, ms, counts);
  await adapter.stop();
  await server.close();
}

async function main(): Promise<void> {
  const input = frames(FRAMES, 'r');
  const bytes = input.reduce((a, f) => a + f.length, 0);
  out(`ARI event benchmark: ${input.length} frames, ${(bytes / input.length).toFixed(0)} bytes average, node ${process.version}`);
  benchPipeline(input, frames(2000, 'w'));
  await benchEndToEnd(input);
}

main().catch((err: unknown) => {
  process.stderr.write(`benchmark failed: ${String(err)}\n`);
  process.exitCode = 1;
});
