import assert from 'node:assert/strict';
import { SimulatedAgiChannel, type SimulatedAgiScript } from '../../../../../engine/src/simulator/agi/simulated-agi-channel';

const ENV = { request: 'agi://127.0.0.1:4573/inbound', channel: 'PJSIP/carrier-00000001', uniqueId: '1.1', context: 'engine-inbound', extension: '100', callerId: '4055550100', callerIdName: 'Acme' };

function channel(script: SimulatedAgiScript = {}): SimulatedAgiChannel {
  return new SimulatedAgiChannel(ENV, script);
}

const run = (ch: SimulatedAgiChannel, line: string, hangingUp = false): readonly string[] => ch.execute(line, hangingUp).lines;

describe('SimulatedAgiChannel', () => {
  it('answers 510 for unknown and empty commands, case-insensitively matches known ones', () => {
    const ch = channel();
    assert.deepEqual(run(ch, 'FOOBAR'), ['510 Invalid or unknown command']);
    assert.deepEqual(run(ch, ''), ['510 Invalid or unknown command']);
    assert.deepEqual(run(ch, 'GET'), ['510 Invalid or unknown command']);
    assert.deepEqual(run(ch, 'answer'), ['200 result=0']);
    assert.deepEqual(run(ch, 'channel status'), ['200 result=6']);
  });

  it('answers the captured 520 usage blocks, and the short form where no text was captured', () => {
    const ch = channel();
    assert.deepEqual(run(ch, 'SET VARIABLE'), ['520-Invalid command syntax.  Proper usage follows:', 'Sets a variable to the current channel.', '520 End of proper usage.']);
    assert.deepEqual(run(ch, 'WAIT FOR DIGIT'), ['520 Invalid command syntax.  Proper usage not available.']);
  });

  it('keeps variables, resolves functions and expands full expressions', () => {
    const ch = channel({ variables: { PRESET: 'x' } });
    assert.deepEqual(run(ch, 'SET VARIABLE ENGINE_ROUTE "queue a"'), ['200 result=1']);
    assert.deepEqual(run(ch, 'GET VARIABLE ENGINE_ROUTE'), ['200 result=1 (queue a)']);
    assert.deepEqual(run(ch, 'GET VARIABLE NOPE'), ['200 result=0']);
    assert.deepEqual(run(ch, 'GET VARIABLE CALLERID(num)'), ['200 result=1 (4055550100)']);
    assert.deepEqual(run(ch, 'GET FULL VARIABLE ${PRESET}-${CHANNEL(state)}-${MISSING}'), ['200 result=1 (x-Ring-)']);
    assert.deepEqual(run(ch, 'EXEC Set ENGINE_X=1'), ['200 result=0']);
    assert.deepEqual(ch.variablesSet, [['ENGINE_ROUTE', 'queue a'], ['ENGINE_X', '1']]);
  });

  it('goes dead after hangup: 511 for non-dead commands, dead-capable ones still run', () => {
    const ch = channel();
    ch.hangup();
    assert.deepEqual(run(ch, 'STREAM FILE x ""'), ['511 Command Not Permitted on a dead channel or intercept routine']);
    assert.deepEqual(run(ch, 'SET CONTEXT x'), ['511 Command Not Permitted on a dead channel or intercept routine']);
    assert.deepEqual(run(ch, 'SET VARIABLE A 1'), ['200 result=1']);
    assert.deepEqual(run(ch, 'NOOP'), ['200 result=0']);
    assert.deepEqual(run(ch, 'FOOBAR'), ['510 Invalid or unknown command']);
    assert.equal(ch.agiStatus(false), 'HANGUP');
  });

  it('consumes scripted digits: escape digits in STREAM FILE, # ends GET DATA, RECORD FILE dtmf', () => {
    const ch = channel({ digits: '5#12#9*' });
    assert.deepEqual(run(ch, 'STREAM FILE p "#"'), ['200 result=0 endpos=8000'], '5 is not an escape digit');
    assert.deepEqual(run(ch, 'GET DATA p 3000 4'), ['200 result=5']);
    assert.deepEqual(run(ch, 'GET DATA p 3000 2'), ['200 result=12']);
    assert.deepEqual(run(ch, 'WAIT FOR DIGIT 100'), ['200 result=35']);
    assert.deepEqual(run(ch, 'STREAM FILE p "9"'), ['200 result=57 endpos=4000']);
    assert.deepEqual(run(ch, 'RECORD FILE /r/a wav "*" 5000'), ['200 result=42 (dtmf) endpos=20000']);
    assert.deepEqual(run(ch, 'RECORD FILE /r/b wav "#" 3000'), ['200 result=0 (timeout) endpos=24000']);
    assert.deepEqual(ch.recordings, ['/r/a', '/r/b']);
  });

  it('gives the hangup form of a command the caller hangs up during', () => {
    const ch = channel();
    assert.deepEqual(run(ch, 'WAIT FOR DIGIT 10000', true), ['200 result=-1']);
    assert.deepEqual(run(ch, 'GET DATA p 1000 4', true), ['200 result=-1']);
    assert.deepEqual(run(ch, 'RECORD FILE /r/a wav "#" 1000', true), ['200 result=-1 (hangup) endpos=4000']);
  });

  it('tracks where the dialplan continues: priority+1 unless SET PRIORITY', () => {
    const ch = channel();
    run(ch, 'SET CONTEXT engine-inbound');
    run(ch, 'SET EXTENSION reject');
    assert.deepEqual(ch.location(), { context: 'engine-inbound', extension: 'reject', priority: 3 });
    run(ch, 'SET PRIORITY 1');
    assert.deepEqual(ch.location(), { context: 'engine-inbound', extension: 'reject', priority: 1 });
    run(ch, 'SET PRIORITY start');
    assert.equal(ch.location().priority, 'start');
  });

  it('marks FAILURE for a missing file or an unwritable recording, not for GET DATA of a missing prompt', () => {
    const gd = channel({ soundFiles: {} });
    assert.deepEqual(run(gd, 'GET DATA missing 1000 4'), ['200 result=-1']);
    assert.equal(gd.agiStatus(false), 'SUCCESS');
    const sf = channel({ soundFiles: {} });
    assert.deepEqual(run(sf, 'STREAM FILE missing ""'), ['200 result=-1 endpos=0']);
    assert.equal(sf.agiStatus(false), 'FAILURE');
    const rf = channel({ recordWritable: () => false });
    assert.deepEqual(run(rf, 'RECORD FILE /no/x wav "#" 1000'), ['200 result=-1 (writefile)']);
    assert.equal(rf.agiStatus(false), 'FAILURE');
    assert.equal(channel().agiStatus(true), 'FAILURE', 'a failure line from the server');
  });

  it('reads AGISIGHUP like ast_false', () => {
    assert.equal(channel().sighup, true);
    assert.equal(channel({ variables: { AGISIGHUP: 'no' } }).sighup, false);
    assert.equal(channel({ variables: { AGISIGHUP: 'yes' } }).sighup, true);
  });
});
