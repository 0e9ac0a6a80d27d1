import assert from 'node:assert/strict';
import { isEngineError } from '../../../engine/src/errors';
import type { InboundSession } from '../../../engine/src/ports/inbound-gateway.port';
import { AGI_CAPTURE_FILES, loadAgiCapture, type CaptureSession, type CaptureStep } from '../../fixtures/agi/agi-capture';
import { CAPTURE_COMMAND_CALLS } from '../../fixtures/agi/capture-commands';
import { connectRaw, type RawSocketReader } from '../../fixtures/agi/raw-socket';
import { problems, startServer, type RunningServer } from './fastagi-harness';

/** One helper call per captured command; `awaitHangup` = the capture shows a HANGUP notice before it. */
interface PlannedCall {
  readonly line: string;
  readonly awaitHangup: boolean;
}

function plan(session: CaptureSession): PlannedCall[] {
  const calls: PlannedCall[] = [];
  let sawHangup = false;
  for (const step of session.steps) {
    if (step.kind === 'close') break;
    if (step.kind === 'A->S' && step.text === 'HANGUP\n') sawHangup = true;
    if (step.kind === 'S->A') {
      calls.push({ line: step.text.replace(/\n$/, ''), awaitHangup: sawHangup });
      sawHangup = false;
    }
  }
  // The empty command of agi-13a is not something the engine can send (see capture-commands.ts).
  return calls.filter((c) => c.line !== '');
}

/** What every captured call returned or threw, keyed `<extension>:<line>` (the extension names the capture). */
type Outcomes = Map<string, unknown>;

async function runPlan(s: InboundSession, calls: readonly PlannedCall[], outcomes: Outcomes): Promise<void> {
  for (const call of calls) {
    if (call.awaitHangup && !s.hungUp) await new Promise<void>((resolve) => s.onHangup(resolve));
    const fn = CAPTURE_COMMAND_CALLS[call.line];
    if (!fn) throw new Error(`no call for ${call.line}`);
    outcomes.set(`${s.env.extension}:${call.line}`, await fn(s).then((v) => ({ value: v }), (e: unknown) => ({ code: isEngineError(e) ? e.code : String(e) })));
  }
}

/** Plays Asterisk with the captured bytes: writes A->S, checks S->A byte for byte, expects our FIN at "close". */
async function playAsterisk(r: RawSocketReader, session: CaptureSession, chunked: boolean): Promise<void> {
  const write = async (bytes: Buffer): Promise<void> => {
    if (!chunked) return void r.socket.write(bytes);
    // Pieces of 1 to 4 bytes, each in its own TCP segment (no Nagle), so lines and even
    // multi-byte characters arrive split at every possible point.
    r.socket.setNoDelay(true);
    for (let i = 0, n = 1; i < bytes.length; i += n, n = (n % 4) + 1) {
      r.socket.write(bytes.subarray(i, i + n));
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await write(session.env);
  const steps = session.steps;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i] as CaptureStep;
    if (step.kind === 'S->A') assert.equal((await r.read(step.bytes.length)).toString(), step.text);
    else if (step.kind === 'A->S') {
      if (i > 0 && (steps[i - 1] as CaptureStep).kind === 'close') await r.ended();
      await write(step.bytes);
    } else if (i === steps.length - 1) await r.ended();
  }
  r.socket.end();
}

/** Drops the `510` answer to the empty line the engine does not send (agi-13a). */
function withoutEmptyCommand(session: CaptureSession): CaptureSession {
  const steps: CaptureStep[] = [];
  for (let i = 0; i < session.steps.length; i++) {
    const s = session.steps[i] as CaptureStep;
    if (s.kind === 'S->A' && s.text === '\n') {
      i++;
      continue;
    }
    steps.push(s);
  }
  return { ...session, steps };
}

