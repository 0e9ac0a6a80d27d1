import assert from 'node:assert/strict';
import { AmiServer } from '../../../../../engine/src/simulator/ami/ami-server';
import { ScriptedAmiWorld } from '../../../../../engine/src/simulator/ami/scripted-ami-world';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { header, serverMessages } from '../../../../fixtures/ami/capture-file';
import { RawAmiClient } from '../../../../fixtures/ami/raw-ami-client';
import { assertSameMessage } from './support/conformance';

const S1 = serverMessages('ami-05-restart.ami.txt', 'S1');
const S2 = serverMessages('ami-05-restart.ami.txt', 'S2');
const LOGIN = 'Action: Login\r\nUsername: engine\r\nSecret: engine-secret\r\nActionID: login\r\n\r\n';

describe('AMI simulator: core restart (captures ami-05)', () => {
  it('hangs up every channel (SoftHangupRequest cause 4, Hangup), answers "Asterisk is shutting down", sends Shutdown, closes without Goodbye, listens again on the same port with a boot window', async () => {
    const world = new ScriptedAmiWorld({
      channels: [
        { name: 'Local/60@caller-sim-00000000;1', uniqueid: 'cap-restart-1', linkedid: 'cap-restart-1', state: 'up', context: 'caller-sim', exten: '60', priority: 1, createdAt: Date.now() },
        { name: 'Local/60@caller-sim-00000000;2', uniqueid: 'cap-restart-1;2', linkedid: 'cap-restart-1', state: 'up', context: 'caller-sim', exten: '60', priority: 2, createdAt: Date.now() },
      ],
    });
    const server = new AmiServer({ world, logger: new CaptureLogger(), shutdownDelayMs: 300, bootDelayMs: 200 });
    const { port } = await server.listen();
    try {
      await new Promise((r) => setTimeout(r, 250)); // booted
      const c1 = await RawAmiClient.open(port);
      c1.send(LOGIN);
      assertSameMessage((await c1.next()).headers, S1[0], 'login');
      assert.equal(header((await c1.next()).headers, 'Event'), 'FullyBooted');
      await c1.next(); // SuccessfulAuth

      const down = server.shutdown({ restart: true });
      const soft = await c1.take(2);
      assert.deepEqual(soft.map((m) => [header(m.headers, 'Event'), header(m.headers, 'Cause')]), [['SoftHangupRequest', '4'], ['SoftHangupRequest', '4']]);
      assertSameMessage(soft[0].headers, S1.find((h) => header(h, 'Uniqueid') === 'cap-restart-1' && header(h, 'Event') === 'SoftHangupRequest')!, 'soft hangup');
      const hangups = await c1.take(2);
      assert.deepEqual(hangups.map((m) => [header(m.headers, 'Event'), header(m.headers, 'Cause'), header(m.headers, 'Cause-txt')]), [['Hangup', '0', 'Unknown'], ['Hangup', '0', 'Unknown']]);

      c1.send('Action: Ping\r\nActionID: ping-during-shutdown-1\r\n\r\n');
      assertSameMessage((await c1.next()).headers, S1.find((h) => header(h, 'ActionID') === 'ping-during-shutdown-1')!, 'ping during shutdown');
      assertSameMessage((await c1.next()).headers, S1.find((h) => header(h, 'Event') === 'Shutdown')!, 'Shutdown event');
      assert.equal(await c1.closed(), true);
      assert.ok(!c1.messages.some((m) => header(m.headers, 'Response') === 'Goodbye'), 'no Goodbye');
      await down;
      assert.equal(server.isListening(), false);
      assert.equal(world.listenerCount(), 0, 'a stopped server no longer listens to the world');

      await server.listen();
      assert.equal(server.address().port, port, 'restarted on the same port');
      const c2 = await RawAmiClient.open(port);
      c2.send(LOGIN.replace('ActionID: login', 'ActionID: login-after-restart'));
      assertSameMessage((await c2.next()).headers, S2[0], 'login in the boot window');
      assert.equal(header((await c2.next()).headers, 'Event'), 'SuccessfulAuth', 'no direct FullyBooted before boot');
      const booted = await c2.next();
      assertSameMessage(booted.headers, S2.find((h) => header(h, 'Event') === 'FullyBooted')!, 'broadcast FullyBooted (other header order, Uptime 0)');
      c2.send('Action: CoreShowChannels\r\nActionID: csc-after-restart\r\n\r\n');
      for (const expected of S2.filter((h) => header(h, 'ActionID') === 'csc-after-restart')) assertSameMessage((await c2.next()).headers, expected, 'csc after restart');
      c2.close();
    } finally {
      await server.close();
    }
  });
});
