import assert from 'node:assert/strict';
import { AmiServer } from '../../../../../engine/src/simulator/ami/ami-server';
import { ScriptedAmiWorld } from '../../../../../engine/src/simulator/ami/scripted-ami-world';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { readCapture, serverMessages } from '../../../../fixtures/ami/capture-file';
import { RawAmiClient } from '../../../../fixtures/ami/raw-ami-client';
import { CaptureReplay } from './support/replay';

const VERSION = 'Asterisk 20.20.1 built by root @ vm on a x86_64 running Linux on 2026-11-22 03:23:33 UTC';

describe('AMI simulator conformance: login, event masks, errors (captures ami-01, ami-01b, ami-06)', () => {
  let world: ScriptedAmiWorld;
  let server: AmiServer;
  let port: number;

  beforeEach(async () => {
    world = new ScriptedAmiWorld();
    server = new AmiServer({ world, logger: new CaptureLogger(), users: [{ username: 'engine', secret: 'engine-secret' }], versionText: VERSION });
    port = (await server.listen()).port;
  });
  afterEach(() => server.close());

  for (const tag of ['s1', 's1b']) {
    it(`[${tag}] a wrong login gets "Authentication failed" after 1 s, then the server closes`, async () => {
      const started = Date.now();
      const client = await new CaptureReplay('ami-01-login-events.ami.txt', { port, world, tag }).run();
      const waited = Date.now() - started;
      assert.ok(waited >= 950, `error came after ${waited} ms`);
      assert.equal(await client.closed(), true);
    });
  }

  it('[s2] Events: off, UserEvent, Events on / class list / off, Ping, Already authenticated, Logoff', async () => {
    const replay = new CaptureReplay('ami-01-login-events.ami.txt', { port, world, tag: 's2' });
    const client = await replay.run();
    assert.equal(replay.compared, serverMessages('ami-01-login-events.ami.txt', 's2').length, 'every captured message compared');
    assert.equal(await client.closed(), true, 'Logoff closes the connection');
    assert.deepEqual(client.unread(), []);
  });

  for (const tag of ['s3', 's4']) {
    it(`[${tag}] login with default / "on" events: direct FullyBooted without Timestamp, SuccessfulAuth, Permission denied before login`, async () => {
      const replay = new CaptureReplay('ami-01-login-events.ami.txt', { port, world, tag });
      const client = await replay.run();
      assert.equal(replay.compared, serverMessages('ami-01-login-events.ami.txt', tag).length, 'every captured message compared');
      assert.equal(await client.closed(), true);
    });
  }

  it('[ami-01b] closes an idle unauthenticated socket after authtimeout without a word', async () => {
    await server.close();
    server = new AmiServer({ world, logger: new CaptureLogger(), authTimeoutMs: 300 });
    port = (await server.listen()).port;
    const client = await RawAmiClient.open(port);
    const opened = Date.now();
    assert.equal(await client.closed(2000), true);
    assert.ok(Date.now() - opened >= 250);
    assert.equal(client.banner, readCapture('ami-01b-authtimeout.ami.txt')[0].bytes.toString());
    assert.deepEqual(client.messages, []);
  });

  it('[ami-06] unknown action, lower-case names, missing Action, garbage line, bare LF, no blank after colon, Originate validation, Getvar/Hangup errors, Command', async () => {
    world.onOriginate = (req) => (req.target.kind === 'exten' && req.target.context === 'nosuchcontext' ? { ok: false, error: 'no_extension' } : { ok: true });
    // o7's failure happens while the session has Events: off, so Asterisk never shows it.
    const beforeSend = (_i: number, request: string): void => {
      if (request.includes('ActionID: ev\r')) world.finishOriginate(world.accepted[0].ref, { answered: false, cause: 'failed' });
    };
    const replay = new CaptureReplay('ami-06-errors.ami.txt', { port, world, beforeSend });
    const client = await replay.run();
    assert.equal(replay.compared, serverMessages('ami-06-errors.ami.txt').length, 'every captured message compared');
    assert.deepEqual(world.originates.map((o) => o.channel), ['PJSIP/100@loopback', 'FOO/bar', 'FOO/bar'], 'syntax errors never reach the world');
    assert.equal(await client.closed(), true);
  });

  it('Setvar/Getvar on a channel and globally, Hangup of one channel, UserEvent without a name', async () => {
    world.channelList = [{ name: 'PJSIP/t-00000001', uniqueid: 'u1', linkedid: 'u1', state: 'up', context: 'c', exten: 's', priority: 1, createdAt: Date.now() }];
    const client = await RawAmiClient.open(port);
    const ask = async (text: string): Promise<Array<[string, string]>> => {
      client.send(`${text}\r\n\r\n`);
      return (await client.next()).headers;
    };
    await ask('Action: Login\r\nUsername: engine\r\nSecret: engine-secret\r\nEvents: off');
    assert.deepEqual(await ask('Action: Setvar\r\nActionID: s1\r\nChannel: PJSIP/t-00000001\r\nVariable: X\r\nValue: 42'), [['Response', 'Success'], ['ActionID', 's1'], ['Message', 'Variable Set']]);
    assert.deepEqual(await ask('Action: Getvar\r\nActionID: g1\r\nChannel: PJSIP/t-00000001\r\nVariable: X'), [['Response', 'Success'], ['ActionID', 'g1'], ['Variable', 'X'], ['Value', '42']]);
    assert.deepEqual(await ask('Action: Setvar\r\nVariable: G\r\nValue: v'), [['Response', 'Success'], ['Message', 'Variable Set']]);
    assert.deepEqual(await ask('Action: Getvar\r\nVariable: G'), [['Response', 'Success'], ['Variable', 'G'], ['Value', 'v']]);
    assert.deepEqual(await ask('Action: Setvar\r\nChannel: PJSIP/nope-1\r\nVariable: X'), [['Response', 'Error'], ['Message', 'No such channel']]);
    assert.deepEqual(await ask('Action: Getvar\r\nChannel: PJSIP/t-00000001'), [['Response', 'Error'], ['Message', 'No variable specified']]);
    assert.deepEqual(await ask('Action: Hangup\r\nChannel: PJSIP/t-00000001\r\nCause: 17'), [['Response', 'Success'], ['Message', 'Channel Hungup']]);
    assert.deepEqual(world.hangups, [{ channel: 'PJSIP/t-00000001', cause: 17 }]);
    assert.deepEqual(await ask('Action: Hangup'), [['Response', 'Error'], ['Message', 'No channel specified']]);
    assert.deepEqual(await ask('Action: UserEvent'), [['Response', 'Error'], ['Message', 'Missing UserEvent']]);
    client.close();
  });

  it('refuses more unauthenticated sessions than authLimit', async () => {
    await server.close();
    server = new AmiServer({ world, logger: new CaptureLogger(), authLimit: 2 });
    port = (await server.listen()).port;
    const a = await RawAmiClient.open(port);
    const b = await RawAmiClient.open(port);
    const c = await RawAmiClient.open(port);
    assert.equal(await c.closed(1000), true);
    assert.equal(c.banner, undefined);
    assert.equal(await a.closed(100), false);
    a.close();
    b.close();
  });

  it('MD5 challenge login works; a wrong key fails', async () => {
    const client = await RawAmiClient.open(port);
    client.send('Action: Challenge\r\nAuthType: MD5\r\nActionID: ch\r\n\r\n');
    const challenge = (await client.next()).headers.find(([n]) => n === 'Challenge')?.[1] ?? '';
    const { createHash } = await import('node:crypto');
    const key = createHash('md5').update(`${challenge}engine-secret`).digest('hex');
    client.send(`Action: Login\r\nAuthType: MD5\r\nUsername: engine\r\nKey: ${key}\r\nEvents: off\r\nActionID: l\r\n\r\n`);
    assert.deepEqual((await client.next()).headers, [['Response', 'Success'], ['ActionID', 'l'], ['Message', 'Authentication accepted']]);
    client.close();
    await server.close();
    server = new AmiServer({ world, logger: new CaptureLogger(), authFailDelayMs: 20 });
    port = (await server.listen()).port;
    const bad = await RawAmiClient.open(port);
    bad.send('Action: Challenge\r\nAuthType: MD5\r\n\r\n');
    await bad.next();
    bad.send(`Action: Login\r\nAuthType: MD5\r\nUsername: engine\r\nKey: ${key}\r\n\r\n`);
    assert.deepEqual((await bad.next()).headers, [['Response', 'Error'], ['Message', 'Authentication failed']]);
    assert.equal(await bad.closed(), true);
  });
});
