import assert from 'node:assert/strict';
import { AmiFrameParser, type AmiParsed } from '../../../../../../engine/src/adapters/asterisk/ami/ami-frame-parser';
import { isEngineError } from '../../../../../../engine/src/errors';
import { AMI_CAPTURES, readCapture } from '../../../../../fixtures/ami/capture-file';

const BANNER = 'Asterisk Call Manager/9.0.0\r\n';

function frames(out: AmiParsed[]): Array<Array<readonly [string, string]>> {
  return out.flatMap((p) => (p.kind === 'frame' ? [p.frame.headers.map((h) => [...h] as const)] : []));
}

function protocolError(fn: () => unknown): void {
  assert.throws(fn, (err: unknown) => isEngineError(err, 'CE_AMI_PROTOCOL'));
}

describe('AmiFrameParser', () => {
  it('reads the banner line, then CRLF messages; header values keep empty strings', () => {
    const p = new AmiFrameParser();
    const out = p.push(Buffer.from(`${BANNER}Response: Success\r\nActionID: a1\r\nMessage: Authentication accepted\r\n\r\nEvent: Newchannel\r\nAccountCode: \r\n\r\n`));
    assert.deepEqual(out[0], { kind: 'banner', version: '9.0.0' });
    assert.deepEqual(frames(out), [
      [['Response', 'Success'], ['ActionID', 'a1'], ['Message', 'Authentication accepted']],
      [['Event', 'Newchannel'], ['AccountCode', '']],
    ]);
  });

  it('accepts bare LF line ends and skips stray empty lines between messages ("No Contacts found\\n")', () => {
    const p = new AmiFrameParser();
    const out = p.push(Buffer.from(`${BANNER}Response: Error\r\nActionID: c\r\nMessage: No Contacts found\n\r\n\r\nResponse: Success\nActionID: d\n\n`));
    const f = frames(out);
    assert.equal(f.length, 2);
    assert.deepEqual(f[0][2], ['Message', 'No Contacts found']);
    assert.deepEqual(f[1], [['Response', 'Success'], ['ActionID', 'd']]);
  });

  it('gives the same frames whatever the chunking (every split point of a real capture stream)', () => {
    const entries = readCapture('ami-03b-registration-events.ami.txt').filter((e) => e.dir === 'S->C');
    const stream = Buffer.concat(entries.map((e) => e.bytes));
    const whole = frames(new AmiFrameParser().push(stream));
    for (let cut = 1; cut < stream.length; cut += 7) {
      const p = new AmiFrameParser();
      const got = frames([...p.push(stream.subarray(0, cut)), ...p.push(stream.subarray(cut))]);
      assert.deepEqual(got, whole, `split at ${cut}`);
    }
    assert.equal(whole.length, entries.length - 1);
  });

  it('parses every server stream of every capture without a protocol error, one frame per captured message', () => {
    for (const name of AMI_CAPTURES) {
      const entries = readCapture(name);
      for (const tag of new Set(entries.map((e) => e.tag))) {
        const server = entries.filter((e) => e.tag === tag && e.dir === 'S->C');
        if (server.length === 0) continue;
        const out = new AmiFrameParser().push(Buffer.concat(server.map((e) => e.bytes)));
        const banners = server.filter((e) => e.remark.includes('banner')).length;
        assert.equal(frames(out).length, server.length - banners, `${name} [${tag ?? ''}]`);
      }
    }
  });

  it('keeps Persian UTF-8 values, also when a multi-byte character is split across chunks', () => {
    const bytes = Buffer.from(`${BANNER}Event: Newchannel\r\nCallerIDName: علی رضایی\r\n\r\n`);
    const cut = bytes.indexOf(Buffer.from('ی')) + 1;
    const p = new AmiFrameParser();
    const out = [...p.push(bytes.subarray(0, cut)), ...p.push(bytes.subarray(cut))];
    assert.deepEqual(frames(out)[0][1], ['CallerIDName', 'علی رضایی']);
  });

  it('rejects a peer that does not start with the banner', () => {
    protocolError(() => new AmiFrameParser().push(Buffer.from('HTTP/1.1 200 OK\r\n')));
  });

  it('rejects lines without a colon, bad header names, NUL bytes and messages that are neither response nor event', () => {
    protocolError(() => new AmiFrameParser().push(Buffer.from(`${BANNER}this is not a header\r\n`)));
    protocolError(() => new AmiFrameParser().push(Buffer.from(`${BANNER}Bad Name: x\r\n`)));
    protocolError(() => new AmiFrameParser().push(Buffer.from(`${BANNER}Event: X\r\nA: b\u0000c\r\n`)));
    protocolError(() => new AmiFrameParser().push(Buffer.from(`${BANNER}Foo: bar\r\n\r\n`)));
  });

  it('bounds memory: a line, a message or a header count beyond the limits is a protocol error', () => {
    const limits = { maxLineBytes: 100, maxFrameBytes: 300, maxHeaders: 5 };
    const p = new AmiFrameParser(limits);
    p.push(Buffer.from(BANNER));
    protocolError(() => p.push(Buffer.alloc(101, 0x41)));
    protocolError(() => new AmiFrameParser(limits).push(Buffer.from(`${BANNER}Event: X\r\n${'A: 0123456789012345678901234567890123456789\r\n'.repeat(8)}`)));
    protocolError(() => new AmiFrameParser(limits).push(Buffer.from(`${BANNER}Event: X\r\n${'A: 1\r\n'.repeat(5)}`)));
  });

  it('a failed parser stays failed', () => {
    const p = new AmiFrameParser();
    protocolError(() => p.push(Buffer.from('garbage\r\n')));
    protocolError(() => p.push(Buffer.from(BANNER)));
  });

  it('treats hostile header names such as __proto__ as plain headers', () => {
    const out = new AmiFrameParser().push(Buffer.from(`${BANNER}Event: X\r\n__proto__: polluted\r\nconstructor: y\r\n\r\n`));
    const f = out.find((o) => o.kind === 'frame');
    assert.ok(f && f.kind === 'frame');
    assert.equal(f.frame.get('__proto__'), 'polluted');
    assert.equal(f.frame.get('constructor'), 'y');
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });
});
