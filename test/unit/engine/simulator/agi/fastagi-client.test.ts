import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { buildAgiEnvironment } from '../../../../../engine/src/simulator/agi/agi-env-builder';
import { SimulatedAgiCall, runSimulatedAgiCall, type AgiCallReport } from '../../../../../engine/src/simulator/agi/fastagi-client';
import { AGI_CAPTURE_FILES, loadAgiCapture, type CaptureSession } from '../../../../fixtures/agi/agi-capture';
import { CAPTURE_SCRIPTS, envSpecFromCapture } from '../../../../fixtures/agi/capture-scripts';
import { RawSocketReader } from '../../../../fixtures/agi/raw-socket';

/** A raw TCP server standing in for our FastAGI server: each connection is handed to `onSocket`. */
async function rawServer(onSocket: (r: RawSocketReader) => Promise<void>): Promise<{ server: Server; port: number; errors: unknown[] }> {
  const errors: unknown[] = [];
  const server = createServer({ allowHalfOpen: true }, (socket: Socket) => {
    onSocket(new RawSocketReader(socket)).catch((err: unknown) => {
      errors.push(err);
      socket.destroy();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const addr = server.address();
  return { server, port: typeof addr === 'object' && addr ? addr.port : 0, errors };
}

/** Plays the server's side of one captured session and checks every byte the simulator writes. */
async function playServerSide(r: RawSocketReader, session: CaptureSession): Promise<void> {
  assert.equal((await r.read(session.env.length)).toString(), session.env.toString(), 'environment block');
  for (const step of session.steps) {
    if (step.kind === 'S->A') r.socket.write(step.bytes);
    else if (step.kind === 'A->S') assert.equal((await r.read(step.bytes.length)).toString(), step.text, step.remark || 'response');
    else r.socket.end();
  }
  await r.ended();
}

describe('SimulatedAgiCall (the Asterisk side of FastAGI)', () => {
  for (const file of AGI_CAPTURE_FILES) {
    it(`replays ${file} byte for byte, with the captured AGISTATUS`, async () => {
      const sessions = loadAgiCapture(file);
      let current = 0;
      const { server, port, errors } = await rawServer((r) => playServerSide(r, sessions[current] as CaptureSession));
      try {
        for (const session of sessions) {
          const report = await runSimulatedAgiCall({ host: '127.0.0.1', port, env: envSpecFromCapture(session.env), script: CAPTURE_SCRIPTS[file] });
          assert.deepEqual(errors, []);
          assert.equal(report.agiStatus, session.agiStatus, `${file} session ${current + 1}`);
          current++;
        }
      } finally {
        server.close();
      }
    });
  }

  it('reports the dialplan location after SET CONTEXT/EXTENSION/PRIORITY (agi-13a lands on landed,5; agi-13b on landed,3)', async () => {
    const reports: AgiCallReport[] = [];
    for (const file of ['agi-13a-cmds.agi.txt', 'agi-13b-goto.agi.txt']) {
      const session = loadAgiCapture(file)[0] as CaptureSession;
      const { server, port } = await rawServer((r) => playServerSide(r, session));
      reports.push(await runSimulatedAgiCall({ host: '127.0.0.1', port, env: envSpecFromCapture(session.env), script: CAPTURE_SCRIPTS[file] }));
      server.close();
    }
    assert.deepEqual(reports[0]?.location, { context: 'agi-test', extension: 'landed', priority: 5 });
    assert.deepEqual(reports[0]?.variablesSet, [['CAPVAR', 'hello world']]);
    assert.deepEqual(reports[1]?.location, { context: 'agi-test', extension: 'landed', priority: 3 });
  });

  it('hangs up during a delayed command: result first, then HANGUP, then dead mode', async () => {
    const env = { request: 'agi://127.0.0.1/inbound', channel: 'PJSIP/x-1', uniqueId: '1.2', context: 'c', extension: 'e' };
    const envText = buildAgiEnvironment(env);
    const { server, port, errors } = await rawServer(async (r) => {
      await r.read(Buffer.byteLength(envText));
      r.socket.write('WAIT FOR DIGIT 5000\n');
      assert.equal((await r.read(21)).toString(), '200 result=-1\nHANGUP\n');
      r.socket.write('ANSWER\n');
      assert.equal((await r.read(65)).toString(), '511 Command Not Permitted on a dead channel or intercept routine\n');
      r.socket.end();
      assert.equal((await r.read(7)).toString(), 'HANGUP\n');
      await r.ended();
    });
    const call = new SimulatedAgiCall({
      host: '127.0.0.1',
      port,
      env,
      script: { commandDelayMs: 20 },
      onCommand: (line, c) => {
        if (line.startsWith('WAIT FOR DIGIT')) c.hangup();
      },
    });
    const report = await call.start();
    server.close();
    assert.deepEqual(errors, []);
    assert.equal(report.agiStatus, 'HANGUP');
    assert.equal(report.hungUp, true);
    assert.deepEqual(report.commands, ['WAIT FOR DIGIT 5000', 'ANSWER']);
  });

  it('ends with FAILURE on a "failure" line, and on a refused connection', async () => {
    const env = { request: 'agi://127.0.0.1/x', channel: 'Local/1@a-1;1', uniqueId: '1.3', context: 'c', extension: 'e' };
    const { server, port, errors } = await rawServer(async (r) => {
      await r.read(Buffer.byteLength(buildAgiEnvironment(env)));
      r.socket.write('failure\n');
      assert.equal((await r.read(7)).toString(), 'HANGUP\n');
      await r.ended();
      r.socket.end();
    });
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port, env });
    assert.deepEqual(errors, []);
    assert.equal(report.agiStatus, 'FAILURE');
    assert.equal(report.transcript.at(-1)?.text, 'HANGUP\n');
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const refused = await runSimulatedAgiCall({ host: '127.0.0.1', port, env });
    assert.equal(refused.agiStatus, 'FAILURE');
    assert.match(refused.connectError ?? '', /ECONNREFUSED/);
  });
});
