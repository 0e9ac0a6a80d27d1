import assert from 'node:assert/strict';
import { customerBehaviours as people, type CustomerScript } from '../../../engine/src/simulator/core/customer-script';
import { startFlowEngine, type FlowEngine } from './support/flow-engine';

/** What the engine sends to run AMD: dialplan/salehi-amd.conf, extension s, priority 1. */
const CONTINUE_TO_AMD = 'continue salehi-amd,s,1';

/**
 * Issue #4: the `amd` step through the whole engine and the PBX simulator. The simulator runs the
 * `[salehi-amd]` context like Asterisk: StasisEnd at the continue, ChannelDialplan NoOp/AMD, the
 * AMDSTATUS/AMDCAUSE ChannelVarsets, then StasisStart with `amd,<callId>,<AMDSTATUS>`.
 */
describe('amd step through the PBX simulator (scenario amd-check)', function () {
  this.timeout(30_000);
  let flow: FlowEngine;

  before(async () => {
    flow = await startFlowEngine({ durations: { 'custom/steps/hello': 2, 'custom/steps/voicemail': 3 } });
  });

  afterEach(function () {
    if (this.currentTest?.state === 'failed') flow.dump();
  });

  after(async () => flow.stop());

  /** Every StasisStart's args per channel, as the simulator sent them. */
  const entries = new Map<string, string[][]>();
  const entriesOf = (channelId: string): string[][] => entries.get(channelId) ?? [];
  before(() => {
    flow.sim.world.on((e) => {
      if (e.type === 'stasis.started') entries.set(e.channel.id, [...entriesOf(e.channel.id), [...e.args]]);
    });
  });

  async function place(script: CustomerScript) {
    const placed = await flow.call('amd-check', script);
    const continueReq = placed.requests.find((r) => r.operation === 'channels.continueInDialplan');
    return { ...placed, continueReq };
  }

  it('a person (AMD: HUMAN) → back in Stasis with amd,<callId>,HUMAN → on_human: hello, their result', async () => {
    const { report, commands, continueReq, requests } = await place(people.saysYes());
    assert.deepEqual(commands, ['originate', CONTINUE_TO_AMD, 'play hello', 'hangup customer']);
    assert.equal(report.result, 'unknown');
    assert.equal(continueReq?.path, `/channels/salehi-${report.callId}/continue`);
    // dialplan/salehi-amd.conf hands the call back with ${SALEHI_CALL_ID}: the originate sets it.
    assert.equal(requests[0]?.variables['SALEHI_CALL_ID'], report.callId);
    assert.deepEqual(entriesOf(`salehi-${report.callId}`), [['outbound', report.callId], ['amd', report.callId, 'HUMAN']]);
  });

  it('an answering machine (AMD: MACHINE) → on_machine: the voicemail message, result failed:answering_machine', async () => {
    const { report, commands } = await place(people.answeringMachine());
    assert.deepEqual(commands, ['originate', CONTINUE_TO_AMD, 'play voicemail', 'hangup customer']);
    assert.equal(report.result, 'failed:answering_machine');
    assert.deepEqual(entriesOf(`salehi-${report.callId}`), [['outbound', report.callId], ['amd', report.callId, 'MACHINE']]);
  });

  it('a silent answer is a machine for AMD (initial silence), as amd.conf decides', async () => {
    const { report, commands } = await place(people.staysSilent());
    assert.deepEqual(commands, ['originate', CONTINUE_TO_AMD, 'play voicemail', 'hangup customer']);
    assert.equal(report.result, 'failed:answering_machine');
  });

  it('AMD not sure (NOTSURE, no on_notsure) → treated as a person: on_human', async () => {
    const { report, commands } = await place(people.puzzlesAmd());
    assert.deepEqual(commands, ['originate', CONTINUE_TO_AMD, 'play hello', 'hangup customer']);
    assert.equal(report.result, 'unknown');
    assert.deepEqual(entriesOf(`salehi-${report.callId}`), [['outbound', report.callId], ['amd', report.callId, 'NOTSURE']]);
  });

  it('no return within detect_timeout_sec → the timeout path: failed:amd_timeout, hung up in the dialplan, no stall', async () => {
    // AMD takes 10 simulated minutes (12 s of real time): longer than the step's 3 s.
    const { report, commands } = await place({ ...people.saysYes(), amd: { status: 'HUMAN', seconds: 600 } });
    assert.deepEqual(commands, ['originate', CONTINUE_TO_AMD, 'hangup customer']);
    assert.equal(report.result, 'failed:amd_timeout');
    assert.equal(report.answered, true);
    assert.deepEqual(entriesOf(`salehi-${report.callId}`), [['outbound', report.callId]], 'the channel never came back to Stasis');
  });

  it('the customer hangs up during AMD → exactly one result (hangup), nothing more sent to the channel', async () => {
    // AMD would take 100 simulated seconds; the person hangs up 50 s after answering (1 s real, inside the 3 s wait).
    const script: CustomerScript = { ...people.saysYes({ hangupAfterSeconds: 50 }), amd: { status: 'HUMAN', seconds: 100 } };
    const before = flow.results.items.length;
    const { report, commands } = await place(script);
    assert.deepEqual(commands, ['originate', CONTINUE_TO_AMD]);
    assert.equal(report.result, 'hangup');
    const recorded = flow.results.items.slice(before).filter((r) => r.callId === report.callId);
    assert.deepEqual(recorded.map((r) => r.result), ['hangup'], 'one result, reported once');
    assert.equal(flow.logger.find('info', /call already has a result/), undefined, 'no second result was tried');
  });
});
