import 'reflect-metadata';
import assert from 'node:assert/strict';
import type { CallReport } from '../../../engine/src/call/call-report';
import { isEngineError } from '../../../engine/src/errors';
import type { CallEvent } from '../../../engine/src/ports/call-event';
import { customerBehaviours } from '../../../engine/src/simulator/core/customer-script';
import type { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import { callRuntime, type CallRuntime } from './support/call-runtime';
import { engineConfigFor } from './support/engine-config';
import { connectAmi, connectAri, LINE, startPbx, TRUNK, until, type AmiLink, type AriLink } from './support/pbx-harness';

const CUSTOMER = '09121234567';
const DOWN_MS = 3_000;
/** Simulated ms at speed 0.02: 500 ms of HTML 404, then 500 ms of 503 (real time). */
const BOOT = { html404Ms: 25_000, notBootedMs: 25_000 };
const BOOT_REAL_MS = 1_000;

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('PBX simulator: "Asterisk" killed for 3 s and restarted under the engine adapters', function () {
  this.timeout(30_000);
  let sim: PbxSimulator;
  let ari: AriLink;
  let ami: AmiLink;
  let calls: CallRuntime;
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => void unhandled.push(reason);

  before(() => process.on('unhandledRejection', onUnhandled));
  after(() => process.off('unhandledRejection', onUnhandled));

  beforeEach(async () => {
    unhandled.length = 0;
    // The first prompt lasts an hour: the session is waiting for its end when the PBX dies.
    sim = await startPbx({ bootWindow: BOOT, media: { durations: { 'custom/academy/hello': 3600 } } });
    sim.script(CUSTOMER, customerBehaviours.staysSilent({ ringSeconds: 1 }));
    ari = await connectAri(sim);
    ami = await connectAmi(sim);
    calls = callRuntime(engineConfigFor(sim, 0), ari.adapter);
  });

  afterEach(async () => {
    calls.service.stop();
    await ari.adapter.stop();
    await ami.monitor.stop();
    await sim.stop();
  });

  it('ARI and AMI are back within 2 s of the PBX listening again, the vanished call is settled, events flow, nothing crashed', async () => {
    const done: Promise<CallReport> = calls.service.placeOutbound({ phone: CUSTOMER, endpoint: `PJSIP/${CUSTOMER}@${TRUNK}`, callerId: LINE, line: LINE, attemptId: 'r-1' });
    const channelId = 'salehi-r-1';
    await ari.waitFor('playback.started', channelId);
    await ami.seen['line.usage.changed'].waitFor((u) => u.channels === 1);

    await sim.kill();
    await ami.seen['connection.lost'].waitFor(() => true, 2000, 'AMI connection.lost');
    await ari.events.waitFor((e) => e.type === 'connection.lost', 2000, 'ARI connection.lost');
    const unknownEnd = await ami.seen['channel.ended'].waitFor((e) => e.channel.id === channelId);
    assert.deepEqual([unknownEnd.known, unknownEnd.outcome], [false, 'unknown']);
    assert.equal(calls.reports.length, 0, 'the session waits: a lost link is not the end of the call');
    await sleep(DOWN_MS);
    assert.equal(ari.adapter.isConnected() || ami.monitor.isConnected(), false);

    const listening = Date.now();
    const restarted = sim.restart();
    let bootedAtLogin: boolean | undefined;
    const [ariMs, amiMs] = await Promise.all([
      until(() => ari.adapter.isConnected(), 5000, 'ARI reconnected'),
      until(() => {
        const up = ami.monitor.isConnected();
        if (up) bootedAtLogin ??= ami.monitor.connectionStatus().pbxBooted;
        return up;
      }, 5000, 'AMI reconnected'),
    ]);
    await restarted;
    assert.ok(ariMs <= 2000 && amiMs <= 2000, `ARI back after ${ariMs} ms, AMI after ${amiMs} ms (bound 2000)`);
    assert.ok(ariMs >= BOOT_REAL_MS - 100, `ARI cannot be back before its boot window ends (${ariMs} ms)`);
    await ami.seen['asterisk.booted'].waitFor(() => ami.seen['asterisk.booted'].items.length === 2, 3000, 'FullyBooted after the restart');
    assert.equal(ami.seen['connection.restored'].items.length, 1);
    assert.equal(bootedAtLogin, false, 'AMI logged in during the boot window; FullyBooted came after the login');
    assert.equal(ami.monitor.connectionStatus().pbxBooted, true);

    const vanished = await ari.events.waitFor<Extract<CallEvent, { type: 'call.ended' }>>((e) => e.type === 'call.ended' && e.channelId === channelId, 3000, 'the vanished call.ended');
    assert.deepEqual([vanished.vanished, vanished.cause], [true, 0]);
    const report = await done;
    assert.equal(report.callId, 'r-1');
    assert.ok(report.result.length > 0, 'the call got a result');
    assert.equal(calls.registry.size(), 0);

    sim.script('09129999999', customerBehaviours.staysSilent({ ringSeconds: 1 }));
    await ari.adapter.originate({ channelId: 'after-1', endpoint: `PJSIP/09129999999@${TRUNK}`, callerId: LINE, appArgs: ['probe'] });
    await ari.waitFor('call.entered', 'after-1');
    await until(() => ami.monitor.lineUsage()[0]?.channels === 1, 3000, 'AMI counts the new call');
    await ari.adapter.hangup('after-1');
    await ari.waitFor('call.ended', 'after-1');
    await until(() => ami.monitor.lineUsage()[0]?.channels === 0, 3000, 'AMI sees it end');
    assert.deepEqual(unhandled, [], 'no unhandled promise rejection anywhere');
    assert.ok(Date.now() - listening < 10_000);
  });

  it('core restart: the call is hung up with cause 0 before the links drop (seen, not vanished), AMI says Shutdown, both come back', async () => {
    const done = calls.service.placeOutbound({ phone: CUSTOMER, endpoint: `PJSIP/${CUSTOMER}@${TRUNK}`, callerId: LINE, line: LINE, attemptId: 'r-2' });
    await ari.waitFor('playback.started', 'salehi-r-2');
    await sim.coreRestart({ downMs: 5_000, boot: { html404Ms: 5_000, notBootedMs: 5_000 } });
    const ended = await ari.waitFor('call.ended', 'salehi-r-2');
    assert.deepEqual([ended.cause, ended.vanished], [0, false]);
    const shutdown = await ami.seen['asterisk.shutdown'].waitFor(() => true);
    assert.equal(shutdown.restart, true);
    const amiEnd = await ami.seen['channel.ended'].waitFor((e) => e.channel.id === 'salehi-r-2');
    assert.deepEqual([amiEnd.known, amiEnd.cause], [true, 0]);
    const report = await done;
    assert.equal(report.cause, 0);
    await until(() => ari.adapter.isConnected() && ami.monitor.isConnected(), 3000, 'both links back');
    await ami.seen['connection.restored'].waitFor(() => true);
    assert.deepEqual(unhandled, []);
  });

  it('a port already taken is CE_SIM_LISTEN_FAILED, for ARI and for AMI', async () => {
    for (const ports of [{ ariPort: sim.ariPort }, { amiPort: sim.amiPort }]) {
      await assert.rejects(startPbx(ports), (err: unknown) => isEngineError(err, 'CE_SIM_LISTEN_FAILED'));
    }
  });
});
