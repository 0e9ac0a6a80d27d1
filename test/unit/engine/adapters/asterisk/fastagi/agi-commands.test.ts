import assert from 'node:assert/strict';
import { agiCommand, agiQuoted, agiVerb, agiWord, assertCommandLine } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-commands';
import { parseAgiArgs } from '../../../../../../engine/src/simulator/agi/agi-arg-parser';
import { isEngineError } from '../../../../../../engine/src/errors';
import { AGI_CAPTURE_FILES, loadAgiCapture, serverCommands } from '../../../../../fixtures/agi/agi-capture';
import { CAPTURE_COMMAND_CALLS } from '../../../../../fixtures/agi/capture-commands';
import { makeSession } from './agi-session-harness';

const invalidArg = (e: unknown): boolean => isEngineError(e, 'CE_AGI_INVALID_ARGUMENT');

describe('AGI command builders', () => {
  it('write every command line of the captures byte for byte (through the session helpers)', async () => {
    const captured = new Set(AGI_CAPTURE_FILES.flatMap((f) => loadAgiCapture(f).flatMap(serverCommands)));
    captured.delete(''); // the empty line of agi-13a: the engine never sends one
    assert.equal(captured.size, 40);
    for (const line of captured) {
      const call = CAPTURE_COMMAND_CALLS[line];
      assert.ok(call, `no session call for captured line ${JSON.stringify(line)}`);
      const { session, transport, answer } = makeSession();
      const done = call(session).catch(() => undefined);
      assert.deepEqual(transport.written, [line]);
      answer('200 result=0');
      await done;
    }
  });

  it('quote only words that need it, escaping backslash and double quote as parse_args expects', () => {
    assert.equal(agiWord('plain'), 'plain');
    assert.equal(agiWord(''), '""');
    assert.equal(agiWord('hello world'), '"hello world"');
    assert.equal(agiWord('say "hi"'), '"say \\"hi\\""');
    assert.equal(agiWord('C:\\path'), '"C:\\\\path"');
    assert.equal(agiWord('tab\there'), '"tab\there"');
    assert.equal(agiQuoted('dead'), '"dead"');
    assert.equal(agiCommand.setVariable('ENGINE_ROUTE', 'queue'), 'SET VARIABLE ENGINE_ROUTE queue');
    assert.equal(agiCommand.setVariable('X', 'a "b" \\c'), 'SET VARIABLE X "a \\"b\\" \\\\c"');
  });

  it('round-trip through the Asterisk tokenizer for awkward values', () => {
    const values = ['', ' ', 'a b', '"', '\\', '\\"', 'x\\', '"quoted"', 'tab\tin', 'ünïcødé ü', '${VAR} | x', 'a  b', 'end\\\\'];
    for (let i = 0; i < 200; i++) values.push(randomValue(i));
    for (const v of values) {
      assert.deepEqual(parseAgiArgs(agiCommand.setVariable('V', v)), ['SET', 'VARIABLE', 'V', v], JSON.stringify(v));
      assert.deepEqual(parseAgiArgs(agiCommand.verbose(v, 2)), ['VERBOSE', v, '2'], JSON.stringify(v));
    }
  });

  it('refuse what cannot be sent: newlines, NUL, bad digits, extensions on record paths, bad numbers', () => {
    assert.throws(() => agiCommand.setVariable('X', 'a\nHANGUP'), invalidArg);
    assert.throws(() => agiCommand.setVariable('X', 'a\r'), invalidArg);
    assert.throws(() => agiCommand.verbose('nul\0'), invalidArg);
    assert.throws(() => agiCommand.streamFile('f', '12x'), invalidArg);
    assert.throws(() => agiCommand.recordFile('/tmp/msg.wav', 'wav', '#', 1000), invalidArg);
    assert.throws(() => agiCommand.recordFile('/tmp/msg', 'wav', '#', 1000, { silenceSec: 1.5 }), invalidArg);
    assert.throws(() => agiCommand.waitForDigit(-2), invalidArg);
    assert.throws(() => agiCommand.setPriority(0), invalidArg);
    assert.throws(() => agiCommand.exec('Set(x)', 'y'), invalidArg);
    assert.throws(() => assertCommandLine('', 100), invalidArg);
    assert.throws(() => assertCommandLine('NOOP '.repeat(30), 100), invalidArg);
  });

  it('write the RECORD FILE offset whenever a beep or silence limit follows', () => {
    assert.equal(agiCommand.recordFile('/r/a', 'wav', '', -1, { silenceSec: 3 }), 'RECORD FILE /r/a wav "" -1 0 s=3');
    assert.equal(agiCommand.recordFile('/r/a', 'gsm', '#*', 5000, { beep: true }), 'RECORD FILE /r/a gsm "#*" 5000 0 BEEP');
    assert.equal(agiCommand.recordFile('/r/a', 'wav', '#', 5000, { offsetSamples: 800 }), 'RECORD FILE /r/a wav "#" 5000 800');
    assert.equal(agiCommand.getData('p'), 'GET DATA p');
    assert.equal(agiCommand.getData('p', undefined, 3), 'GET DATA p 0 3');
    assert.equal(agiCommand.setPriority('start'), 'SET PRIORITY start');
    assert.equal(agiCommand.hangup('PJSIP/x-1'), 'HANGUP PJSIP/x-1');
  });

  it('name the verb of a line for metrics (bounded label set)', () => {
    assert.equal(agiVerb('GET FULL VARIABLE ${X}'), 'GET FULL VARIABLE');
    assert.equal(agiVerb('get variable X'), 'GET VARIABLE');
    assert.equal(agiVerb('HANGUP'), 'HANGUP');
    assert.equal(agiVerb('FOOBAR'), 'OTHER');
    assert.equal(agiVerb('SAY DIGITS 1 ""'), 'OTHER');
  });
});

function randomValue(seed: number): string {
  const alphabet = ' \t"\\abc$(){}|;,=\'#*xyzé';
  let s = '';
  let x = seed * 7919 + 13;
  const len = (seed % 12) + 1;
  for (let i = 0; i < len; i++) {
    x = (x * 1103515245 + 12345) & 0x7fffffff;
    s += alphabet[x % alphabet.length];
  }
  return s;
}
