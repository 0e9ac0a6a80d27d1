import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { openWsEventSocket, type EventSocket } from '../../../../../../engine/src/adapters/asterisk/ari/ari-event-socket';

const WS_GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';

/** An unmasked server text frame (payloads < 126 bytes). */
function textFrame(text: string): Buffer {
  const payload = Buffer.from(text, 'utf8');
  return Buffer.concat([Buffer.from([0x81, payload.length]), payload]);
}

/**
 * A raw WebSocket server: answers the upgrade, then writes `frames` in ONE socket write, so the client
 * reads them in one chunk (as when Asterisk sends two DTMF events back to back).
 */
function rawServer(frames: Buffer): Promise<{ server: Server; url: string; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => {
    sockets.push(socket);
    let head = '';
    socket.on('data', (chunk) => {
      head += chunk.toString('latin1');
      if (!head.includes('\r\n\r\n')) return;
      const key = /sec-websocket-key:\s*(\S+)/i.exec(head)?.[1] ?? '';
      const accept = createHash('sha1').update(key + WS_GUID).digest('base64');
      socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
      setTimeout(() => socket.write(frames), 20);
      head = '';
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ server, url: `ws://127.0.0.1:${(server.address() as AddressInfo).port}/ari/events`, sockets })));
}

describe('ari-event-socket', () => {
  it('delivers two frames read in one chunk in separate macrotasks, so a listener re-subscribing between them misses nothing', async () => {
    const frames = Buffer.concat([textFrame('{"type":"ChannelDtmfReceived","digit":"1"}'), textFrame('{"type":"ChannelDtmfReceived","digit":"2"}')]);
    const { server, url, sockets } = await rawServer(frames);
    const order: string[] = [];
    let socket: EventSocket | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        openWsEventSocket(
          { url, headers: {}, handshakeTimeoutMs: 2000 },
          {
            onMessage: (text) => {
              order.push(JSON.parse(text).digit as string);
              // Work a step does after one event before it listens again (a macrotask later at most).
              setImmediate(() => order.push('immediate'));
              if (order.filter((x) => x !== 'immediate').length === 2) setTimeout(resolve, 20);
            },
            onClose: () => undefined,
            onPong: () => undefined,
            onError: reject,
          },
        ).then((s) => (socket = s), reject);
      });
    } finally {
      socket?.terminate();
      for (const s of sockets) s.destroy();
      server.close();
    }
    assert.deepEqual(order, ['1', 'immediate', '2', 'immediate'], 'the second frame waited for the first frame\'s follow-up work');
  });
});
