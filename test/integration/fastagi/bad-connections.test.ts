import assert from 'node:assert/strict';
import { runSimulatedAgiCall } from '../../../engine/src/simulator/agi/fastagi-client';
import { buildAgiEnvironment } from '../../../engine/src/simulator/agi/agi-env-builder';
import { connectRaw } from '../../fixtures/agi/raw-socket';
import { eventually, inboundEnv, problems, startServer, type RunningServer } from './fastagi-harness';

const ENV = buildAgiEnvironment(inboundEnv('agi://127.0.0.1/inbound'));

/** Sends `bytes` (optionally half-closing), then waits for the server to close the connection. */
async function sendAndExpectClose(port: number, bytes: string | Buffer, endAfter = false): Promise<void> {
  const r = await connectRaw(port);
  r.socket.write(bytes);
  if (endAfter) r.socket.end();
  await r.ended(3000);
  r.socket.destroy();
}

describe('FastAGI server: bad connections are closed with one log line each', () => {
  let running: RunningServer;
  let handled = 0;

  beforeEach(async () => {
    handled = 0;
    running = await startServer({
      inbound: async (s) => {
        handled++;
        await s.noop();
      },
    });
  });
  afterEach(() => running.server.close());

  /** The server must still serve a real session after each bad one. */
  async function stillServes(): Promise<void> {
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound') });
    assert.equal(report.agiStatus, 'SUCCESS');
  }

  function expectOneProblem(code: string): void {
    const logged = problems(running.logger);
    assert.equal(logged.length, 1, JSON.stringify(logged.map((l) => l.msg)));
    assert.equal((logged[0]?.obj as { code?: string }).code, code);
    assert.match(String(logged[0]?.bindings.remote ?? (logged[0]?.obj as { remote?: string }).remote), /^(::ffff:)?127\.0\.0\.1:\d+$/);
  }

  it('refuses a client outside the allowlist', async () => {
    await running.server.close();
    running = await startServer(
      {
        inbound: async () => {
          handled++;
        },
      },
      { allow: ['10.0.0.0/8'] },
    );
    await sendAndExpectClose(running.port, ENV);
    await eventually(() => problems(running.logger).length > 0);
    expectOneProblem('CE_AGI_FORBIDDEN');
    assert.equal(handled, 0);
    assert.equal(running.metrics.count('agi_errors_total', { code: 'CE_AGI_FORBIDDEN' }), 1);
  });

  it('closes on a line longer than 8 KiB (with and without a newline)', async () => {
    await sendAndExpectClose(running.port, `agi_network: ${'x'.repeat(9000)}\n`);
    expectOneProblem('CE_AGI_LIMIT');
    await sendAndExpectClose(running.port, 'y'.repeat(20000));
    assert.equal(problems(running.logger).length, 2);
    await stillServes();
  });

  it('closes on an environment block over 64 lines or 16 KiB', async () => {
    const many = Array.from({ length: 70 }, (_, i) => `agi_x${i}: 1\n`).join('');
    await sendAndExpectClose(running.port, many);
    expectOneProblem('CE_AGI_LIMIT');
    const big = Array.from({ length: 40 }, (_, i) => `agi_v${i}: ${'z'.repeat(500)}\n`).join('');
    await sendAndExpectClose(running.port, big);
    assert.equal(problems(running.logger).length, 2);
    await stillServes();
  });

  it('closes a peer that is not Asterisk (HTTP request)', async () => {
    await sendAndExpectClose(running.port, 'GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    expectOneProblem('CE_AGI_PROTOCOL');
    await stillServes();
  });

  it('closes a complete block that lacks agi_request/agi_channel (found by the fuzz test)', async () => {
    await sendAndExpectClose(running.port, 'agi_network: yes\nagi_x: 1\n\n');
    expectOneProblem('CE_AGI_PROTOCOL');
    await stillServes();
  });

  it('closes a truncated environment block at EOF and one that never completes', async () => {
    await running.server.close();
    running = await startServer(
      {
        inbound: async () => {
          handled++;
        },
      },
      { envTimeoutMs: 150 },
    );
    await sendAndExpectClose(running.port, ENV.slice(0, 100), true);
    expectOneProblem('CE_AGI_PROTOCOL');
    await sendAndExpectClose(running.port, ENV.slice(0, 100));
    const logged = problems(running.logger);
    assert.equal(logged.length, 2);
    assert.equal((logged[1]?.obj as { code?: string }).code, 'CE_AGI_LIMIT');
    assert.equal(handled, 0);
    await stillServes();
  });

  it('closes a session whose peer sends a result nobody asked for', async () => {
    await running.server.close();
    running = await startServer({ inbound: () => new Promise<void>((resolve) => setTimeout(resolve, 200)) });
    await sendAndExpectClose(running.port, `${ENV}200 result=0\n`);
    await eventually(() => problems(running.logger).length > 0);
    expectOneProblem('CE_AGI_PROTOCOL');
  });

  it('close() destroys, at its deadline, a socket whose peer never closes its side', async () => {
    await running.server.close();
    let started!: () => void;
    const inSession = new Promise<void>((resolve) => (started = resolve));
    running = await startServer({ inbound: () => new Promise<void>(() => started()) }, { lingerMs: 60_000, closeDeadlineMs: 100 });
    const peer = await connectRaw(running.port);
    peer.socket.on('end', () => undefined); // half-open: reads our FIN but never answers with its own
    peer.socket.write(ENV);
    await inSession;
    const t0 = Date.now();
    await running.server.close();
    assert.ok(Date.now() - t0 < 5_000, 'close() returned long before the 60 s linger');
    assert.equal(running.server.activeSessions(), 0);
    assert.equal((await peer.read(8)).toString(), 'failure\n', 'shutdown tells Asterisk the vetting failed');
    await peer.ended();
    assert.ok(running.logger.find('warn', /close deadline reached/));
  });

  it('refuses connections beyond maxConnections', async () => {
    await running.server.close();
    let holding!: () => void;
    const held = new Promise<void>((resolve) => (holding = resolve));
    running = await startServer({ inbound: (s) => new Promise<void>((resolve) => (holding(), s.signal.addEventListener('abort', () => resolve()))) }, { maxConnections: 1 });
    const first = await connectRaw(running.port);
    first.socket.write(ENV);
    await held;
    await sendAndExpectClose(running.port, ENV);
    await eventually(() => problems(running.logger).length > 0);
    expectOneProblem('CE_AGI_LIMIT');
    first.socket.destroy();
  });
});
