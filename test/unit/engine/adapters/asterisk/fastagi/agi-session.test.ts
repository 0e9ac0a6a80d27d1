import assert from 'node:assert/strict';
import sinon from 'sinon';
import { EngineError, isEngineError, type ErrorCode } from '../../../../../../engine/src/errors';
import { isInboundChannelGone } from '../../../../../../engine/src/ports/inbound-gateway.port';
import { flush } from './fastagi-test-kit';
import { makeSession } from './agi-session-harness';

const withCode = (code: ErrorCode) => (e: unknown): boolean => isEngineError(e, code);

describe('AgiSession', () => {
  let clock: sinon.SinonFakeTimers;
  beforeEach(() => {
    clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
  });
  afterEach(() => clock.restore());

  describe('command queue', () => {
    it('writes one command at a time, the next only after the previous result', async () => {
      const { session, transport, answer } = makeSession();
      const a = session.setVariable('ENGINE_CALL_ID', 'c-1');
      const b = session.setVariable('ENGINE_ROUTE', 'queue');
      const c = session.getVariable('CALLERID(num)');
      assert.deepEqual(transport.written, ['SET VARIABLE ENGINE_CALL_ID c-1']);
      answer('200 result=1');
      await flush();
      assert.deepEqual(transport.written.slice(1), ['SET VARIABLE ENGINE_ROUTE queue']);
      answer('200 result=1');
      await flush();
      answer('200 result=1 (4055550100)');
      await a;
      await b;
      assert.equal(await c, '4055550100');
      assert.equal(transport.written.length, 3);
    });

    it('takes a HANGUP notice out of the stream without desyncing results (result first, then HANGUP)', async () => {
      const { session, transport, answer } = makeSession();
      const hangups: string[] = [];
      session.onHangup(() => hangups.push('hangup'));
      const wait = session.waitForDigit(10000);
      const next = session.streamFile('custom/yes');
      answer('200 result=-1', 'HANGUP');
      await assert.rejects(wait, withCode('CE_AGI_HANGUP'));
      assert.deepEqual(hangups, ['hangup']);
      assert.equal(session.hungUp, true);
      assert.equal(transport.written[1], 'STREAM FILE custom/yes ""');
      answer('511 Command Not Permitted on a dead channel or intercept routine');
      await assert.rejects(next, (e) => withCode('CE_AGI_DEAD_CHANNEL')(e) && isInboundChannelGone(e));
    });

    it('handles an unsolicited HANGUP while idle and notifies late subscribers too', async () => {
      const { session, answer } = makeSession();
      answer('HANGUP');
      assert.equal(session.hungUp, true);
      let late = false;
      session.onHangup(() => (late = true));
      await flush();
      assert.equal(late, true);
      const v = session.getVariable('AGISIGHUP');
      answer('200 result=0');
      assert.equal(await v, undefined, 'dead-mode commands still work');
    });

    it('maps 510 and multi-line 520 to CE_AGI_INVALID_COMMAND and CE_AGI_USAGE with the usage text', async () => {
      const { session, answer, metrics } = makeSession();
      const foo = session.command('FOOBAR');
      answer('510 Invalid or unknown command');
      await assert.rejects(foo, withCode('CE_AGI_INVALID_COMMAND'));
      const usage = session.command('SET VARIABLE');
      answer('520-Invalid command syntax.  Proper usage follows:', 'Sets a variable to the current channel.', '520 End of proper usage.');
      await assert.rejects(usage, (e) => withCode('CE_AGI_USAGE')(e) && (e as EngineError & { details: { usage: string } }).details.usage === 'Sets a variable to the current channel.');
      assert.equal(metrics.count('agi_errors_total', { code: 'CE_AGI_USAGE' }), 1);
      assert.equal(metrics.observations.get('agi_command_duration_seconds')?.length, 2);
    });

    it('times a command out with CE_AGI_COMMAND_TIMEOUT and ends the session', async () => {
      const { session, transport } = makeSession({ commandMs: 1000 });
      const slow = session.noop();
      const queued = session.noop();
      clock.tick(999);
      assert.equal(transport.aborts.length, 0);
      clock.tick(1);
      await assert.rejects(slow, withCode('CE_AGI_COMMAND_TIMEOUT'));
      assert.equal(transport.aborts[0]?.code, 'CE_AGI_COMMAND_TIMEOUT');
      session.terminate(transport.aborts[0] as EngineError);
      await assert.rejects(queued, withCode('CE_AGI_CLOSED'));
      assert.equal(session.signal.aborted, true);
    });

    it('gives media commands their own wait on top of the command budget', async () => {
      const { session, transport, answer } = makeSession({ commandMs: 1000, mediaMs: 5000 });
      const wait = session.waitForDigit(3000);
      clock.tick(3999);
      answer('200 result=35');
      assert.equal(await wait, '#');
      const rec = session.recordFile('/tmp/m', 'wav', '#', -1);
      clock.tick(3_600_000);
      answer('200 result=0 (timeout) endpos=8000');
      assert.deepEqual(await rec, { reason: 'timeout', endpos: 8000 });
      assert.equal(transport.aborts.length, 0);
    });

    it('closes an idle session (no command while the handler runs)', () => {
      const { queue, transport } = makeSession({ idleTimeoutMs: 500 });
      queue.armIdle();
      clock.tick(499);
      assert.equal(transport.aborts.length, 0);
      clock.tick(1);
      assert.equal(transport.aborts[0]?.code, 'CE_AGI_LIMIT');
    });

    it('does not count a running command as idle, and re-arms the idle clock after each result', async () => {
      const { session, queue, transport, answer } = makeSession({ idleTimeoutMs: 500, commandMs: 5000 });
      queue.armIdle();
      clock.tick(300);
      const wait = session.waitForDigit(2000);
      clock.tick(1500);
      assert.equal(transport.aborts.length, 0, 'no idle abort while WAIT FOR DIGIT runs');
      answer('200 result=0');
      await wait;
      clock.tick(499);
      assert.equal(transport.aborts.length, 0);
      clock.tick(1);
      assert.equal(transport.aborts[0]?.code, 'CE_AGI_LIMIT');
    });

    it('enforces the per-session command limit', async () => {
      const { session, transport, answer } = makeSession({ maxCommands: 2 });
      const a = session.noop();
      answer('200 result=0');
      const b = session.noop();
      answer('200 result=0');
      await Promise.all([a, b]);
      await assert.rejects(session.noop(), withCode('CE_AGI_LIMIT'));
      assert.equal(transport.aborts[0]?.code, 'CE_AGI_LIMIT');
    });

    it('aborts on a result without a command and on a malformed line', () => {
      const one = makeSession();
      one.answer('200 result=0');
      assert.equal(one.transport.aborts[0]?.code, 'CE_AGI_PROTOCOL');
      const two = makeSession();
      const p = two.session.noop().catch((e: unknown) => e);
      two.answer('garbage');
      assert.equal(two.transport.aborts[0]?.code, 'CE_AGI_PROTOCOL');
      two.session.terminate(two.transport.aborts[0] as EngineError);
      return p.then((e) => assert.ok(withCode('CE_AGI_CLOSED')(e)));
    });

    it('rejects argument errors without writing anything', async () => {
      const { session, transport } = makeSession();
      await assert.rejects(session.setVariable('X', 'line\nbreak'), withCode('CE_AGI_INVALID_ARGUMENT'));
      await assert.rejects(session.command(''), withCode('CE_AGI_INVALID_ARGUMENT'));
      assert.deepEqual(transport.written, []);
    });

    it('drain() waits for queued commands; commands after terminate reject CE_AGI_CLOSED', async () => {
      const { session, queue, answer } = makeSession();
      const p = session.noop();
      let drained = false;
      const d = queue.drain().then(() => (drained = true));
      await flush();
      assert.equal(drained, false);
      answer('200 result=0');
      await p;
      await d;
      assert.equal(drained, true);
      session.terminate(new EngineError('CE_AGI_CLOSED'));
      await assert.rejects(session.noop(), withCode('CE_AGI_CLOSED'));
    });
  });

  describe('helpers map result=-1 and friends per command', () => {
    async function reply<T>(call: (h: ReturnType<typeof makeSession>) => Promise<T>, ...lines: string[]): Promise<T> {
      const h = makeSession();
      const p = call(h);
      h.answer(...lines);
      return p;
    }

    it('streamFile', async () => {
      assert.deepEqual(await reply((h) => h.session.streamFile('custom/yes'), '200 result=0 endpos=6608'), { endpos: 6608 });
      assert.deepEqual(await reply((h) => h.session.streamFile('a', '#1'), '200 result=49 endpos=100'), { digit: '1', endpos: 100 });
      await assert.rejects(reply((h) => h.session.streamFile('custom/nosuchfile'), '200 result=-1 endpos=0'), withCode('CE_AGI_COMMAND_FAILED'));
    });

    it('getData', async () => {
      assert.deepEqual(await reply((h) => h.session.getData('p', 2000, 4), '200 result= (timeout)'), { digits: '', timeout: true });
      assert.deepEqual(await reply((h) => h.session.getData('p', 2000, 4), '200 result=1234'), { digits: '1234', timeout: false });
      assert.deepEqual(await reply((h) => h.session.getData('p'), '200 result=12 (timeout)'), { digits: '12', timeout: true });
      await assert.rejects(reply((h) => h.session.getData('missing', 1000, 4), '200 result=-1'), withCode('CE_AGI_COMMAND_FAILED'));
    });

    it('waitForDigit', async () => {
      assert.equal(await reply((h) => h.session.waitForDigit(500), '200 result=0'), undefined);
      assert.equal(await reply((h) => h.session.waitForDigit(500), '200 result=42'), '*');
    });

    it('recordFile', async () => {
      assert.deepEqual(await reply((h) => h.session.recordFile('/r/a', 'wav', '#', 3000), '200 result=1 (timeout) endpos=24000'), { reason: 'timeout', endpos: 24000 });
      assert.deepEqual(await reply((h) => h.session.recordFile('/r/a', 'wav', '#', 3000), '200 result=35 (dtmf) endpos=900'), { reason: 'dtmf', digit: '#', endpos: 900 });
      assert.deepEqual(await reply((h) => h.session.recordFile('/r/a', 'wav', '#', 3000), '200 result=-1 (hangup) endpos=1600'), { reason: 'hangup', endpos: 1600 });
      assert.deepEqual(await reply((h) => h.session.recordFile('/x/a', 'wav', '#', 1000), '200 result=-1 (writefile)'), { reason: 'writefile', endpos: 0 });
      await assert.rejects(reply((h) => h.session.recordFile('/r/a', 'wav', '#', 1000, { beep: true }), '200 result=-1 (randomerror) endpos=0'), withCode('CE_AGI_COMMAND_FAILED'));
    });

    it('variables, exec, answer, hangup, channel status', async () => {
      assert.equal(await reply((h) => h.session.getVariable('CALLERID(num)'), '200 result=1 ()'), '');
      assert.equal(await reply((h) => h.session.getFullVariable('${X}'), '200 result=1 (a (b) c)'), 'a (b) c');
      assert.equal(await reply((h) => h.session.getFullVariable('${CHANNEL}', 'Local/x'), '200 result=0'), undefined);
      assert.equal(await reply((h) => h.session.exec('Wait', '0.2'), '200 result=0'), 0);
      await assert.rejects(reply((h) => h.session.exec('NoSuchApp', 'x'), '200 result=-2'), withCode('CE_AGI_COMMAND_FAILED'));
      await assert.rejects(reply((h) => h.session.answer(), '200 result=-1'), withCode('CE_AGI_COMMAND_FAILED'));
      await reply((h) => h.session.hangup(), '200 result=1');
      assert.equal(await reply((h) => h.session.channelStatus(), '200 result=6'), 6);
      await assert.rejects(reply((h) => h.session.channelStatus('nope'), '200 result=-1'), withCode('CE_AGI_COMMAND_FAILED'));
    });

    it('goto sends CONTEXT, EXTENSION, then PRIORITY (priority last, default 1)', async () => {
      const h = makeSession();
      h.transport.onWrite = () => queueMicrotask(() => h.answer('200 result=0'));
      await h.session.goto('engine-inbound', 'reject');
      assert.deepEqual(h.transport.written, ['SET CONTEXT engine-inbound', 'SET EXTENSION reject', 'SET PRIORITY 1']);
      await assert.rejects(h.session.goto('a', 'b', 0), withCode('CE_AGI_INVALID_ARGUMENT'));
      assert.equal(h.transport.written.length, 3, 'nothing sent when the priority is invalid');
    });
  });
});
