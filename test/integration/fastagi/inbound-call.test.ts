import assert from 'node:assert/strict';
import { isEngineError, type ErrorCode } from '../../../engine/src/errors';
import type { InboundSession } from '../../../engine/src/ports/inbound-gateway.port';
import { SimulatedAgiCall, runSimulatedAgiCall } from '../../../engine/src/simulator/agi/fastagi-client';
import { eventually, inboundEnv, problems, startServer, type RunningServer } from './fastagi-harness';

const codeOf = (err: unknown): string | undefined => (isEngineError(err) ? err.code : undefined);
const withCode = (code: ErrorCode) => (e: unknown): boolean => isEngineError(e, code);

describe('FastAGI server + simulated Asterisk, end to end', () => {
  let running: RunningServer | undefined;
  afterEach(async () => {
    await running?.server.close();
    running = undefined;
  });

  it('vets an inbound call: env → ENGINE_CALL_ID/ENGINE_ROUTE set → close → AGISTATUS=SUCCESS', async () => {
    const seen: Array<Pick<InboundSession, 'route' | 'params'> & { callerId?: string; args: readonly string[] }> = [];
    running = await startServer({
      inbound: async (s) => {
        seen.push({ route: s.route, params: { ...s.params }, callerId: s.env.callerId, args: s.env.args });
        await s.setVariable('ENGINE_CALL_ID', `call-${s.env.uniqueId}`);
        await s.setVariable('ENGINE_ROUTE', 'queue');
      },
    });
    const env = inboundEnv(`agi://127.0.0.1:${running.port}/inbound?did=4055550123`);
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env });
    assert.equal(report.agiStatus, 'SUCCESS');
    assert.deepEqual(report.variables, { ENGINE_CALL_ID: `call-${env.uniqueId}`, ENGINE_ROUTE: 'queue' });
    assert.deepEqual(report.location, { context: 'engine-inbound', extension: '4055550123', priority: 4 });
    assert.deepEqual(report.commands, [`SET VARIABLE ENGINE_CALL_ID call-${env.uniqueId}`, 'SET VARIABLE ENGINE_ROUTE queue']);
    assert.equal(report.transcript.at(-1)?.text, 'HANGUP\n', 'Asterisk writes one more HANGUP after our FIN');
    assert.deepEqual(seen, [{ route: 'inbound', params: { did: '4055550123' }, callerId: '4055550100', args: env.args }]);
    await eventually(() => running?.server.activeSessions() === 0);
    assert.equal(running.metrics.count('agi_sessions_total', { route: 'inbound' }), 1);
    assert.equal(running.metrics.gauges.get('agi_sessions_active'), 0);
    assert.equal(running.metrics.observations.get('agi_command_duration_seconds')?.length, 2);
    assert.deepEqual(problems(running.logger), []);
  });

  it('redirects with goto(): CONTEXT, EXTENSION, PRIORITY land exactly at reject,1', async () => {
    running = await startServer({ inbound: (s) => s.goto('engine-inbound', 'reject') });
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound') });
    assert.deepEqual(report.commands, ['SET CONTEXT engine-inbound', 'SET EXTENSION reject', 'SET PRIORITY 1']);
    assert.deepEqual(report.location, { context: 'engine-inbound', extension: 'reject', priority: 1 });
    assert.equal(report.agiStatus, 'SUCCESS');
  });

  it('HANGUP mid-command: the running command gets its result, then the session is hung up and dead', async () => {
    const outcome: string[] = [];
    running = await startServer({
      inbound: async (s) => {
        await s.answer();
        await s.waitForDigit(10000).catch((e: unknown) => outcome.push(`wait:${codeOf(e)}`));
        outcome.push(`hungUp:${s.hungUp}`);
        await s.streamFile('bye').catch((e: unknown) => outcome.push(`stream:${codeOf(e)}`));
        outcome.push(`var:${await s.getVariable('AGISIGHUP')}`);
      },
    });
    const report = await runSimulatedAgiCall({
      host: '127.0.0.1',
      port: running.port,
      env: inboundEnv('agi://127.0.0.1/inbound'),
      script: { hangupDuring: /^WAIT FOR DIGIT/ },
    });
    assert.deepEqual(outcome, ['wait:CE_AGI_HANGUP', 'hungUp:true', 'stream:CE_AGI_DEAD_CHANNEL', 'var:undefined']);
    assert.equal(report.agiStatus, 'HANGUP');
  });

  it('caller hangs up while the handler is idle: the hangup event fires, dead-mode commands still run', async () => {
    const calls: SimulatedAgiCall[] = [];
    running = await startServer({
      inbound: async (s) => {
        await s.answer();
        const hungUp = new Promise<void>((resolve) => s.onHangup(resolve));
        calls[0]?.hangup();
        await hungUp;
        await s.setVariable('ENGINE_RESULT', 'caller-left');
        await assert.rejects(s.answer(), withCode('CE_AGI_DEAD_CHANNEL'));
      },
    });
    const call = new SimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound') });
    calls.push(call);
    const report = await call.start();
    assert.equal(report.agiStatus, 'HANGUP');
    assert.equal(report.variables.ENGINE_RESULT, 'caller-left');
    assert.deepEqual(problems(running.logger), []);
  });

  it('AGISIGHUP=no: no HANGUP line ever, commands get 511 after the hangup', async () => {
    const codes: Array<string | undefined> = [];
    running = await startServer({
      inbound: async (s) => {
        await s.waitForDigit(5000).catch((e: unknown) => codes.push(codeOf(e)));
        await s.streamFile('x').catch((e: unknown) => codes.push(codeOf(e)));
        codes.push(String(s.hungUp));
      },
    });
    const report = await runSimulatedAgiCall({
      host: '127.0.0.1',
      port: running.port,
      env: inboundEnv('agi://127.0.0.1/inbound'),
      script: { variables: { AGISIGHUP: 'no' }, hangupDuring: /^WAIT/ },
    });
    assert.deepEqual(codes, ['CE_AGI_HANGUP', 'CE_AGI_DEAD_CHANNEL', 'false']);
    assert.ok(report.transcript.every((t) => !t.text.includes('HANGUP')));
    assert.equal(report.agiStatus, 'HANGUP');
  });

  it('510 and 520 reach the handler as CE_AGI_INVALID_COMMAND / CE_AGI_USAGE with the usage text', async () => {
    const results: unknown[] = [];
    running = await startServer({
      inbound: async (s) => {
        await s.command('FOOBAR').catch((e: unknown) => results.push(codeOf(e)));
        await s.command('GET DATA').catch((e: unknown) => results.push(codeOf(e), (e as { details: { usage: string } }).details.usage));
      },
    });
    await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound') });
    assert.deepEqual(results, [
      'CE_AGI_INVALID_COMMAND',
      'CE_AGI_USAGE',
      'Stream the given <replaceable>file</replaceable>, and receive DTMF data.\nReturns the digits received from the channel at the other end.',
    ]);
  });

  it('a handler that throws: session closed with failure (AGISTATUS=FAILURE), error logged with the route, server keeps serving', async () => {
    running = await startServer({
      inbound: async (s) => {
        if (s.params.boom) throw new Error('vetting exploded');
        await s.setVariable('ENGINE_ROUTE', 'queue');
      },
    });
    const bad = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound?boom=1') });
    assert.equal(bad.agiStatus, 'FAILURE');
    assert.deepEqual(bad.commands, ['failure']);
    const logged = problems(running.logger);
    assert.equal(logged.length, 1);
    assert.equal(logged[0]?.level, 'error');
    assert.equal(logged[0]?.bindings.route, 'inbound');
    assert.match(logged[0]?.msg ?? '', /route 'inbound' handler failed/);
    const good = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound') });
    assert.equal(good.agiStatus, 'SUCCESS');
    assert.equal(good.variables.ENGINE_ROUTE, 'queue');
  });

  it('an unknown route: one warn line, failure, AGISTATUS=FAILURE; a URL without path routes to ""', async () => {
    running = await startServer({ '': async (s) => s.setVariable('ROOT', '1') });
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/nosuch?x=1') });
    assert.equal(report.agiStatus, 'FAILURE');
    const logged = problems(running.logger);
    assert.equal(logged.length, 1);
    assert.equal((logged[0]?.obj as { code?: string }).code, 'CE_AGI_ROUTE_NOT_FOUND');
    assert.equal(running.metrics.count('agi_errors_total', { code: 'CE_AGI_ROUTE_NOT_FOUND' }), 1);
    const root = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1') });
    assert.equal(root.variables.ROOT, '1');
  });

  it('a command without result times out (CE_AGI_COMMAND_TIMEOUT) and the session ends with failure', async () => {
    let err: unknown;
    running = await startServer({ inbound: (s) => s.noop().catch((e: unknown) => void (err = e)) }, { commandTimeoutMs: 100 });
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound'), script: { stall: /^NOOP/ } });
    assert.equal(codeOf(err), 'CE_AGI_COMMAND_TIMEOUT');
    assert.equal(report.agiStatus, 'FAILURE');
    assert.equal(problems(running.logger).filter((r) => (r.obj as { code?: string }).code === 'CE_AGI_COMMAND_TIMEOUT').length, 1);
  });

  it('a handler that never returns is cut off at the session max-duration; the server keeps serving', async () => {
    let signalled = false;
    running = await startServer(
      {
        stuck: (s) => new Promise<void>(() => s.signal.addEventListener('abort', () => (signalled = true))),
        inbound: (s) => s.noop(),
      },
      { sessionMaxMs: 100, idleTimeoutMs: 10_000 },
    );
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/stuck') });
    assert.equal(report.agiStatus, 'FAILURE');
    assert.equal(signalled, true);
    assert.equal((await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/inbound') })).agiStatus, 'SUCCESS');
    await eventually(() => running?.server.activeSessions() === 0);
  });

  it('an idle handler (no command for idleTimeoutMs) is closed too', async () => {
    running = await startServer({ slow: () => new Promise<void>((resolve) => setTimeout(resolve, 1000)) }, { idleTimeoutMs: 80 });
    const report = await runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/slow') });
    assert.equal(report.agiStatus, 'FAILURE');
    assert.match(problems(running.logger)[0]?.msg ?? '', /idle/);
  });

  it('close() ends open sessions, resolves when the sockets are gone, and refuses new listens', async () => {
    let started!: () => void;
    const inSession = new Promise<void>((resolve) => (started = resolve));
    running = await startServer({ hold: () => new Promise<void>(() => started()) });
    const pending = runSimulatedAgiCall({ host: '127.0.0.1', port: running.port, env: inboundEnv('agi://127.0.0.1/hold') });
    await inSession;
    assert.equal(running.server.activeSessions(), 1);
    await running.server.close();
    assert.equal(running.server.activeSessions(), 0);
    assert.equal(running.server.isListening(), false);
    assert.equal((await pending).agiStatus, 'FAILURE');
    await running.server.close();
    await assert.rejects(running.server.listen(), withCode('CE_AGI_LISTEN_FAILED'));
  });

  it('refuses to listen on a taken port with CE_AGI_LISTEN_FAILED', async () => {
    running = await startServer({});
    const { FastAgiServer } = await import('../../../engine/src/adapters/asterisk/fastagi/fastagi-server');
    const second = new FastAgiServer({ host: '127.0.0.1', port: running.port, allow: ['127.0.0.1'], logger: running.logger });
    await assert.rejects(second.listen(), withCode('CE_AGI_LISTEN_FAILED'));
  });
});
