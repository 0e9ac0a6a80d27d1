import assert from 'node:assert/strict';
import { parseAgiArgs } from '../../../../../engine/src/simulator/agi/agi-arg-parser';

describe('parseAgiArgs (Asterisk parse_args replica)', () => {
  it('splits on spaces and tabs, collapsing runs', () => {
    assert.deepEqual(parseAgiArgs('GET  DATA\tcustom/yes 2000 4'), ['GET', 'DATA', 'custom/yes', '2000', '4']);
    assert.deepEqual(parseAgiArgs(''), []);
    assert.deepEqual(parseAgiArgs('   '), []);
  });

  it('groups quoted words and keeps empty quoted words', () => {
    assert.deepEqual(parseAgiArgs('SET VARIABLE CAPVAR "hello world"'), ['SET', 'VARIABLE', 'CAPVAR', 'hello world']);
    assert.deepEqual(parseAgiArgs('STREAM FILE custom/yes ""'), ['STREAM', 'FILE', 'custom/yes', '']);
    assert.deepEqual(parseAgiArgs('a"b c"d e'), ['ab cd', 'e']);
  });

  it('treats backslash as an escape inside and outside quotes', () => {
    assert.deepEqual(parseAgiArgs('X "say \\"hi\\"" a\\ b c\\\\d'), ['X', 'say "hi"', 'a b', 'c\\d']);
  });

  it('keeps a stray CR in the last word (CRLF commands break arguments on real Asterisk)', () => {
    assert.deepEqual(parseAgiArgs('GET VARIABLE X\r'), ['GET', 'VARIABLE', 'X\r']);
  });

  it('keeps at most 127 words', () => {
    assert.equal(parseAgiArgs(Array.from({ length: 200 }, (_, i) => `w${i}`).join(' ')).length, 127);
  });
});
