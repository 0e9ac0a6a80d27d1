import assert from 'node:assert/strict';
import { AgiLineReader } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-line-reader';
import { isEngineError } from '../../../../../../engine/src/errors';

describe('AgiLineReader', () => {
  it('splits bare-LF lines and keeps an unterminated tail for the next chunk', () => {
    const reader = new AgiLineReader(100);
    assert.deepEqual(reader.push(Buffer.from('200 result=0\nHANG')), ['200 result=0']);
    assert.equal(reader.pendingBytes, 4);
    assert.deepEqual(reader.push(Buffer.from('UP\n\n')), ['HANGUP', '']);
    assert.equal(reader.pendingBytes, 0);
  });

  it('tolerates CRLF line ends (the CR is dropped)', () => {
    const reader = new AgiLineReader(100);
    assert.deepEqual(reader.push(Buffer.from('agi_network: yes\r\n\r\n')), ['agi_network: yes', '']);
  });

  it('decodes a multi-byte UTF-8 character split across chunks', () => {
    const reader = new AgiLineReader(100);
    const bytes = Buffer.from('agi_calleridname: Żaneta\n');
    const cut = bytes.indexOf(0xc5) + 1; // inside the two-byte "Ż"
    assert.deepEqual(reader.push(bytes.subarray(0, cut)), []);
    assert.deepEqual(reader.push(bytes.subarray(cut)), ['agi_calleridname: Żaneta']);
  });

  it('fails with CE_AGI_LIMIT when a line exceeds the byte limit, with or without its newline', () => {
    assert.throws(() => new AgiLineReader(8).push(Buffer.from('123456789\n')), (e) => isEngineError(e, 'CE_AGI_LIMIT'));
    const reader = new AgiLineReader(8);
    reader.push(Buffer.from('12345'));
    assert.deepEqual(reader.push(Buffer.from('678')), [], '8 bytes so far: still within the limit');
    assert.throws(() => reader.push(Buffer.from('9x')), (e) => isEngineError(e, 'CE_AGI_LIMIT'));
    assert.deepEqual(new AgiLineReader(8).push(Buffer.from('12345678\r\n')), ['12345678']);
  });

  it('reads a byte-at-a-time stream the same as one chunk', () => {
    const text = 'a\nbb\n\nccc\n';
    const reader = new AgiLineReader(10);
    const lines = [...Buffer.from(text)].flatMap((b) => reader.push(Buffer.from([b])));
    assert.deepEqual(lines, ['a', 'bb', '', 'ccc']);
  });
});
