import assert from 'node:assert/strict';
import { AmiConnection } from '../../../engine/src/adapters/asterisk/ami/ami-connection';
import { isEngineError } from '../../../engine/src/errors';
import { CaptureLogger } from '../../fakes/capture-logger';
import { RecordingMetrics } from '../../fixtures/ami/recording-metrics';
import { TinyAmiServer } from '../../fixtures/ami/tiny-ami-server';

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const FAST = { initialMs: 20, maxMs: 100, factor: 2, jitter: 0 };

describe('AmiConnection (supervisor) over real sockets', () => {
  let server: TinyAmiServer;
  let ami: AmiConnection | undefined;
  let log: CaptureLogger;
  let metrics: RecordingMetrics;

  beforeEach(async () => {
    server = new TinyAmiServer();
    await server.listen();
    log = new CaptureLogger();
    metrics = new RecordingMetrics();
  });
  afterEach(async () => {
    await ami?.stop();
    ami = undefined;
    await server.close();
  });

  function make(over: Partial<ConstructorParameters<typeof AmiConnection>[0]> = {}): AmiConnection {
    ami = new AmiConnection({ host: '127.0.0.1', port: (server as unknown as { port: number }).port, username: 'u', secret: 's', logger: log, metrics, instanceId: 'inst', backoff: FAST, ...over });
    return ami;
  }

  it('fails fast with CE_TELEPHONY_NOT_CONNECTED before start and while disconnected', async () => {
    const c = make();
    const t0 = Date.now();
    await assert.rejects(c.action({ action: 'Ping' }), (err: unknown) => isEngineError(err, 'CE_TELEPHONY_NOT_CONNECTED'));
    await assert.rejects(c.listAction({ action: 'CoreShowChannels' }), (err: unknown) => isEngineError(err, 'CE_TELEPHONY_NOT_CONNECTED'));
    assert.ok(Date.now() - t0 < 50);
    assert.equal(c.isConnected(), false);
  });

  it('logs in, sends our own <instance>-<counter> ActionIDs (login included), unique across reconnects, and counts reconnects', async () => {
    const c = make();
    let ups = 0;
    c.onConnected(() => ups++);
    c.start();
    await until(() => c.isConnected());
    await c.action({ action: 'Ping' });
    server.dropAll();
    await until(() => ups === 2);
    await c.action({ action: 'Ping' });
    const ids = server.requests.map((r) => r.actionId ?? '');
    assert.deepEqual(server.requests.map((r) => [r.action, r.connection]), [['login', 1], ['ping', 1], ['login', 2], ['ping', 2]]);
    assert.ok(ids.every((id) => /^inst-\d+$/.test(id)), ids.join());
    assert.equal(new Set(ids).size, ids.length);
    assert.equal(c.connectionStatus().reconnects, 1);
    assert.equal(metrics.total('ami_reconnects_total'), 1);
    assert.ok((metrics.observations.get('ami_action_duration_seconds{action=Ping,outcome=ok}') ?? []).length >= 2, 'action latency recorded');
    assert.ok(log.find('warn', /AMI connection lost/), 'the loss is logged once');
  });

  it('gives every action a deadline: a peer that stops answering yields CE_TELEPHONY_TIMEOUT', async () => {
    const c = make({ actionTimeoutMs: 150, pingIntervalMs: 60_000 });
    c.start();
    await until(() => c.isConnected());
    server.silent = true;
    const t0 = Date.now();
    await assert.rejects(c.action({ action: 'Ping' }), (err: unknown) => isEngineError(err, 'CE_TELEPHONY_TIMEOUT'));
    assert.ok(Date.now() - t0 >= 140);
  });

  it('detects a wedged (half-open) connection by Ping, replaces the client and reconnects', async () => {
    const c = make({ pingIntervalMs: 80, pingTimeoutMs: 80, actionTimeoutMs: 200 });
    c.start();
    await until(() => c.isConnected());
    server.silent = true;
    await until(() => server.connections === 2, 3000);
    server.silent = false;
    assert.ok(log.find('warn', /AMI connection lost/)?.obj && JSON.stringify(log.find('warn', /AMI connection lost/)?.obj).includes('ping timeout'));
    await until(() => c.isConnected());
  });

  it('never gives up: keeps retrying with capped backoff while the PBX is down, reconnects when it returns', async () => {
    const port = (server as unknown as { port: number }).port;
    await server.close();
    const c = make({ port });
    c.start();
    await new Promise((r) => setTimeout(r, 400));
    assert.equal(c.isConnected(), false);
    assert.ok(metrics.total('ami_connection_errors_total') >= 4, `retried ${metrics.total('ami_connection_errors_total')} times`);
    assert.equal(log.records.filter((r) => r.level === 'warn' && /AMI connect failed/.test(r.msg)).length, 1, 'a repeated refusal is logged once at warn');
    server = new TinyAmiServer(port);
    await server.listen();
    await until(() => c.isConnected(), 1000);
  });

  it('a refused login is retried (not fatal) and reported as CE_AMI_LOGIN_FAILED', async () => {
    server.acceptLogin = false;
    const c = make();
    c.start();
    await until(() => server.connections >= 2);
    assert.equal(c.isConnected(), false);
    assert.ok(metrics.total('ami_connection_errors_total{reason=CE_AMI_LOGIN_FAILED}') >= 1);
    server.acceptLogin = true;
    await until(() => c.isConnected());
  });

  it('stop() logs off politely and stops reconnecting', async () => {
    const c = make();
    c.start();
    await until(() => c.isConnected());
    await c.stop();
    assert.equal(server.requests[server.requests.length - 1].action, 'logoff');
    const before = server.connections;
    await new Promise((r) => setTimeout(r, 150));
    assert.equal(server.connections, before);
    assert.equal(c.connectionStatus().state, 'stopped');
  });
});
