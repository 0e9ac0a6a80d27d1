import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { TelephonyCallControl, type CallControlDeps } from '../../../../../engine/src/call/call-control';
import { EventInbox } from '../../../../../engine/src/call/event-inbox';
import { FirstResultRecorder } from '../../../../../engine/src/call/result-recorder';
import { loadConfig } from '../../../../../engine/src/config/load-config';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { FakeTelephony } from '../../../../fakes/fake-telephony';
import { repoRoot } from '../../../../helpers/repo-root';

const CALL_ID = 'att-9';
const CHANNEL = 'salehi-att-9';

interface Priority {
  readonly exten: string;
  readonly priority: number;
  readonly app: string;
  readonly data: string;
}

/** The `[salehi-amd]` context of dialplan/salehi-amd.conf, priority by priority. */
function amdContext(): Priority[] {
  const text = readFileSync(join(repoRoot(), 'dialplan', 'salehi-amd.conf'), 'utf8');
  const out: Priority[] = [];
  let context = '';
  for (const raw of text.split('\n')) {
    const line = raw.replace(/;.*$/, '').trim();
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) context = header[1] as string;
    const m = /^(exten|same)\s*=>\s*(?:([^,]+),)?(\d+|n),([A-Za-z]+)\((.*)\)$/.exec(line);
    if (!m || context !== 'salehi-amd') continue;
    const last = out.at(-1);
    const exten = m[1] === 'exten' ? (m[2] as string) : (last?.exten ?? '');
    out.push({ exten, priority: m[3] === 'n' ? (last?.priority ?? 0) + 1 : Number(m[3]), app: m[4] as string, data: m[5] as string });
  }
  return out;
}

/** `${NAME}` → value, as the dialplan substitutes channel variables. */
function substitute(data: string, vars: Readonly<Record<string, string>>): string {
  return data.replace(/\$\{([A-Z_]+)\}/g, (_, name: string) => vars[name] ?? '');
}

/**
 * The contract between the `amd` step (through TelephonyCallControl.detectMachine) and the shipped
 * dialplan: where the engine sends the call, and how the dialplan hands it back with the verdict.
 */
describe('dialplan/salehi-amd.conf ⇄ the amd step', () => {
  const priorities = amdContext();
  const app = loadConfig({ env: {}, envFile: null }).asterisk.ari.app;

  it('has extension s from priority 1 (where the engine continues): NoOp, AMD(), Stasis(), Hangup()', () => {
    assert.deepEqual(priorities.map((p) => `${p.exten},${p.priority},${p.app}`), ['s,1,NoOp', 's,2,AMD', 's,3,Stasis', 's,4,Hangup']);
  });

  it('returns to the engine app with amd,${SALEHI_CALL_ID},${AMDSTATUS}, the variable the engine sets on every originate', () => {
    const stasis = priorities.find((p) => p.app === 'Stasis');
    assert.equal(stasis?.data, `${app},amd,\${SALEHI_CALL_ID},\${AMDSTATUS}`);
  });

  it('the call control continues there and reads each AMDSTATUS of the return the way the step expects', async () => {
    const expected: Readonly<Record<string, string>> = { HUMAN: 'human', MACHINE: 'machine', NOTSURE: 'notsure', HANGUP: 'notsure', '': 'notsure' };
    const stasis = priorities.find((p) => p.app === 'Stasis') as Priority;
    for (const [status, verdict] of Object.entries(expected)) {
      const telephony = new FakeTelephony();
      const inbox = new EventInbox();
      const logger = new CaptureLogger();
      const control = new TelephonyCallControl({
        channelId: CHANNEL,
        telephony,
        inbox,
        signal: new AbortController().signal,
        log: logger,
        result: new FirstResultRecorder(logger),
        isUp: () => true,
        remainingMs: () => 60_000,
        operator: {} as CallControlDeps['operator'],
        onOperatorConnected: () => undefined,
        amdContext: 'salehi-amd',
      });
      const detecting = control.detectMachine({ timeoutSec: 5 });
      await new Promise((r) => setImmediate(r));
      assert.deepEqual(telephony.callsOf('continueInDialplan').map((c) => c.args), [[CHANNEL, { context: 'salehi-amd', extension: 's', priority: 1 }]]);
      const [stasisApp, ...args] = substitute(stasis.data, { SALEHI_CALL_ID: CALL_ID, AMDSTATUS: status }).split(',');
      assert.equal(stasisApp, app);
      const channel = { channelId: CHANNEL, name: 'PJSIP/trunk-1', state: 'up' as const, callerNumber: '', callerName: '', connectedNumber: '', context: 'salehi-amd', extension: 's' };
      inbox.push({ type: 'call.entered', at: 0, channelId: CHANNEL, args, state: 'up', channel });
      assert.equal(await detecting, verdict, `AMDSTATUS=${status}`);
    }
  });
});
