import assert from 'node:assert/strict';
import { createServer, type Server, type Socket } from 'node:net';
import { AmiConnection } from '../../../engine/src/adapters/asterisk/ami/ami-connection';
import { AmiLineMonitor } from '../../../engine/src/adapters/asterisk/ami/ami-line-monitor.adapter';
import { CaptureLogger } from '../../fakes/capture-logger';
import { SeededRandom } from '../../helpers/seeded-random';

/** Deterministic PRNG (mulberry32) so a failure can be replayed with the same seed. */
function prng(seed: number): () => number {
  const random = new SeededRandom(seed);
  return () => random.next();
}

const LIMITS = { maxLineBytes: 8 * 1024, maxFrameBytes: 64 * 1024, maxHeaders: 512 };
const KNOWN = ['Newchannel', 'Newstate', 'Hangup', 'DialBegin', 'DialState', 'DialEnd', 'OriginateResponse', 'Registry', 'ContactStatus', 'PeerStatus', 'DeviceStateChange', 'FullyBooted', 'UserEvent', 'Cdr', 'VarSet'];
const HEADERS = ['Channel', 'Uniqueid', 'Linkedid', 'ChannelState', 'Cause', 'TechCause', 'DialStatus', 'DestUniqueid', 'DestChannel', 'Status', 'Username', 'Domain', 'URI', 'AOR', 'Device', 'State', 'Peer', 'PeerStatus', 'ActionID', 'Response', 'EventList', 'UserEvent', 'ChanVariable', '__proto__', 'constructor', 'Privilege'];

class HostileAmiServer {
  frames = 0;
  connections = 0;
  ended = 0;
  good = false;
  private server: Server | undefined;
  private readonly rnd = prng(20261122);

  async listen(): Promise<number> {
    const server = createServer((s) => this.onConnection(s));
    this.server = server;
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const addr = server.address();
    return typeof addr === 'object' && addr ? addr.port : 0;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => this.server?.close(() => resolve()));
  }

  private pick<T>(list: readonly T[]): T {
    return list[Math.floor(this.rnd() * list.length)];
  }

  private text(max: number): string {
    const alphabet = 'abcXYZ0189 -_/@;:.,=<>"\'\t سلام😀ü';
    let s = '';
    const n = Math.floor(this.rnd() * max);
    for (let i = 0; i < n; i++) s += alphabet[Math.floor(this.rnd() * alphabet.length)];
    return s;
  }

  private onConnection(socket: Socket): void {
    this.connections++;
    const good = this.good;
    socket.on('error', () => undefined);
    socket.on('close', () => this.ended++);
    if (!good && this.rnd() < 0.08) {
      this.frames++;
      socket.write('HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n<html>'); // not AMI at all
      return;
    }
    socket.write('Asterisk Call Manager/9.0.0\r\n');
    let buffer = '';
    socket.on('data', (chunk) => {
      buffer += chunk.toString('utf8');
      let end = buffer.indexOf('\r\n\r\n');
      while (end >= 0) {
        const req = buffer.slice(0, end);
        buffer = buffer.slice(end + 4);
        end = buffer.indexOf('\r\n\r\n');
        this.answer(socket, req, good);
      }
    });
  }

  private answer(socket: Socket, req: string, good: boolean): void {
    const id = /ActionID: (.*)/.exec(req)?.[1] ?? '';
    const action = /Action: (.*)/.exec(req)?.[1]?.toLowerCase() ?? '';
    if (action === 'login') {
      socket.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
      if (!good) this.attack(socket);
      return;
    }
    if (!good) return;
    if (action === 'ping') return void socket.write(`Response: Success\r\nActionID: ${id}\r\nPing: Pong\r\nTimestamp: 1.0\r\n\r\n`);
    if (action === 'logoff') return void socket.end(`Response: Goodbye\r\nActionID: ${id}\r\nMessage: Bye\r\n\r\n`);
    socket.write(`Response: Success\r\nActionID: ${id}\r\nEventList: start\r\nMessage: x\r\n\r\nEvent: XComplete\r\nActionID: ${id}\r\nEventList: Complete\r\nListItems: 0\r\n\r\n`);
  }

  /** ~120 valid-but-random frames (unknown events, garbage values, stray responses), then one fatal frame. */
  private attack(socket: Socket): void {
    const parts: string[] = [];
    for (let i = 0; i < 120; i++) parts.push(this.randomFrame());
    const fatal = this.fatalFrame();
    this.frames += parts.length + 1;
    socket.write(parts.join(''));
    if (fatal === 'truncate') {
      socket.write('Event: Newchannel\r\nChannel: PJSIP/trunk-0000\r\nUniq');
      setTimeout(() => socket.destroy(), 1);
    } else {
      socket.write(fatal);
    }
  }

  private randomFrame(): string {
    const lines: string[] = [];
    const kind = this.rnd();
    if (kind < 0.6) lines.push(`Event: ${this.rnd() < 0.6 ? this.pick(KNOWN) : `Ev${this.text(12).replace(/[^A-Za-z0-9]/g, '')}`}`);
    else lines.push(`Response: ${this.pick(['Success', 'Error', 'Follows', 'Goodbye', ''])}`, `ActionID: ${this.pick(['', 'x-1', 'ce-1', this.text(20)])}`);
    const n = Math.floor(this.rnd() * 12);
    for (let i = 0; i < n; i++) lines.push(`${this.pick(HEADERS)}: ${this.rnd() < 0.1 ? this.text(3000) : this.text(40)}`);
    return `${lines.map((l) => l.replace(/[\r\n]/g, ' ')).join('\r\n')}\r\n\r\n`;
  }

  private fatalFrame(): string {
    const kind = Math.floor(this.rnd() * 7);
    switch (kind) {
      case 0: return `Event: X\r\nJunk: ${'A'.repeat(LIMITS.maxLineBytes + 10)}\r\n\r\n`;
      case 1: return `Event: X\r\n${`Pad: ${'0123456789'.repeat(200)}\r\n`.repeat(40)}\r\n`;
      case 2: return `${Buffer.from(Array.from({ length: 300 }, () => Math.floor(this.rnd() * 256))).toString('latin1')}\r\nEvent: X\x00\r\n\r\n`;
      case 3: return 'this line has no colon at all\r\n\r\n';
      case 4: return 'Foo: bar\r\nBaz: qux\r\n\r\n';
      case 5: return `Event: X\r\n${'H: v\r\n'.repeat(LIMITS.maxHeaders + 1)}\r\n`;
      default: return 'truncate';
    }
  }
}

