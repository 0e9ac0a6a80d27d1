/**
 * Evidence for engine/docs/adr/ami-client.md: what npm `asterisk-manager` 0.2.0 does with a hostile or broken
 * peer, and which of our requirements a wrapper can and cannot add. These tests assert the LIBRARY's
 * behaviour (they would fail, and the ADR would need revisiting, if a new version fixed it).
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { Socket, createServer, type Server } from 'node:net';

interface AmiLib {
  on(event: string, fn: (...args: unknown[]) => void): void;
  listeners(event: string): Array<(...args: unknown[]) => void>;
  removeAllListeners(event: string): void;
  action(req: Record<string, string>, cb: (err: unknown, res: unknown) => void): string;
  disconnect(): void;
  isConnected(): boolean;
}
type AmiFactory = new (port?: number, host?: string, user?: string, pass?: string, events?: boolean) => AmiLib;

const libPath = createRequire(__filename).resolve('asterisk-manager');
const AsteriskManager = createRequire(__filename)('asterisk-manager') as AmiFactory;

/** A peer that sends the banner, accepts the login and then writes `after` (once). */
function peer(after: (s: Socket) => void, seen: string[] = []): Promise<{ server: Server; port: number }> {
  const server = createServer((s) => {
    s.on('error', () => undefined);
    s.write('Asterisk Call Manager/9.0.0\r\n');
    s.on('data', (d) => {
      seen.push(d.toString());
      const id = /actionid: (\S+)/i.exec(d.toString())?.[1] ?? '';
      s.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
      after(s);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, port: (server.address() as { port: number }).port })));
}

describe('asterisk-manager 0.2.0: evidence for building our own AMI client (engine/docs/adr/ami-client.md)', function () {
  this.timeout(30_000);

  it('CRASHES the whole process on one event with a repeated UserEvent header (TypeError thrown inside its socket data handler)', () => {
    const script = `
      const net = require('net'); const AM = require(${JSON.stringify(libPath)});
      const srv = net.createServer((s) => { s.write('Asterisk Call Manager/9.0.0\\r\\n');
        s.on('data', (d) => { const id = /ActionID: (\\S+)/i.exec(String(d))[1];
          s.write('Response: Success\\r\\nActionID: ' + id + '\\r\\nMessage: Authentication accepted\\r\\n\\r\\n');
          s.write('Event: UserEvent\\r\\nUserEvent: a\\r\\nUserEvent: b\\r\\n\\r\\n'); }); });
      srv.listen(0, () => { const ami = new AM(srv.address().port, '127.0.0.1', 'u', 'p', true);
        ami.on('error', () => {}); ami.on('managerevent', () => {});
        setTimeout(() => { process.stdout.write('survived'); process.exit(0); }, 1000); });`;
    const run = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', timeout: 10_000 });
    assert.notEqual(run.status, 0, 'the process died');
    assert.ok(!run.stdout.includes('survived'));
    assert.match(run.stderr, /TypeError: event\.userevent\.toLowerCase is not a function/);
    assert.match(run.stderr, /asterisk-manager[\\/]lib[\\/]ami\.js/);
  });

  it('…that one crash CAN be guarded by wrapping its rawevent listener (what a wrapper could add)', async () => {
    const { server, port } = await peer((s) => s.write('Event: UserEvent\r\nUserEvent: a\r\nUserEvent: b\r\n\r\nEvent: Ping2\r\n\r\n'));
    const ami = new AsteriskManager(port, '127.0.0.1', 'u', 'p', true);
    ami.on('error', () => undefined);
    const [original] = ami.listeners('rawevent');
    ami.removeAllListeners('rawevent');
    let guarded = 0;
    ami.on('rawevent', (item) => {
      try {
        original(item);
      } catch {
        guarded++;
      }
    });
    const later = new Promise<void>((resolve) => ami.on('ping2', () => resolve()));
    await later;
    assert.equal(guarded, 1);
    ami.disconnect();
    server.close();
  });

  it('CANNOT be bounded: it buffers an 8 MB header line without limit, never closes, never reports (its socket is private)', async () => {
    const huge = 'A'.repeat(8 * 1024 * 1024);
    const { server, port } = await peer((s) => s.write(`Event: Huge\r\nJunk: ${huge}\r\n\r\n`));
    const ami = new AsteriskManager(port, '127.0.0.1', 'u', 'p', true);
    const errors: unknown[] = [];
    ami.on('error', (e) => errors.push(e));
    const got = await new Promise<Record<string, string>>((resolve) => ami.on('huge', (e) => resolve(e as Record<string, string>)));
    assert.equal(got.junk.length, huge.length, 'the whole 8 MB line was buffered and delivered');
    assert.equal(ami.isConnected(), true, 'the connection was never closed');
    assert.deepEqual(errors, [], 'nothing was reported');
    assert.equal(Object.values(ami).some((v) => v instanceof Socket), false, 'no handle on the socket to bound or destroy it');
    ami.disconnect();
    server.close();
  });

  it('logs in with its own timestamp ActionID (not ours) and an `Event:` header Asterisk ignores (the mask must be `Events:`)', async () => {
    const seen: string[] = [];
    const { server, port } = await peer(() => undefined, seen);
    const ami = new AsteriskManager(port, '127.0.0.1', 'engine', 'secret', false);
    ami.on('error', () => undefined);
    while (seen.length === 0) await new Promise((r) => setTimeout(r, 5));
    const login = seen[0];
    assert.match(login, /^ActionID: \d{13}\r$/m, 'ActionID is Date.now()');
    assert.match(login, /^Event: off/m);
    assert.doesNotMatch(login, /^Events:/m);
    ami.disconnect();
    server.close();
  });

  it('holds actions sent while disconnected forever: no callback, no timeout (a wrapper must fail fast itself)', async () => {
    const ami = new AsteriskManager(1, '127.0.0.1', 'u', 'p', true); // nothing listens on port 1
    ami.on('error', () => undefined);
    let called = false;
    ami.action({ action: 'ping', actionid: 'ours-1' }, () => (called = true));
    await new Promise((r) => setTimeout(r, 500));
    assert.equal(called, false);
    ami.disconnect();
  });
});
