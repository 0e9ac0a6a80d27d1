import assert from 'node:assert/strict';
import { connect } from 'node:net';
import { runSimulatedAgiCall } from '../../../engine/src/simulator/agi/fastagi-client';
import { fuzzCases, type FuzzCase } from './fuzz-inputs';
import { eventually, inboundEnv, problems, startServer, type RunningServer } from './fastagi-harness';

const CASES = 10_000;
const BATCH = 250;
const SEED = 20261122;

interface Outcome {
  readonly localPort: number;
  readonly closed: boolean;
}

/** Writes one case and resolves once the server has closed the connection (or after 5 s: not closed). */
function fire(port: number, c: FuzzCase): Promise<Outcome> {
  return new Promise((resolve) => {
    const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: true });
    let localPort = 0;
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ localPort, closed: false });
    }, 5000);
    socket.on('connect', () => {
      localPort = socket.localPort ?? 0;
      socket.write(c.bytes);
      if (c.end) socket.end();
    });
    socket.on('data', () => undefined);
    socket.on('error', () => undefined);
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ localPort, closed: true });
    });
    // Our half-close leaves the read side open: the server's FIN is what we wait for.
    socket.on('end', () => socket.end());
  });
}

describe('FastAGI server fuzz (real sockets)', function () {
  this.timeout(60_000);
  let running: RunningServer;
  const crashes: unknown[] = [];
  const onCrash = (err: unknown): void => void crashes.push(err);

  before(async () => {
    process.on('uncaughtException', onCrash);
    process.on('unhandledRejection', onCrash);
    running = await startServer({ inbound: async (s) => void (await s.getVariable('CALLERID(num)')) }, { envTimeoutMs: 300, lingerMs: 200, commandTimeoutMs: 500 });
  });
  after(async () => {
    process.off('uncaughtException', onCrash);
    process.off('unhandledRejection', onCrash);
    await running.server.close();
  });

  it(`survives ${CASES} random, oversize, truncated and binary inputs; every connection is closed with at most one log line`, async () => {
    const cases = fuzzCases(CASES, SEED);
    const outcomes: Outcome[] = [];
    // A pool of BATCH connections in flight, so the few cases that wait for a server timeout do not hold up the rest.
    let next = 0;
    const worker = async (): Promise<void> => {
      while (next < cases.length) outcomes.push(await fire(running.port, cases[next++] as FuzzCase));
    };
    await Promise.all(Array.from({ length: BATCH }, worker));
    assert.equal(outcomes.length, CASES);
    assert.deepEqual(crashes, []);
    const open = outcomes.filter((o) => !o.closed).length;
    assert.equal(open, 0, `${open} connections were not closed by the server`);
    await eventually(() => running.server.activeSessions() === 0, 5000);

    const linesPerConnection = new Map<number, number>();
    for (const r of problems(running.logger)) {
      const conn = Number(r.bindings.conn ?? (r.obj as { conn?: number }).conn);
      linesPerConnection.set(conn, (linesPerConnection.get(conn) ?? 0) + 1);
    }
    const repeated = [...linesPerConnection].filter(([, n]) => n > 1);
    assert.deepEqual(repeated, [], 'one log line per bad connection');
    // Every connection that never became a session was bad and must have been logged. Cases whose
    // bytes still form a valid block become sessions (the peer then half-closes: an info line, as
    // when Asterisk leaves with AGIEXITONHANGUP) and are not counted here.
    const sessions = running.metrics.count('agi_sessions_total', { route: 'inbound' });
    assert.ok(linesPerConnection.size >= CASES - sessions, `${linesPerConnection.size} logged, ${CASES - sessions} connections without a session`);
    assert.ok(linesPerConnection.size > CASES * 0.7);
  });

  it('still serves a good session afterwards', async () => {
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound') });
    assert.equal(report.agiStatus, 'SUCCESS');
    assert.deepEqual(report.commands, ['GET VARIABLE CALLERID(num)']);
    assert.deepEqual(crashes, []);
  });
});