describe('AMI client fuzz: a hostile server over real sockets cannot crash the engine', function () {
  this.timeout(60_000);

  it('survives ≥ 10,000 random, oversize, truncated and binary frames; each bad connection closes with one log line; then reconnects and works', async () => {
    const server = new HostileAmiServer();
    const port = await server.listen();
    const log = new CaptureLogger();
    const ami = new AmiConnection({
      host: '127.0.0.1', port, username: 'u', secret: 's', logger: log, limits: LIMITS, actionTimeoutMs: 300,
      backoff: { initialMs: 2, maxMs: 10, factor: 2, jitter: 0 },
    });
    const monitor = new AmiLineMonitor({ connection: ami, logger: log, bootWaitMs: 50, lines: ['02191302954'] });
    let events = 0;
    ami.onEvent(() => events++);
    await monitor.start();
    const started = Date.now();
    while (server.frames < 10_000) await new Promise((r) => setTimeout(r, 20));
    server.good = true;
    const hostileConnections = server.connections;
    // The connection in flight when we switched may still be hostile: wait until a good one is up.
    while (!(ami.isConnected() && server.connections > hostileConnections)) await new Promise((r) => setTimeout(r, 10));
    const elapsed = Date.now() - started;

    const pong = await ami.action({ action: 'Ping' });
    assert.equal(pong.get('Ping'), 'Pong');
    await monitor.resync();
    const closeLines = log.records.filter((r) => /^AMI (connection closed|connection lost|connect failed)/.test(r.msg) && r.level !== 'debug');
    const ended = server.connections - 1; // every connection but the good one ended
    assert.equal(closeLines.length, ended, `one log line per bad connection (${closeLines.length} lines for ${ended} connections)`);
    assert.equal(log.records.filter((r) => r.level === 'error' || r.level === 'fatal').length, 0, 'no handler ever failed');
    assert.ok(closeLines.some((r) => /protocol violation/.test(r.msg)));
    assert.ok(events > 1000, `benign events were delivered (${events})`);
    await monitor.stop();
    await server.close();
    // Figures for the report (not assertions on time).
    process.stdout.write(`      fuzz: ${server.frames} frames over ${server.connections} connections in ${elapsed} ms, ${events} events delivered\n`);
    const kinds = new Map<string, number>();
    for (const r of closeLines) kinds.set(r.msg.slice(0, 90), (kinds.get(r.msg.slice(0, 90)) ?? 0) + 1);
    for (const [msg, n] of kinds) process.stdout.write(`        ${n} × ${msg}\n`);
  });
});

describe('AMI client: the frames that crash asterisk-manager are harmless here', () => {
  it('a repeated UserEvent header, __proto__ headers and a Response: Follows are delivered or dropped, never thrown', async () => {
    const server = createServer((s) => {
      s.on('error', () => undefined);
      s.write('Asterisk Call Manager/9.0.0\r\n');
      s.on('data', (d) => {
        const id = /ActionID: (\S+)/.exec(String(d))?.[1] ?? '';
        if (/Action: Login/.test(String(d))) {
          s.write(`Response: Success\r\nActionID: ${id}\r\nMessage: Authentication accepted\r\n\r\n`);
          s.write('Event: UserEvent\r\nUserEvent: a\r\nUserEvent: b\r\n\r\nEvent: x\r\n__proto__: y\r\nconstructor: z\r\n\r\nResponse: Follows\r\nActionID: nobody\r\n\r\n');
        } else {
          s.write(`Response: Success\r\nActionID: ${id}\r\nPing: Pong\r\n\r\n`);
        }
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const log = new CaptureLogger();
    const ami = new AmiConnection({ host: '127.0.0.1', port: (server.address() as { port: number }).port, username: 'u', secret: 's', logger: log });
    const names: string[] = [];
    ami.onEvent((f) => names.push(`${f.event}:${f.all('UserEvent').join('+')}`));
    ami.start();
    while (names.length < 2) await new Promise((r) => setTimeout(r, 5));
    assert.deepEqual(names, ['UserEvent:a+b', 'x:']);
    assert.equal((await ami.action({ action: 'Ping' })).get('Ping'), 'Pong');
    assert.ok(log.find('debug', /matches no action/), 'the stray response is dropped at debug');
    await ami.stop();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });
});
