import assert from 'node:assert/strict';
import { HttpReplyReader } from '../../../../../../engine/src/adapters/asterisk/ari/ari-http-reply';
import type { ExchangeReply } from '../../../../../../engine/src/adapters/asterisk/ari/ari-http-exchange';

/** Feeds `wire` split at `cut` (and as a whole) and returns what the reader made of it. */
function read(wire: string | Buffer, cut?: number): { reply?: ExchangeReply; reusable: boolean } {
  const bytes = typeof wire === 'string' ? Buffer.from(wire, 'latin1') : wire;
  const reader = new HttpReplyReader();
  const parts = cut === undefined ? [bytes] : [bytes.subarray(0, cut), bytes.subarray(cut)];
  let reply: ExchangeReply | undefined;
  for (const part of parts) reply ??= reader.push(part);
  return { reply, reusable: reader.reusable };
}

/** Every way of splitting `wire` in two gives the same reply. */
function readEverySplit(wire: string): ExchangeReply {
  const whole = read(wire).reply;
  assert.ok(whole, 'complete reply');
  for (let cut = 1; cut < wire.length; cut++) assert.deepEqual(read(wire, cut).reply, whole, `split at ${cut}`);
  return whole;
}

// Asterisk 20's answer to POST /ari/channels (header order and spelling as captured).
const ASTERISK =
  'HTTP/1.1 200 OK\r\nServer: Asterisk/20.20.1\r\nDate: Sun, 22 Nov 2026 04:06:43 GMT\r\nConnection: Keep-Alive\r\n' +
  'Cache-Control: no-cache, no-store\r\nContent-Length: 18\r\nContent-type: application/json\r\n\r\n{"id":"c-1","x":1}';

describe('HttpReplyReader', () => {
  it('reads a Content-Length reply however the bytes are split, and keeps the connection', () => {
    const reply = readEverySplit(ASTERISK);
    assert.deepEqual({ ...reply, body: reply.body.toString() }, { status: 200, contentType: 'application/json', body: '{"id":"c-1","x":1}' });
    assert.equal(read(ASTERISK).reusable, true);
  });

  it('reads a chunked body with extensions and trailers however the bytes are split', () => {
    const wire = 'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\nContent-Type: audio/wav\r\n\r\n4;x=y\r\nRIFF\r\n3\r\nabc\r\n0\r\nX-Trailer: t\r\n\r\n';
    const reply = readEverySplit(wire);
    assert.equal(reply.body.toString(), 'RIFFabc');
    assert.equal(read(wire).reusable, true);
  });

  it('skips interim 1xx answers', () => {
    const reply = readEverySplit('HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n');
    assert.equal(reply.status, 204);
    assert.equal(reply.body.length, 0);
  });

  it('a body without length runs to the end of the connection, which is then not reused', () => {
    const reader = new HttpReplyReader();
    assert.equal(reader.push(Buffer.from('HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\n\r\n<html>')), undefined);
    assert.equal(reader.push(Buffer.from('</html>')), undefined);
    const reply = reader.end();
    assert.equal(reply?.status, 404);
    assert.equal(reply?.body.toString(), '<html></html>');
    assert.equal(reader.reusable, false);
  });

  it('does not reuse a connection after Connection: close or stray bytes after the reply', () => {
    assert.equal(read('HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n').reusable, false);
    assert.equal(read('HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1').reusable, false);
  });

  it('an incomplete reply is not a reply, also at the end of the connection', () => {
    const reader = new HttpReplyReader();
    assert.equal(reader.push(Buffer.from('HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc')), undefined);
    assert.equal(reader.end(), undefined);
  });

  it('throws on anything that is not an HTTP/1.x reply', () => {
    for (const wire of [
      'SSH-2.0-OpenSSH_9.6\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n',
      'HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n',
      'HTTP/1.1 200 OK\r\nno colon here\r\n\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n',
      'HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n1\r\nabc\r\n',
    ]) {
      assert.throws(() => new HttpReplyReader().push(Buffer.from(wire)), Error, wire);
    }
    assert.throws(() => new HttpReplyReader().push(Buffer.alloc(70 * 1024, 'a')), /longer than/);
  });
});
