import assert from 'node:assert/strict';
import { AmiServer } from '../../../../../engine/src/simulator/ami/ami-server';
import { ScriptedAmiWorld } from '../../../../../engine/src/simulator/ami/scripted-ami-world';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { header, serverMessages, type Headers } from '../../../../fixtures/ami/capture-file';
import { RawAmiClient } from '../../../../fixtures/ami/raw-ami-client';
import { assertSameMessage, channelFrom, worldEventFrom } from './support/conformance';
import { CaptureReplay } from './support/replay';

const ASYNC_CAPTURES = [
  'ami-04-originate-answered-local.ami.txt', 'ami-04-originate-answered-pjsip.ami.txt', 'ami-04-originate-app-form.ami.txt',
  'ami-04-originate-busy-dialplan.ami.txt', 'ami-04-originate-busy-pjsip.ami.txt', 'ami-04-originate-congestion-dialplan.ami.txt',
  'ami-04-originate-congestion-pjsip.ami.txt', 'ami-04-originate-failed-exten.ami.txt', 'ami-04-originate-noanswer-local.ami.txt',
  'ami-04-originate-noanswer-pjsip.ami.txt', 'ami-04-originate-unknown-endpoint.ami.txt', 'ami-07-amd.ami.txt',
];

/** Captured messages the server cannot produce from a world (PJSIP security events of other services). */
const countable = (h: Headers): boolean => !['ChallengeSent'].includes(header(h, 'Event') ?? '') && !(header(h, 'Event') === 'SuccessfulAuth' && header(h, 'Service') !== 'AMI');

describe('AMI simulator conformance: Originate and call events (captures ami-04-*, ami-07)', () => {
  let world: ScriptedAmiWorld;
  let server: AmiServer;
  let port: number;

  beforeEach(async () => {
    world = new ScriptedAmiWorld();
    server = new AmiServer({ world, logger: new CaptureLogger() });
    port = (await server.listen()).port;
  });
  afterEach(() => server.close());

  for (const capture of ASYNC_CAPTURES) {
    it(`[${capture.replace('.ami.txt', '')}] responses, rendered call events and OriginateResponse match header by header`, async () => {
      const replay = new CaptureReplay(capture, { port, world });
      const client = await replay.run();
      assert.equal(replay.compared, serverMessages(capture).filter(countable).length, 'every captured message compared');
      assert.equal(await client.closed(), true);
    });
  }

  it('OriginateResponse on failure names the requested Tech/data and the requested ChannelId (or <unknown>), Reason 0 for PJSIP', async () => {
    const client = await RawAmiClient.open(port);
    client.send('Action: Login\r\nUsername: engine\r\nSecret: engine-secret\r\nEvents: call\r\n\r\n');
    await client.next();
    client.send('Action: Originate\r\nActionID: x\r\nChannel: PJSIP/486@trunk\r\nContext: out\r\nExten: s\r\nPriority: 1\r\nChannelId: mine-1\r\nCallerID: "Acme" <4055550100>\r\nAsync: true\r\n\r\n');
    assert.equal(header((await client.next()).headers, 'Message'), 'Originate successfully queued');
    world.finishOriginate(world.accepted[0].ref, { answered: false, cause: 'busy' });
    const resp = (await client.next()).headers;
    assert.deepEqual(resp.filter(([n]) => n !== 'Timestamp'), [
      ['Event', 'OriginateResponse'], ['Privilege', 'call,all'], ['ActionID', 'x'], ['Response', 'Failure'], ['Channel', 'PJSIP/486@trunk'],
      ['Context', 'out'], ['Exten', 's'], ['Reason', '0'], ['Uniqueid', 'mine-1'], ['CallerIDNum', '4055550100'], ['CallerIDName', 'Acme'],
    ]);
    assert.deepEqual(world.accepted[0].variables, {});
    client.close();
  });

  it('[ami-04-originate-sync-busy] a synchronous Originate blocks: its response comes first, the call events after it; no OriginateResponse', async () => {
    const messages = serverMessages('ami-04-originate-sync-busy.ami.txt');
    const client = await RawAmiClient.open(port);
    client.send('Action: Login\r\nUsername: engine\r\nSecret: engine-secret\r\nActionID: login\r\n\r\n');
    await client.take(3);
    const runs: Array<{ request: string; actionId: string }> = [
      { request: 'Action: Originate\r\nActionID: orig-sync-busy\r\nChannel: PJSIP/486@failtrunk\r\nContext: cap-park\r\nExten: s\r\nPriority: 1\r\nTimeout: 15000\r\n\r\n', actionId: 'orig-sync-busy' },
      { request: 'Action: Originate\r\nActionID: orig-sync-busy-2\r\nChannel: Local/100@customer-sim\r\nApplication: Wait\r\nData: 1\r\nTimeout: 15000\r\n\r\n', actionId: 'orig-sync-busy-2' },
    ];
    let from = messages.findIndex((h) => header(h, 'ActionID') === 'orig-sync-busy');
    for (const [i, run] of runs.entries()) {
      const response = messages[from];
      const nextId = runs[i + 1]?.actionId;
      const next = messages.findIndex((h, k) => k > from && ((nextId !== undefined && header(h, 'ActionID') === nextId) || header(h, 'Response') === 'Goodbye'));
      const events = messages.slice(from + 1, next);
      client.send(run.request);
      while (world.accepted.length <= i) await new Promise((r) => setTimeout(r, 5));
      // Everything happens while the session is blocked in the Originate...
      for (const h of events) {
        const ev = worldEventFrom(h);
        if (ev) world.emit(ev);
      }
      await new Promise((r) => setTimeout(r, 30));
      assert.deepEqual(client.unread(), [], 'nothing is written while a sync Originate blocks');
      const answered = header(response, 'Response') === 'Success';
      world.finishOriginate(world.accepted[i].ref, answered ? { answered: true, channel: channelFrom(events[0]) } : { answered: false, cause: 'busy' });
      // ...and is written after the response.
      for (const expected of [response, ...events]) assertSameMessage((await client.next()).headers, expected, `sync run ${i}`);
      from = next;
    }
    client.close();
  });
});
