import 'reflect-metadata';
import assert from 'node:assert/strict';
import { AriSimulator } from '../../../engine/src/simulator/ari/ari-simulator';
import { customerBehaviours, operatorBehaviours } from '../../../engine/src/simulator/core/customer-script';

const USER = { username: 'engine', password: 'engine-secret' };

/** The slice of ari-client this test uses (the package ships no types). */
interface AriClientLike {
  readonly channels: Record<string, (options?: object) => Promise<unknown>>;
  readonly bridges: Record<string, (options?: object) => Promise<unknown>>;
  readonly recordings: Record<string, (options?: object) => Promise<unknown>>;
  readonly asterisk: Record<string, (options?: object) => Promise<unknown>>;
  on(event: string, listener: (...args: never[]) => void): void;
  removeListener(event: string, listener: (...args: never[]) => void): void;
  start(app: string): Promise<void>;
  stop(): void;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const ari = require('ari-client') as { connect(url: string, user: string, pass: string): Promise<AriClientLike> };

interface AnyResource {
  readonly id?: string;
  readonly state?: string;
  readonly [key: string]: unknown;
}
type Client = AriClientLike;

function once<T>(client: Client, event: string, pred: (e: Record<string, unknown>, r: T) => boolean = () => true): Promise<[Record<string, unknown>, T]> {
  return new Promise((resolve) => {
    const listener = (e: Record<string, unknown>, r: T): void => {
      if (!pred(e, r)) return;
      client.removeListener(event, listener);
      resolve([e, r]);
    };
    client.on(event, listener);
  });
}

/** ari-client (swagger-client 2.0.26) loads our Swagger docs, builds its methods and speaks to us. */
describe('simulator ARI with the ari-client library', function () {
  this.timeout(20_000);
  let sim: AriSimulator;
  let client: Client;

  before(async () => {
    sim = await AriSimulator.start({ speed: 0.01, users: [USER] });
    sim.script('0912', customerBehaviours.saysNo({ ringSeconds: 1 })).script('200', operatorBehaviours.answers(1));
    client = await ari.connect(sim.url, USER.username, USER.password);
    await client.start('salehi');
  });

  after(async () => {
    client.stop();
    await sim.stop();
  });

  it('builds every resource of our docs with the operations of the engine', () => {
    const api = client as unknown as Record<string, Record<string, unknown>>;
    for (const [resource, ops] of Object.entries({
      channels: ['originate', 'create', 'get', 'list', 'hangup', 'answer', 'play', 'record', 'continueInDialplan', 'getChannelVar', 'setChannelVar'],
      bridges: ['create', 'addChannel', 'removeChannel', 'destroy', 'play'],
      playbacks: ['get', 'stop', 'control'],
      recordings: ['getStored', 'getStoredFile', 'deleteStored', 'stop', 'cancel'],
      asterisk: ['ping', 'getInfo'],
      applications: ['get', 'list'],
      endpoints: ['list', 'listByTech'],
    })) {
      for (const op of ops) assert.equal(typeof api[resource]?.[op], 'function', `${resource}.${op}`);
    }
  });

  it('originates, gets StasisStart with a Channel instance, plays and records through that instance', async () => {
    const started = once<AnyResource>(client, 'StasisStart', (_e, ch) => ch.id === 'att-1');
    const channel = (await client.channels.originate({ endpoint: 'PJSIP/0912@TO-CUCM-Gaptel', app: 'salehi', appArgs: 'outbound,att-1', channelId: 'att-1', variables: { ENGINE_ATTEMPT: 'att-1' } })) as unknown as AnyResource;
    assert.equal(channel.state, 'Down');
    const [event, inStasis] = await started;
    assert.deepEqual(event['args'], ['outbound', 'att-1']);
    assert.equal(typeof inStasis['play'], 'function', 'the event channel is a live resource');

    const done = once<AnyResource>(client, 'PlaybackFinished');
    const playback = (await (inStasis['play'] as (o: object) => Promise<AnyResource>)({ media: 'sound:custom/hello', playbackId: 'pb-1' })) as AnyResource;
    assert.equal(playback.id, 'pb-1');
    await done;

    const recorded = once<AnyResource>(client, 'RecordingFinished');
    await client.channels.record({ channelId: 'att-1', name: 'r-1', format: 'wav', maxDurationSeconds: 3, ifExists: 'overwrite' });
    const [finished] = await recorded;
    assert.equal((finished['recording'] as { duration: number }).duration, 3);
    const file = (await client.recordings.getStoredFile({ recordingName: 'r-1' })) as unknown as Buffer;
    assert.equal(file.subarray(0, 4).toString('latin1'), 'RIFF');
    assert.equal(file.length, 44 + 3 * 16000);
    assert.deepEqual(((await client.channels.getChannelVar({ channelId: 'att-1', variable: 'ENGINE_ATTEMPT' })) as { value: string }).value, 'att-1');
  });

  it('creates a bridge, adds both legs, and hangs up; errors come back as rejected promises', async () => {
    const opStarted = once<AnyResource>(client, 'StasisStart', (_e, ch) => ch.id === 'op-1');
    await client.channels.originate({ endpoint: 'PJSIP/200@TO-CUCM-Gaptel', app: 'salehi', appArgs: 'operator', channelId: 'op-1' });
    await opStarted;
    const bridge = (await client.bridges.create({ type: 'mixing', bridgeId: 'br-1' })) as unknown as AnyResource;
    assert.equal(bridge.id, 'br-1');
    await client.bridges.addChannel({ bridgeId: 'br-1', channel: ['att-1', 'op-1'] });
    const got = (await client.bridges.get({ bridgeId: 'br-1' })) as unknown as { channels: string[] };
    assert.deepEqual(got.channels, ['att-1', 'op-1']);
    const gone = once<AnyResource>(client, 'ChannelDestroyed', (e) => (e['channel'] as { id: string }).id === 'att-1');
    await client.channels.hangup({ channelId: 'att-1' });
    const [destroyed] = await gone;
    assert.equal(destroyed['cause'], 16);
    await assert.rejects(client.channels.get({ channelId: 'att-1' }), /Channel not found/);
    await client.channels.hangup({ channelId: 'op-1' });
    await client.bridges.destroy({ bridgeId: 'br-1' });
    const pong = (await client.asterisk.ping()) as unknown as { ping: string };
    assert.equal(pong.ping, 'pong');
  });
});
