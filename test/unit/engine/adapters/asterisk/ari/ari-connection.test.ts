import 'reflect-metadata';
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { AriConnection, type ConnectionUp } from '../../../../../../engine/src/adapters/asterisk/ari/ari-connection';
import type { EventSocket, EventSocketFactory, EventSocketHandlers, EventSocketOptions } from '../../../../../../engine/src/adapters/asterisk/ari/ari-event-socket';
import { createAriMetrics } from '../../../../../../engine/src/adapters/asterisk/ari/ari-metrics';
import { EngineError } from '../../../../../../engine/src/errors';
import { CaptureLogger } from '../../../../../fakes/capture-logger';

/** A scripted socket factory: each attempt is answered by the next outcome. */
class FakeSockets {
  readonly attempts: Array<{ at: number; options: EventSocketOptions; handlers: EventSocketHandlers }> = [];
  readonly sockets: Array<EventSocket & { closed: boolean; terminated: boolean; pings: number }> = [];
  failuresLeft = 0;

  factory: EventSocketFactory = (options, handlers) => {
    this.attempts.push({ at: Date.now(), options, handlers });
    if (this.failuresLeft > 0) {
      this.failuresLeft -= 1;
      return Promise.reject(new EngineError('CE_TELEPHONY_NOT_CONNECTED', 'ECONNREFUSED'));
    }
    const socket = {
      closed: false,
      terminated: false,
      pings: 0,
      ping: () => void (socket.pings += 1),
      close: () => void (socket.closed = true),
      terminate: () => {
        socket.terminated = true;
        handlers.onClose(1006, '');
      },
    };
    this.sockets.push(socket);
    return Promise.resolve(socket);
  };

  last(): EventSocketHandlers {
    return this.attempts[this.attempts.length - 1].handlers;
  }
}

describe('ari-connection (supervisor)', () => {
  let clock: sinon.SinonFakeTimers;
  let sockets: FakeSockets;
  let ups: ConnectionUp[];
  let downs: Array<{ reason: string; code?: number }>;
  let frames: string[];
  let conn: AriConnection;

  function build(pingIntervalMs = 0): AriConnection {
    return new AriConnection(
      { wsUrl: 'ws://pbx:8088/ari/events', app: 'salehi', username: 'u', password: 'p', handshakeTimeoutMs: 1000, pingIntervalMs },
      { onFrame: (t) => frames.push(t), onUp: (i) => ups.push(i), onDown: (i) => downs.push(i) },
      { logger: new CaptureLogger(), metrics: createAriMetrics(undefined), clock: { now: () => Date.now() }, openSocket: sockets.factory, random: () => 0 },
    );
  }

  beforeEach(() => {
    clock = sinon.useFakeTimers({ now: 1_000_000 });
    sockets = new FakeSockets();
    ups = [];
    downs = [];
    frames = [];
  });

  afterEach(() => {
    conn.stop();
    clock.restore();
  });

  it('asks for our app with Basic auth on the event URL', async () => {
    conn = build();
    conn.start();
    await clock.tickAsync(0);
    const { options } = sockets.attempts[0];
    assert.equal(options.url, 'ws://pbx:8088/ari/events?app=salehi&subscribeAll=false');
    assert.equal(options.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    assert.equal(conn.isConnected(), true);
    assert.deepEqual(ups, [{ reconnect: false, downtimeMs: 0, attempts: 1 }]);
  });

  it('retries forever with delays capped at 5 s while Asterisk is down', async () => {
    sockets.failuresLeft = 40;
    conn = build();
    conn.start();
    await clock.tickAsync(5000 * 45);
    assert.equal(sockets.attempts.length, 41, 'forty failures, then the open');
    const gaps = sockets.attempts.slice(1).map((a, i) => a.at - sockets.attempts[i].at);
    assert.deepEqual(gaps.slice(0, 7), [100, 200, 400, 800, 1600, 3200, 5000]);
    assert.ok(gaps.every((g) => g <= 5000), 'no delay above 5 s');
    assert.equal(conn.isConnected(), true);
  });

  it('a drop without close frame (1006) reports down, reconnects with backoff, reports up with downtime', async () => {
    conn = build();
    conn.start();
    await clock.tickAsync(0);
    sockets.last().onClose(1006, '');
    assert.equal(conn.isConnected(), false);
    assert.deepEqual(downs, [{ reason: 'dropped', code: 1006 }]);
    await clock.tickAsync(99);
    assert.equal(sockets.attempts.length, 1, 'waits for the backoff');
    await clock.tickAsync(1);
    assert.equal(sockets.attempts.length, 2);
    assert.deepEqual(ups[1], { reconnect: true, downtimeMs: 100, attempts: 1 });
  });

  it('ignores frames and closes of an abandoned socket', async () => {
    conn = build();
    conn.start();
    await clock.tickAsync(0);
    const old = sockets.last();
    conn.release('application replaced', 5000);
    assert.equal(sockets.sockets[0].closed, true);
    old.onMessage('{"type":"late"}');
    old.onClose(1000, '');
    assert.deepEqual(frames, []);
    assert.equal(downs.length, 1, 'only the release itself');
    await clock.tickAsync(5000);
    assert.equal(conn.isConnected(), true);
    sockets.last().onMessage('{"type":"fresh"}');
    assert.deepEqual(frames, ['{"type":"fresh"}']);
  });

  it('drops a socket that stops answering pings, then reconnects', async () => {
    conn = build(1000);
    conn.start();
    await clock.tickAsync(0);
    await clock.tickAsync(1000);
    assert.equal(sockets.sockets[0].pings, 1);
    sockets.last().onPong();
    await clock.tickAsync(1000);
    assert.equal(sockets.sockets[0].pings, 2);
    await clock.tickAsync(1000);
    assert.equal(sockets.sockets[0].terminated, true, 'no pong → dropped');
    await clock.tickAsync(100);
    assert.equal(sockets.attempts.length, 2);
  });

  it('stop() closes and never reconnects', async () => {
    conn = build();
    conn.start();
    await clock.tickAsync(0);
    conn.stop();
    sockets.last().onClose(1006, '');
    await clock.tickAsync(60_000);
    assert.equal(sockets.attempts.length, 1);
    assert.equal(sockets.sockets[0].closed, true);
  });
});
