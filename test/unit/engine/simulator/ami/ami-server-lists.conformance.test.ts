import assert from 'node:assert/strict';
import { AmiServer } from '../../../../../engine/src/simulator/ami/ami-server';
import type { SimRegistration } from '../../../../../engine/src/simulator/ami/ami-world-view';
import { ScriptedAmiWorld } from '../../../../../engine/src/simulator/ami/scripted-ami-world';
import { CaptureLogger } from '../../../../fakes/capture-logger';
import { header, readCapture, serverMessages } from '../../../../fixtures/ami/capture-file';
import { CaptureReplay, channelsFromList } from './support/replay';

const selfregAuth = { name: 'selfreg-auth', username: 'selfreg', password: 'selfreg-secret' };
const badregAuth = { name: 'badreg-auth', username: 'selfreg', password: 'wrong-password' };
const reg = (name: string, contactUser: string, status: SimRegistration['status'], auth: SimRegistration['auth']): SimRegistration => ({
  name, serverUri: 'sip:127.0.0.1:5060', clientUri: 'sip:selfreg@127.0.0.1:5060', status, contactUser, transport: 'transport-udp-5062',
  expiration: 120, retryInterval: 20, maxRetries: 10, nextReg: 0, auth,
});

/** The PJSIP configuration of the capture system (captures/README.md). */
function pjsipWorld(): ScriptedAmiWorld {
  return new ScriptedAmiWorld({
    endpoints: [
      { name: 'carrier-sim', transport: 'transport-udp', aor: '', contacts: [], deviceState: 'unavailable', activeChannels: 0 },
      { name: 'failtrunk', transport: 'transport-udp-5064', aor: 'failtrunk', contacts: ['failtrunk/sip:127.0.0.1:5060'], deviceState: 'not_in_use', activeChannels: 0 },
      { name: 'loopback', transport: 'transport-udp', aor: 'loopback', contacts: ['loopback/sip:127.0.0.1:5060'], deviceState: 'not_in_use', activeChannels: 0 },
      { name: 'selfreg', transport: 'transport-udp', aor: 'selfreg', auths: 'selfreg-auth', contacts: ['selfreg/sip:selfreg@127.0.0.1:5062'], deviceState: 'not_in_use', activeChannels: 0 },
      { name: 'sipp-uas', transport: 'transport-udp', aor: 'sipp-uas', contacts: ['sipp-uas/sip:127.0.0.1:5070'], deviceState: 'not_in_use', activeChannels: 0 },
    ],
    contacts: [{
      aor: 'selfreg', uri: 'sip:selfreg@127.0.0.1:5062', endpoint: 'selfreg', status: 'reachable', roundtripUsec: 580, viaAddr: '127.0.0.1', viaPort: 5062,
      callId: 'c40e6b4d-ce81-4726-b4a3-9b81360f5870', qualifyFrequency: 15, userAgent: 'Asterisk-20 local-test', expirationTime: 1795320295,
    }],
    registrations: [reg('badreg-out', 'badreg', 'rejected', badregAuth), reg('selfreg-out', 'selfreg', 'registered', selfregAuth)],
    aors: [
      { name: 'failtrunk', contacts: ['failtrunk/sip:127.0.0.1:5060'] },
      { name: 'loopback', contacts: ['loopback/sip:127.0.0.1:5060'] },
      { name: 'selfreg', contacts: ['selfreg/sip:selfreg@127.0.0.1:5062'], maxContacts: 1, qualifyFrequency: 15, removeExisting: true },
      { name: 'sipp-uas', contacts: ['sipp-uas/sip:127.0.0.1:5070'] },
    ],
  });
}

describe('AMI simulator conformance: lists (captures ami-02, ami-03a, ami-03b)', () => {
  let server: AmiServer | undefined;
  afterEach(() => server?.close());

  async function start(world: ScriptedAmiWorld): Promise<number> {
    server = new AmiServer({ world, logger: new CaptureLogger() });
    return (await server.listen()).port;
  }

  it('[ami-02] CoreShowChannels empty, with 6 channels (with and without ActionID), Hangup with a regex as a list', async () => {
    const world = new ScriptedAmiWorld();
    const items = serverMessages('ami-02-coreshowchannels.ami.txt').filter((h) => header(h, 'Event') === 'CoreShowChannel' && header(h, 'ActionID') === 'csc-2calls');
    // The two originated calls exist by the time of the second listing (the session has Events: off).
    world.onOriginate = (_req, w) => {
      if (w.originates.length === 2) w.channelList = channelsFromList(items, Date.now());
      return { ok: true };
    };
    const replay = new CaptureReplay('ami-02-coreshowchannels.ami.txt', { port: await start(world), world });
    const client = await replay.run();
    assert.equal(replay.compared, serverMessages('ami-02-coreshowchannels.ami.txt').length, 'every captured message compared');
    assert.deepEqual(world.hangups.map((h) => [h.channel, h.cause]), items.map((h) => [header(h, 'Channel'), 16]));
    assert.deepEqual(world.channels(), []);
    assert.equal(await client.closed(), true);
  });

  it('[ami-03a] PJSIPShowEndpoints, PJSIPShowContacts, PJSIPShowRegistrationsOutbound (+AuthDetail), PJSIPShowAors', async () => {
    const world = pjsipWorld();
    const replay = new CaptureReplay('ami-03a-pjsip-show.ami.txt', { port: await start(world), world });
    await replay.run();
    assert.equal(replay.compared, serverMessages('ami-03a-pjsip-show.ami.txt').length, 'every captured message compared');
  });

  it('[ami-03b] registration lost and regained: events, lists in between, "No Contacts found", unknown registration', async () => {
    const world = pjsipWorld();
    const selfreg = (status: SimRegistration['status']): void => {
      world.registrationList = [reg('badreg-out', 'badreg', 'rejected', badregAuth), reg('selfreg-out', 'selfreg', status, selfregAuth)];
    };
    const contacts = world.contactList;
    // The registration events come from the capture (pushed by the replay), not from the world's default.
    world.onRegistration = (name, _kind, w) => w.registrationList.some((r) => r.name === name);
    const beforeSend = (_i: number, request: string): void => {
      if (request.includes('PJSIPUnregister') && request.includes('selfreg-out')) {
        selfreg('unregistered');
        world.contactList = [];
      }
      if (request.includes('ActionID: regs-after-register')) {
        selfreg('registered');
        world.contactList = contacts;
      }
    };
    const replay = new CaptureReplay('ami-03b-registration-events.ami.txt', { port: await start(world), world, beforeSend });
    const client = await replay.run();
    assert.equal(replay.compared, serverMessages('ami-03b-registration-events.ami.txt').length, 'every captured message compared');
    // "No Contacts found" carries Asterisk's stray newline: byte-exact.
    const noContacts = client.messages.find((m) => m.raw.includes('No Contacts found'));
    const captured = readCapture('ami-03b-registration-events.ami.txt').find((e) => e.bytes.includes('No Contacts found'));
    assert.equal(noContacts?.raw.replace(/contacts-after-unregister/, ''), captured?.bytes.toString().replace(/contacts-after-unregister/, ''));
  });
});
