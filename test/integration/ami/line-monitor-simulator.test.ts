import assert from 'node:assert/strict';
import { AmiConnection } from '../../../engine/src/adapters/asterisk/ami/ami-connection';
import { AmiLineMonitor } from '../../../engine/src/adapters/asterisk/ami/ami-line-monitor.adapter';
import type { LineMonitorEventName, LineMonitorEvents } from '../../../engine/src/ports/line-monitor.port';
import { AmiServer } from '../../../engine/src/simulator/ami/ami-server';
import type { SimChannel } from '../../../engine/src/simulator/ami/ami-world-view';
import { ScriptedAmiWorld } from '../../../engine/src/simulator/ami/scripted-ami-world';
import { CaptureLogger } from '../../fakes/capture-logger';

const LINE = '02191302954';

function channel(n: number, over: Partial<SimChannel> = {}): SimChannel {
  const id = `call-${n}`;
  return { name: `PJSIP/TO-CUCM-Gaptel-0000000${n}`, uniqueid: id, linkedid: id, state: 'down', callerIdNum: '2191302954', context: 'from-engine', exten: 's', priority: 1, createdAt: Date.now(), ...over };
}

type Seen = { [E in LineMonitorEventName]: Array<LineMonitorEvents[E]> };

describe('AMI line monitor end to end against the simulator AMI server', function () {
  this.timeout(30_000);
  let world: ScriptedAmiWorld;
  let server: AmiServer;
  let monitor: AmiLineMonitor;
  let seen: Seen;

  async function until(cond: () => boolean, ms = 3000): Promise<number> {
    const start = Date.now();
    while (!cond()) {
      if (Date.now() - start > ms) throw new Error('condition not reached in time');
      await new Promise((r) => setTimeout(r, 5));
    }
    return Date.now() - start;
  }

  beforeEach(async () => {
    world = new ScriptedAmiWorld({
      registrations: [{ name: 'trunk-reg', serverUri: 'sip:carrier.example:5060', clientUri: 'sip:2191302954@carrier.example', status: 'registered' }],
      endpoints: [{ name: 'TO-CUCM-Gaptel', transport: 'udp', aor: 'TO-CUCM-Gaptel', contacts: ['TO-CUCM-Gaptel/sip:carrier.example:5060'], deviceState: 'not_in_use', activeChannels: 0 }],
    });
    server = new AmiServer({ world, logger: new CaptureLogger(), users: [{ username: 'engine', secret: 'pw' }], shutdownDelayMs: 100 });
    const { port } = await server.listen();
    const ami = new AmiConnection({ host: '127.0.0.1', port, username: 'engine', secret: 'pw', logger: new CaptureLogger(), backoff: { initialMs: 100, maxMs: 500, factor: 2, jitter: 0.1 } });
    monitor = new AmiLineMonitor({ connection: ami, logger: new CaptureLogger(), lines: [LINE], bootWaitMs: 100 });
    seen = {} as Seen;
    for (const name of ['registration.changed', 'line.usage.changed', 'channel.ended', 'channel.recovered', 'asterisk.booted', 'asterisk.shutdown', 'connection.lost', 'connection.restored', 'state.resynced', 'endpoint.changed', 'contact.changed'] as const) {
      (seen as Record<string, unknown[]>)[name] = [];
      monitor.on(name, (p) => (seen[name] as unknown[]).push(p));
    }
    await monitor.start();
    await until(() => seen['state.resynced'].length > 0);
  });

  afterEach(async () => {
    await monitor.stop();
    await server.close();
  });

  it('reads the trunk state at connect and follows calls: usage per line, causes and outcomes', async () => {
    assert.deepEqual(monitor.registrations().map((r) => [r.name, r.state]), [['trunk-reg', 'registered']]);
    assert.deepEqual(monitor.endpoints().map((e) => [e.name, e.state]), [['TO-CUCM-Gaptel', 'not_in_use']]);
    assert.equal(monitor.connectionStatus().pbxBooted, true);
    assert.equal(seen['asterisk.booted'].length, 1);

    world.addChannel(channel(1));
    await until(() => monitor.lineUsage()[0].channels === 1);
    world.setChannelState(channel(1).name, 'up');
    world.endChannel(channel(1).name, 16);
    world.addChannel(channel(2));
    world.endChannel(channel(2).name, 17, 486);
    await until(() => seen['channel.ended'].length === 2);
    assert.deepEqual(seen['channel.ended'].map((e) => [e.channel.id, e.cause, e.techCause, e.outcome, e.channel.line]), [
      ['call-1', 16, undefined, 'completed', LINE],
      ['call-2', 17, 486, 'busy', LINE],
    ]);
    assert.deepEqual(seen['line.usage.changed'].map((u) => u.channels), [1, 0, 1, 0]);
    assert.deepEqual(monitor.endpointUsage(), []);

    world.setRegistrationStatus('trunk-reg', 'rejected');
    await until(() => seen['registration.changed'].length === 2);
    assert.deepEqual(seen['registration.changed'][1].previous, 'registered');
    assert.equal(monitor.registration('trunk-reg')?.state, 'rejected');
  });

  it('restart: the PBX goes away for 3 s; the monitor is logged in again within 2 s of it listening, events flow, state resynced', async () => {
    world.addChannel(channel(3, { state: 'up' }));
    await until(() => monitor.channels().length === 1);
    await server.shutdown({ restart: true });
    await until(() => seen['connection.lost'].length === 1);
    assert.equal(seen['asterisk.shutdown'].length, 1);
    assert.deepEqual(seen['channel.ended'].map((e) => [e.channel.id, e.known, e.outcome]), [['call-3', true, 'completed']], 'the restart hung the call up (seen)');
    assert.equal(monitor.isConnected(), false);

    // While "Asterisk" is down: the trunk re-registers with other state, and a new call exists after boot.
    world.registrationList = [{ ...world.registrationList[0], status: 'unregistered' }];
    world.channelList = [channel(4, { state: 'ringing' })];
    await new Promise((r) => setTimeout(r, 3000));
    await server.listen();
    const loginMs = await until(() => monitor.isConnected(), 2000);
    await until(() => seen['state.resynced'].length >= 2);
    assert.ok(loginMs <= 2000, `logged in ${loginMs} ms after the server listened`);
    assert.equal(seen['connection.restored'].length, 1);
    assert.deepEqual(monitor.channels().map((c) => [c.id, c.state]), [['call-4', 'ringing']]);
    assert.equal(monitor.registration('trunk-reg')?.state, 'unregistered');
    assert.deepEqual(monitor.lineUsage(), [{ line: LINE, channels: 1 }]);
    world.endChannel(channel(4).name, 19);
    await until(() => seen['channel.ended'].length === 2);
    assert.deepEqual(seen['channel.ended'][1].outcome, 'missed', 'events flow again after the restart');
  });

  it('a dropped connection marks tracked channels ended-unknown; after reconnect the survivors are recovered', async () => {
    world.addChannel(channel(5, { state: 'up' }));
    world.addChannel(channel(6, { state: 'up' }));
    await until(() => monitor.channels().length === 2);
    await server.close(); // a crash / network cut: no hangups seen
    await until(() => seen['connection.lost'].length === 1);
    assert.deepEqual(seen['channel.ended'].map((e) => [e.channel.id, e.known, e.outcome]), [['call-5', false, 'unknown'], ['call-6', false, 'unknown']]);
    assert.deepEqual(monitor.lineUsage(), [{ line: LINE, channels: 0 }]);
    world.channelList = world.channelList.filter((c) => c.uniqueid === 'call-5'); // call-6 ended while we were away
    await server.listen();
    await until(() => seen['state.resynced'].length >= 2);
    assert.deepEqual(seen['channel.recovered'].map((r) => r.channel.id), ['call-5']);
    assert.deepEqual(monitor.channels().map((c) => c.id), ['call-5']);
    assert.equal(monitor.endedChannel('call-6')?.known, false);
    assert.equal(monitor.endedChannel('call-5'), undefined);
  });
});