describe('FastAGI server driven with the exact bytes of the captures', () => {
  let running: RunningServer;
  const outcomes: Outcomes = new Map();
  const plans = new Map<string, PlannedCall[]>();

  before(async () => {
    const handler = (s: InboundSession): Promise<void> => runPlan(s, plans.get(s.env.uniqueId) ?? [], outcomes);
    const routes = ['inbound', '', 'cmds', 'goto', 'sighup-default', 'sighup-default-busy', 'sighup-no'];
    running = await startServer(Object.fromEntries(routes.map((r) => [r, handler])));
  });
  after(() => running.server.close());

  for (const file of AGI_CAPTURE_FILES) {
    it(`replays ${file}: our helpers write the captured command lines byte for byte`, async () => {
      for (const captured of loadAgiCapture(file)) {
        const session = withoutEmptyCommand(captured);
        const uniqueId = /agi_uniqueid: (.*)\n/.exec(session.env.toString())?.[1] as string;
        plans.set(uniqueId, plan(session));
        const r = await connectRaw(running.port);
        await playAsterisk(r, session, false);
      }
      assert.deepEqual(problems(running.logger), []);
    });
  }

  it('replays agi-13a again with the bytes split into 1-4 byte writes', async () => {
    const session = withoutEmptyCommand(loadAgiCapture('agi-13a-cmds.agi.txt')[0] as CaptureSession);
    plans.set('1795321573.16', plan(session));
    const r = await connectRaw(running.port);
    await playAsterisk(r, session, true);
    assert.deepEqual(problems(running.logger), []);
  });

  it('mapped the captured results per command', () => {
    const expected: Record<string, unknown> = {
      'cmds:RECORD FILE agi-cap-rec2 wav "#" 10000 0 BEEP s=2': { value: { reason: 'timeout', endpos: 20632 } },
      'cmds:RECORD FILE /nonexistent-dir/agi-cap-rec3 wav "#" 1000': { value: { reason: 'writefile', endpos: 0 } },
      'cmds:STREAM FILE custom/yes ""': { value: { endpos: 6608 } },
      'cmds:STREAM FILE custom/nosuchfile ""': { code: 'CE_AGI_COMMAND_FAILED' },
      'cmds:GET DATA custom/yes 2000 4': { value: { digits: '', timeout: true } },
      'cmds:GET DATA custom/nosuchfile 1000 4': { code: 'CE_AGI_COMMAND_FAILED' },
      'cmds:WAIT FOR DIGIT 500': { value: undefined },
      'cmds:GET VARIABLE CAPVAR': { value: 'hello world' },
      'cmds:GET VARIABLE NOSUCHVAR': { value: undefined },
      'cmds:GET VARIABLE CALLERID(num)': { value: '' },
      'cmds:GET FULL VARIABLE ${CAPVAR}|${CHANNEL(state)}': { value: 'hello world|Up' },
      'cmds:GET FULL VARIABLE ${CHANNEL} Local/nosuch-00000000;1': { value: undefined },
      'cmds:EXEC NoSuchApp x': { code: 'CE_AGI_COMMAND_FAILED' },
      'cmds:EXEC Wait 0.2': { value: 0 },
      'cmds:CHANNEL STATUS': { value: 6 },
      'cmds:FOOBAR': { code: 'CE_AGI_INVALID_COMMAND' },
      'cmds:answer': { value: { result: '0' } },
      'cmds:STREAM FILE': { code: 'CE_AGI_USAGE' },
      'cmds:SET VARIABLE': { code: 'CE_AGI_USAGE' },
      'cmds:SET PRIORITY 5': { value: undefined },
      'sighup:STREAM FILE custom/yes ""': { code: 'CE_AGI_DEAD_CHANNEL' },
      'sighup:GET FULL VARIABLE ${CHANNEL(state)}': { value: 'Up' },
      'sighup:EXEC NoOp "exec on a dead channel"': { value: 0 },
      'sighup:HANGUP': { code: 'CE_AGI_DEAD_CHANNEL' },
      'sighupbusy:WAIT FOR DIGIT 10000': { code: 'CE_AGI_HANGUP' },
      'nosighup:WAIT FOR DIGIT 10000': { code: 'CE_AGI_HANGUP' },
      'nosighup:GET VARIABLE AGISIGHUP': { value: 'no' },
      'goto:RECORD FILE /nonexistent-dir/x wav "#" 1000': { value: { reason: 'writefile', endpos: 0 } },
    };
    for (const [key, outcome] of Object.entries(expected)) assert.deepEqual(outcomes.get(key), outcome, key);
  });
});
