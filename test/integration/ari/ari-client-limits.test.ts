/**
 * Evidence for docs (engine/docs/adr/ari-client.md): what npm `ari-client` 2.2.0 cannot do even
 * when wrapped, shown against the test ARI server (which serves the real Asterisk 20.20.1 Swagger
 * docs, so ari-client loads exactly as against a PBX). These tests pin the library's behaviour: if
 * an upgrade fixes one of them, the test fails and the ADR must be revisited.
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import sinon from 'sinon';
import { repoRoot } from '../../helpers/repo-root';
import { AriTestServer } from './support/ari-test-server';

interface AriClientLike {
  channels: { get(o: { channelId: string }): Promise<unknown>; list(): Promise<unknown> };
  bridges: { addChannel(o: { bridgeId: string; channel: string }): Promise<unknown> };
  start(app: string): Promise<void>;
  stop(): void;
}

// The library is used here only to document its limits; the adapter does not use it (see the ADR).
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ariClient = require('ari-client') as { connect(url: string, user: string, pass: string): Promise<AriClientLike> };

/** Connects like an application would; swagger-client's "deprecated Swagger" console notice is muted. */
async function connect(server: AriTestServer): Promise<AriClientLike> {
  const mute = sinon.stub(console, 'log');
  try {
    return await ariClient.connect(`http://127.0.0.1:${server.port}`, 'engine', 'engine-secret');
  } finally {
    mute.restore();
  }
}

/** Runs ari-client in a child process (a crash must not take the test runner down) and reports how it ended. */
function runClientChild(server: AriTestServer, frame: string): Promise<{ code: number | null; stderr: string; stdout: string }> {
  const script = `
    const ari = require('ari-client');
    ari.connect(process.argv[1], 'engine', 'engine-secret')
      .then((c) => c.start('salehi'))
      .then(() => console.log('STARTED'))
      .catch((e) => { console.log('CONNECT-FAILED ' + e.message); process.exit(3); });
    setTimeout(() => { console.log('SURVIVED'); process.exit(0); }, 4000);
  `;
  const child = spawn(process.execPath, ['-e', script, `http://127.0.0.1:${server.port}`], { cwd: repoRoot() });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => {
    stdout += d.toString();
    if (stdout.includes('STARTED') && server.openSockets() > 0) server.send(frame);
  });
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.on('exit', (code) => resolve({ code, stderr, stdout })));
}

describe('ari-client 2.2.0 limits (evidence for the ADR)', () => {
  let server: AriTestServer;

  beforeEach(async () => {
    server = await AriTestServer.start();
  });

  afterEach(async () => {
    await server.close();
  });

  it('loads against the real Swagger docs served by the test server', async () => {
    server.route('GET', '/channels', { status: 200, body: [] });
    const client = await connect(server);
    assert.deepEqual(await client.channels.list(), []);
  });

  it('loses the HTTP status of an error: a 404 and a 400 are the same bare Error', async () => {
    server.route('GET', '/channels/gone', { status: 404, body: { message: 'Channel not found' } });
    server.route('POST', '/bridges/br/addChannel', { status: 400, body: { message: 'Channel not found' } });
    const client = await connect(server);
    const e404 = await client.channels.get({ channelId: 'gone' }).then(() => undefined, (e: Error) => e);
    const e400 = await client.bridges.addChannel({ bridgeId: 'br', channel: 'x' }).then(() => undefined, (e: Error) => e);
    for (const err of [e404, e400]) {
      assert.ok(err instanceof Error);
      assert.deepEqual(Object.keys(err), [], 'no status, statusCode or response property');
      assert.equal(err.message, '{"message":"Channel not found"}');
    }
    // Only the message text is left to tell "channel gone" (404) from "bad request" (400): the very
    // text matching STYLE.md §7 forbids.
  });

  it('a REST call to an unreachable Asterisk never settles (no timeout, connection error swallowed)', async () => {
    const client = await connect(server);
    await server.close();
    const outcome = await Promise.race([
      client.channels.list().then(
        () => 'resolved',
        () => 'rejected',
      ),
      new Promise((resolve) => setTimeout(() => resolve('still pending'), 1500)),
    ]);
    assert.equal(outcome, 'still pending', 'ECONNREFUSED takes milliseconds; the promise should have rejected');
    server = await AriTestServer.start();
  });

  it('a malformed JSON frame crashes the whole process (uncaught SyntaxError in its ws listener)', async () => {
    const run = await runClientChild(server, '{not json');
    assert.ok(run.stdout.includes('STARTED'), run.stdout);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /SyntaxError/);
    assert.ok(!run.stdout.includes('SURVIVED'));
  });

  it('an event type missing from its events.json crashes the whole process (TypeError)', async () => {
    const run = await runClientChild(server, '{"type":"BrandNewAsterisk23Event","timestamp":"2026-11-22T04:06:43.168+0000"}');
    assert.ok(run.stdout.includes('STARTED'), run.stdout);
    assert.notEqual(run.code, 0);
    assert.match(run.stderr, /TypeError: Cannot read properties of undefined \(reading 'properties'\)/);
  });
});
