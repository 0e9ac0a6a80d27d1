/**
 * AMI benchmark. Prints figures, asserts nothing. Build, then: node <dist>/test/bench/ami.bench.js
 *  1. parser: the server streams of every Asterisk 20.20.1 capture, re-parsed (MB/s, messages/s);
 *  2. events end to end: the simulator AMI server broadcasts call events (Newchannel, Newstate,
 *     Hangup) over loopback TCP into a started AmiLineMonitor (events/s applied to the line state);
 *  3. action round trip: Ping through AmiConnection against the simulator (sequential p50/p95/p99,
 *     and 100 in flight);
 *  4. the asterisk-manager comparison of engine/docs/adr/ami-client.md: time to take in one header line of
 *     N MB without a line end (its parser re-splits the whole buffer on every chunk: quadratic)
 *     versus ours (linear; in production ours stops at 64 KiB and closes the connection).
 */
import 'reflect-metadata';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { performance } from 'node:perf_hooks';
import { AmiConnection } from '../../engine/src/adapters/asterisk/ami/ami-connection';
import { AmiFrameParser } from '../../engine/src/adapters/asterisk/ami/ami-frame-parser';
import { AmiLineMonitor } from '../../engine/src/adapters/asterisk/ami/ami-line-monitor.adapter';
import { AmiServer } from '../../engine/src/simulator/ami/ami-server';
import type { SimChannel } from '../../engine/src/simulator/ami/ami-world-view';
import { ScriptedAmiWorld } from '../../engine/src/simulator/ami/scripted-ami-world';
import { CaptureLogger } from '../fakes/capture-logger';
import { AMI_CAPTURES, readCapture } from '../fixtures/ami/capture-file';

const out = (line: string): void => void process.stdout.write(`${line}\n`);
const pct = (sorted: number[], p: number): number => sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];

function benchParser(): void {
  const streams = AMI_CAPTURES.flatMap((name) => {
    const entries = readCapture(name);
    return [...new Set(entries.map((e) => e.tag))].map((tag) => Buffer.concat(entries.filter((e) => e.tag === tag && e.dir === 'S->C').map((e) => e.bytes)));
  }).filter((b) => b.length > 0);
  const bytes = streams.reduce((n, b) => n + b.length, 0);
  const rounds = 200;
  let messages = 0;
  const t0 = performance.now();
  for (let r = 0; r < rounds; r++) {
    for (const s of streams) {
      const p = new AmiFrameParser();
      // 1400-byte chunks, like TCP segments.
      for (let i = 0; i < s.length; i += 1400) messages += p.push(s.subarray(i, i + 1400)).length;
    }
  }
  const sec = (performance.now() - t0) / 1000;
  out(`1. parser: ${((bytes * rounds) / sec / 1e6).toFixed(1)} MB/s, ${Math.round(messages / sec).toLocaleString('en')} messages/s (${streams.length} captured streams x ${rounds})`);
}

function channel(i: number): SimChannel {
  return { name: `PJSIP/trunk-${i.toString(16).padStart(8, '0')}`, uniqueid: `u-${i}`, linkedid: `u-${i}`, state: 'down', callerIdNum: '2191302954', context: 'out', exten: 's', priority: 1, createdAt: Date.now() };
}

async function benchEvents(port: number, world: ScriptedAmiWorld, monitor: AmiLineMonitor): Promise<void> {
  const calls = 10_000;
  let ended = 0;
  const done = new Promise<void>((resolve) => monitor.on('channel.ended', () => ++ended === calls && resolve()));
  const t0 = performance.now();
  for (let i = 0; i < calls; i++) {
    world.addChannel(channel(i));
    world.setChannelState(channel(i).name, 'up');
    world.endChannel(channel(i).name, 16);
    if (i % 500 === 0) await new Promise((r) => setImmediate(r));
  }
  await done;
  const sec = (performance.now() - t0) / 1000;
  out(`2. events end to end (simulator → TCP → AmiLineMonitor, port ${port}): ${Math.round((calls * 3) / sec).toLocaleString('en')} events/s (${calls * 3} events, ${calls} calls ended)`);
}

async function benchPing(ami: AmiConnection): Promise<void> {
  const lat: number[] = [];
  for (let i = 0; i < 2000; i++) {
    const t = performance.now();
    await ami.action({ action: 'Ping' });
    lat.push(performance.now() - t);
  }
  lat.sort((a, b) => a - b);
  const t0 = performance.now();
  await Promise.all(Array.from({ length: 100 }, async () => {
    for (let i = 0; i < 20; i++) await ami.action({ action: 'Ping' });
  }));
  const rate = 2000 / ((performance.now() - t0) / 1000);
  out(`3. Ping round trip: p50 ${pct(lat, 0.5).toFixed(3)} ms, p95 ${pct(lat, 0.95).toFixed(3)} ms, p99 ${pct(lat, 0.99).toFixed(3)} ms sequential; ${Math.round(rate).toLocaleString('en')} actions/s with 100 in flight`);
}

function benchOversize(): void {
  const lib = createRequire(__filename).resolve('asterisk-manager');
  for (const mb of [2, 4, 8, 16]) {
    const script = `
      const net = require('net'); const AM = require(${JSON.stringify(lib)});
      const srv = net.createServer((s) => { s.write('Asterisk Call Manager/9.0.0\\r\\n'); const c = Buffer.alloc(65536, 65);
        let n = 0; const total = ${mb} * 16; (function pump() { while (n < total) { n++; if (!s.write(c)) return s.once('drain', pump); } s.write('\\r\\n\\r\\n'); })(); });
      srv.listen(0, () => { const t0 = Date.now(); const ami = new AM(srv.address().port, '127.0.0.1');
        ami.on('error', () => {}); ami.on('asterisk', () => { process.stdout.write(String(Date.now() - t0)); process.exit(0); }); });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 120_000 });
    const chunk = Buffer.alloc(65536, 65);
    const ours = new AmiFrameParser({ maxLineBytes: 64 * 1024 * 1024, maxFrameBytes: 64 * 1024 * 1024, maxHeaders: 10 });
    const t0 = performance.now();
    ours.push(Buffer.from('Asterisk Call Manager/9.0.0\r\nJunk: '));
    for (let i = 0; i < mb * 16; i++) ours.push(chunk);
    ours.push(Buffer.from('\r\nEvent: X\r\n\r\n'));
    out(`4. one ${mb} MB line: asterisk-manager ${run.stdout || '(timeout)'} ms, ours ${(performance.now() - t0).toFixed(0)} ms (limits raised for the comparison)`);
  }
}

async function main(): Promise<void> {
  benchParser();
  const world = new ScriptedAmiWorld();
  const server = new AmiServer({ world, logger: new CaptureLogger() });
  const { port } = await server.listen();
  const ami = new AmiConnection({ host: '127.0.0.1', port, username: 'engine', secret: 'engine-secret', logger: new CaptureLogger() });
  const monitor = new AmiLineMonitor({ connection: ami, logger: new CaptureLogger(), lines: ['02191302954'], bootWaitMs: 10 });
  await monitor.start();
  while (!ami.isConnected()) await new Promise((r) => setTimeout(r, 5));
  await benchEvents(port, world, monitor);
  await benchPing(ami);
  await monitor.stop();
  await server.close();
  benchOversize();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
