import assert from 'node:assert/strict';
import { AgiLineReader } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-line-reader';
import { AgiResponseReader, parseResult200, type AgiInboundEvent } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-result-parser';
import { AGI_CAPTURE_FILES, asteriskBytes, loadAgiCapture } from '../../../../../fixtures/agi/agi-capture';

function events(bytes: Buffer): AgiInboundEvent[] {
  const reader = new AgiResponseReader();
  return new AgiLineReader(8192).push(bytes).flatMap((l) => {
    const e = reader.next(l);
    return e ? [e] : [];
  });
}

describe('AGI result parser', () => {
  it('parses every A->S line of every capture: one response per command, HANGUP notices apart', () => {
    for (const file of AGI_CAPTURE_FILES) {
      for (const session of loadAgiCapture(file)) {
        const evs = events(asteriskBytes(session));
        assert.ok(evs.every((e) => e.kind !== 'malformed'), `${file}: no malformed line`);
        const commands = session.steps.filter((s) => s.kind === 'S->A').length;
        assert.equal(evs.filter((e) => e.kind === 'response').length, commands, `${file}: one response per command`);
        const hangups = session.steps.filter((s) => s.kind === 'A->S' && s.text === 'HANGUP\n').length;
        assert.equal(evs.filter((e) => e.kind === 'hangup').length, hangups, `${file}: hangup notices`);
      }
    }
  });

  it('gives the codes of agi-13a in order, with the 520 usage text joined', () => {
    const evs = events(asteriskBytes(loadAgiCapture('agi-13a-cmds.agi.txt')[0] as never));
    const codes = evs.map((e) => (e.kind === 'response' ? e.response.code : e.kind));
    assert.deepEqual(codes.slice(-12), [200, 510, 200, 510, 520, 520, 520, 520, 200, 200, 200, 'hangup']);
    const usage = evs.filter((e) => e.kind === 'response' && e.response.code === 520).map((e) => (e as { response: { usage: string } }).response.usage);
    assert.match(usage[0] as string, /^Send the given file,.*\n.*\n.*PLAYBACKSTATUS.*\n    <value>SUCCESS<\/value>\n    <value>FAILED<\/value>$/s);
    assert.equal(usage[3], 'Sets a variable to the current channel.');
  });

  it('parses result, data and endpos of the captured 200 lines', () => {
    const cases: Array<[string, object]> = [
      ['200 result=0', { result: '0' }],
      ['200 result=5863 (timeout) endpos=20632', { result: '5863', data: 'timeout', endpos: 20632 }],
      ['200 result=-1 (writefile)', { result: '-1', data: 'writefile' }],
      ['200 result=0 endpos=6608', { result: '0', endpos: 6608 }],
      ['200 result=-1 endpos=0', { result: '-1', endpos: 0 }],
      ['200 result= (timeout)', { result: '', data: 'timeout' }],
      ['200 result=1 (hello world)', { result: '1', data: 'hello world' }],
      ['200 result=1 ()', { result: '1', data: '' }],
      ['200 result=1 (hello world|Up)', { result: '1', data: 'hello world|Up' }],
      ['200 result=1 (a) b (c))', { result: '1', data: 'a) b (c)' }],
      ['200 result=1 (x) endpos=5) endpos=7', { result: '1', data: 'x) endpos=5', endpos: 7 }],
    ];
    for (const [line, expected] of cases) {
      const { line: _l, code: _c, ...parsed } = parseResult200(line) as { line: string; code: number };
      assert.deepEqual(parsed, expected, line);
    }
    assert.equal(parseResult200('200 result=1 (unclosed'), undefined);
    assert.equal(parseResult200('200 foo'), undefined);
  });

  it('treats HANGUP inside a 520 block as usage text, and reports stray lines as malformed', () => {
    const reader = new AgiResponseReader();
    assert.equal(reader.next('520-Invalid command syntax.  Proper usage follows:'), undefined);
    assert.ok(reader.inUsageBlock);
    assert.equal(reader.next('HANGUP'), undefined);
    const end = reader.next('520 End of proper usage.');
    assert.deepEqual(end && end.kind === 'response' && end.response.code === 520 && end.response.usage, 'HANGUP');
    assert.deepEqual(reader.next('520 Invalid command syntax.  Proper usage not available.'), {
      kind: 'response',
      response: { code: 520, usage: '', line: '520 Invalid command syntax.  Proper usage not available.' },
    });
    assert.equal(reader.next('hello')?.kind, 'malformed');
    assert.equal(reader.next('')?.kind, 'malformed');
  });

  it('bounds a 520 block that never ends', () => {
    const reader = new AgiResponseReader(100);
    reader.next('520-start');
    let last: AgiInboundEvent | undefined;
    for (let i = 0; i < 20 && !last; i++) last = reader.next('0123456789');
    assert.equal(last?.kind, 'malformed');
    assert.equal(reader.inUsageBlock, false);
  });
});
