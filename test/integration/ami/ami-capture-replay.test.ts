import 'reflect-metadata';
import assert from 'node:assert/strict';
import { AmiClient } from '../../../engine/src/adapters/asterisk/ami/ami-client';
import { AmiConnection } from '../../../engine/src/adapters/asterisk/ami/ami-connection';
import { mapAmiEvent } from '../../../engine/src/adapters/asterisk/ami/ami-event-map';
import type { AmiFrame } from '../../../engine/src/adapters/asterisk/ami/ami-frame';
import { AMI_DEFAULT_PARSER_LIMITS } from '../../../engine/src/adapters/asterisk/ami/ami-frame-parser';
import { AmiLineMonitor } from '../../../engine/src/adapters/asterisk/ami/ami-line-monitor.adapter';
import { showChannels, showContacts, showEndpoints, showRegistrations } from '../../../engine/src/adapters/asterisk/ami/ami-queries';
import { isEngineError } from '../../../engine/src/errors';
import type { ChannelEnded } from '../../../engine/src/ports/line-monitor.port';
import { CaptureLogger } from '../../fakes/capture-logger';
import { CaptureReplayServer } from '../../fixtures/ami/capture-replay-server';

async function until(cond: () => boolean, ms = 3000): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error('condition not reached in time');
    await new Promise((r) => setTimeout(r, 5));
  }
}

describe('AMI adapter against byte-exact Asterisk 20.20.1 captures (replayed over TCP)', () => {
  let server: CaptureReplayServer;
  let ami: AmiConnection;

  async function connect(capture: string, opts: ConstructorParameters<typeof CaptureReplayServer>[1] = {}): Promise<void> {
    server = new CaptureReplayServer(capture, opts);
    const port = await server.listen();
    ami = new AmiConnection({ host: '127.0.0.1', port, username: 'engine', secret: 'engine-secret', logger: new CaptureLogger(), instanceId: 'test' });
    const up = new Promise<void>((resolve) => ami.onConnected(() => resolve()));
    ami.start();
    await up;
  }

  afterEach(async () => {
    await ami?.stop();
    await server?.close();
  });

  it('ami-02: CoreShowChannels collected into arrays: 0 channels, then 6 typed channels', async () => {
    await connect('ami-02-coreshowchannels.ami.txt');
    assert.deepEqual(await showChannels(ami), []);
    const six = await showChannels(ami);
    assert.equal(six.length, 6);
    assert.deepEqual(six.map((c) => [c.name, c.state, c.linkedId]), [
      ['Local/1000@operator-sim-0000000c;1', 'up', '1795320207.53'],
      ['Local/1000@operator-sim-0000000c;2', 'up', '1795320207.53'],
      ['PJSIP/loopback-0000001c', 'up', '1795320207.52'],
      ['PJSIP/loopback-0000001e', 'up', '1795320207.53'],
      ['PJSIP/loopback-0000001d', 'up', '1795320207.55'],
      ['PJSIP/loopback-0000001f', 'up', '1795320207.57'],
    ]);
    assert.ok(server.requests.every((r) => r.actionId === undefined || /^test-\d+$/.test(r.actionId)), 'our own ActionIDs');
  });

  it('ami-03a: registrations Registered/Rejected, 5 endpoints, 1 contact', async () => {
    await connect('ami-03a-pjsip-show.ami.txt');
    const [regs, eps, contacts] = await Promise.all([showRegistrations(ami), showEndpoints(ami), showContacts(ami)]);
    assert.deepEqual(regs.map((r) => [r.name, r.state]), [['badreg-out', 'rejected'], ['selfreg-out', 'registered']]);
    assert.equal(eps.length, 5);
    assert.deepEqual(contacts.map((c) => [c.aor, c.state, c.roundtripUsec]), [['selfreg', 'reachable', 580]]);
  });

  it('ami-03b: "No Contacts found" is an empty list; PJSIPUnregister answers, then its events flow', async () => {
    await connect('ami-03b-registration-events.ami.txt');
    const events: AmiFrame[] = [];
    ami.onEvent((f) => f.event !== 'FullyBooted' && events.push(f));
    const res = await ami.action({ action: 'PJSIPUnregister', fields: { Registration: 'selfreg-out' } });
    assert.equal(res.get('Message'), 'Unregistration sent');
    await until(() => events.length >= 3);
    assert.deepEqual(events.map((e) => mapAmiEvent(e)?.kind), ['peer.status', 'registry', 'contact.status']);
    assert.deepEqual((await showRegistrations(ami)).map((r) => r.state), ['rejected', 'unregistered']);
    assert.deepEqual(await showContacts(ami), []);
  });

  it('ami-04 busy PJSIP: the line monitor turns OriginateResponse + Hangup cause 17 into a busy end of the ChannelId-tagged channel', async () => {
    server = new CaptureReplayServer('ami-04-originate-busy-pjsip.ami.txt', { pushAfterLogin: ['originate'] });
    const port = await server.listen();
    ami = new AmiConnection({ host: '127.0.0.1', port, username: 'engine', secret: 'x', logger: new CaptureLogger() });
    const monitor = new AmiLineMonitor({ connection: ami, logger: new CaptureLogger(), bootWaitMs: 10 });
    const ended: ChannelEnded[] = [];
    const responses: AmiFrame[] = [];
    monitor.on('channel.ended', (e) => ended.push(e));
    ami.onEvent((f) => f.event === 'OriginateResponse' && responses.push(f));
    await monitor.start();
    await until(() => ended.length === 3 && responses.length === 3);
    const mine = ended.find((e) => e.channel.id === 'cap-busy-2');
    assert.deepEqual([mine?.cause, mine?.techCause, mine?.dialStatus, mine?.outcome, mine?.known], [17, 486, 'busy', 'busy', true]);
    const r2 = mapAmiEvent(responses[1]);
    assert.ok(r2?.kind === 'originate.response');
    assert.deepEqual([r2.success, r2.reason, r2.uniqueId, r2.channel], [false, 0, 'cap-busy-2', 'PJSIP/486@failtrunk']);
    assert.equal(monitor.endedChannel('cap-busy-2')?.outcome, 'busy');
    await monitor.stop();
  });

  it('ami-01 s1: a rejected login is CE_AMI_LOGIN_FAILED', async () => {
    server = new CaptureReplayServer('ami-01-login-events.ami.txt', { tag: 's1' });
    const port = await server.listen();
    const client = new AmiClient(
      { host: '127.0.0.1', port, username: 'engine', secret: 'wrong-secret', events: 'on', connectTimeoutMs: 1000, actionTimeoutMs: 3000, limits: AMI_DEFAULT_PARSER_LIMITS, nextActionId: () => 'id-1', logger: new CaptureLogger() },
      { onEvent: () => undefined, onClose: () => undefined },
    );
    await assert.rejects(client.connect(), (err: unknown) => isEngineError(err, 'CE_AMI_LOGIN_FAILED'));
    assert.equal(client.isOpen(), false);
  });
});
