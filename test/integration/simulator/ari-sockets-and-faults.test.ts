import 'reflect-metadata';
import assert from 'node:assert/strict';
import { AriSimulator } from '../../../engine/src/simulator/ari/ari-simulator';
import { customerBehaviours } from '../../../engine/src/simulator/core/customer-script';
import { ariClient } from './support/ari-http';
import { EventSocket } from './support/event-socket';
import { parseResponses } from './support/raw-capture';
import { rawExchange } from './support/raw-http';

const USER = { username: 'engine', password: 'engine-secret' };
const KEY = 'api_key=engine:engine-secret';
const AUTH = `Authorization: Basic ${Buffer.from('engine:engine-secret').toString('base64')}\r\n`;

function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

describe('simulator ARI sockets, api-docs and fault injection', function () {
  this.timeout(20_000);
  let sim: AriSimulator;
  let ari: ReturnType<typeof ariClient>;

  beforeEach(async () => {
    sim = await AriSimulator.start({ speed: 0.02, users: [USER] });
    sim.world.directory.setDefault(customerBehaviours.staysSilent({ ringSeconds: 0 }));
    ari = ariClient(sim.url, USER.username, USER.password);
  });

  afterEach(async () => {
    await sim.stop();
  });

  async function callInStasis(events: EventSocket, id: string): Promise<void> {
    assert.equal((await ari('POST', `/channels?endpoint=PJSIP/0912@TO-CUCM-Gaptel&app=salehi&channelId=${id}`)).status, 200);
    await events.waitForType('StasisStart', id);
  }

  it('a second socket for the same app: ApplicationReplaced to the old one, which stays open and silent', async () => {
    const first = await EventSocket.open(sim.port, `app=salehi&${KEY}`);
    await callInStasis(first, 'c-1');
    const second = await EventSocket.open(sim.port, `app=salehi&${KEY}`);
    const replaced = await first.waitForType('ApplicationReplaced');
    assert.deepEqual(Object.keys(replaced), ['type', 'timestamp', 'application', 'asterisk_id']);
    const seenByFirst = first.frames.length;
    await ari('POST', '/channels/c-1/play?media=sound:beep&playbackId=p-1');
    await second.waitForType('PlaybackFinished', 'p-1');
    assert.equal(first.frames.length, seenByFirst);
    assert.equal(first.closeCode, undefined, 'Asterisk does not close the replaced socket');
    first.close();
    second.close();
  });

  it('a closed socket leaves the channel in Stasis: REST still works, no replay on reconnect, an originate meanwhile is lost', async () => {
    const first = await EventSocket.open(sim.port, `app=salehi&${KEY}`);
    await callInStasis(first, 'keep-1');
    first.close();
    await first.closed();
    assert.deepEqual(((await ari('GET', '/applications/salehi')).json as { channel_ids: string[] }).channel_ids, ['keep-1']);
    assert.equal((await ari('POST', '/channels/keep-1/play?media=sound:beep')).status, 201);
    assert.equal((await ari('POST', '/channels?endpoint=PJSIP/0913@TO-CUCM-Gaptel&app=salehi&channelId=lost-1')).status, 200);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal((await ari('GET', '/channels/lost-1')).status, 404, 'answered, Stasis app not active, hung up');
    const second = await EventSocket.open(sim.port, `app=salehi&${KEY}`);
    await ari('DELETE', '/channels/keep-1');
    await second.waitForType('ChannelDestroyed', 'keep-1');
    assert.ok(!second.frames.some((f) => f['type'] === 'StasisStart'));
    second.close();
  });

  it('drops a configured fraction of events (all of them, then about half with a seeded random)', async () => {
    const events = await EventSocket.open(sim.port, `app=salehi&${KEY}`);
    sim.server.faults.dropEventRatio = 1;
    await ari('POST', '/channels?endpoint=PJSIP/0912@TO-CUCM-Gaptel&app=salehi&channelId=d-1');
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(events.frames.length, 0);
    assert.ok(sim.server.hub.dropped > 0);
    sim.server.faults.dropEventRatio = 0.5;
    sim.server.faults.random = seeded(42);
    const dropped = sim.server.hub.dropped;
    const sent = sim.server.hub.sent;
    for (let i = 0; i < 10; i++) await ari('POST', `/channels/d-1/variable?variable=V${i}&value=${i}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
    const newlyDropped = sim.server.hub.dropped - dropped;
    assert.ok(newlyDropped > 0 && newlyDropped < 10, `dropped ${newlyDropped} of 10`);
    assert.equal(events.frames.length, sim.server.hub.sent - sent);
    assert.equal(events.frames.length + newlyDropped, 10);
    events.close();
  });

  it('adds latency to every REST answer (simulated ms, scaled)', async () => {
    sim.server.faults.restLatencyMs = 5000;
    const started = Date.now();
    assert.equal((await ari('GET', '/asterisk/ping')).status, 200);
    assert.ok(Date.now() - started >= 90, '5000 simulated ms at speed 0.02 is 100 ms');
  });

  it('serves our api-docs with basePath from the Host header, none without Host, 401 without credentials', async () => {
    const withHost = parseResponses(await rawExchange(sim.port, `GET /ari/api-docs/resources.json HTTP/1.1\r\nHost: ari.example.test:9999\r\n${AUTH}Connection: close\r\n\r\n`))[0];
    const listing = JSON.parse(String(withHost?.body)) as Record<string, unknown>;
    assert.equal(listing['basePath'], 'http://ari.example.test:9999/ari');
    assert.equal(listing['swaggerVersion'], '1.1');
    const channels = parseResponses(await rawExchange(sim.port, `GET /ari/api-docs/channels.json HTTP/1.1\r\nHost: h:1\r\n${AUTH}Connection: close\r\n\r\n`))[0];
    assert.equal((JSON.parse(String(channels?.body)) as Record<string, unknown>)['basePath'], 'http://h:1/ari');
    const noHost = parseResponses(await rawExchange(sim.port, `GET /ari/api-docs/resources.json HTTP/1.0\r\n${AUTH}\r\n`, 100))[0];
    assert.equal('basePath' in (JSON.parse(String(noHost?.body)) as Record<string, unknown>), false);
    const anonymous = parseResponses(await rawExchange(sim.port, 'GET /ari/api-docs/resources.json HTTP/1.1\r\nHost: h\r\nConnection: close\r\n\r\n'))[0];
    assert.equal(anonymous?.status, 401);
    assert.deepEqual((await ari('GET', '/api-docs/nosuch.json')).json, { message: 'Resource not found' });
  });

  it('keeps a connection alive for several requests without Connection: close', async () => {
    const both = parseResponses(await rawExchange(sim.port, `GET /ari/asterisk/ping HTTP/1.1\r\nHost: h\r\n${AUTH}\r\nGET /ari/asterisk/ping HTTP/1.1\r\nHost: h\r\n${AUTH}Connection: close\r\n\r\n`));
    assert.deepEqual(both.map((r) => r.status), [200, 200]);
    assert.deepEqual(both.map((r) => r.headers.map(([n]) => n).join(',')), [
      'Server,Date,Cache-Control,Content-type,Content-Length',
      'Server,Date,Connection,Cache-Control,Content-type,Content-Length',
    ]);
  });

  it('subscribeAll also delivers ChannelCreated; 101 echoes the ari subprotocol', async () => {
    const all = await EventSocket.open(sim.port, `app=watcher&subscribeAll=true&${KEY}`);
    await ari('POST', '/channels?endpoint=PJSIP/0912@TO-CUCM-Gaptel&app=salehi&channelId=s-1');
    await all.waitForType('ChannelCreated', 's-1');
    all.close();
    const raw = parseResponses(await rawExchange(sim.port, 'GET /ari/events?app=p&api_key=engine:engine-secret HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Protocol: ari\r\n\r\n', 50))[0];
    assert.equal(raw?.statusLine, 'HTTP/1.1 101 Switching Protocols');
    assert.deepEqual(raw?.headers, [['Upgrade', 'websocket'], ['Connection', 'Upgrade'], ['Sec-WebSocket-Accept', 's3pPLMBiTxaQ9kYGzzhZRbK+xOo='], ['Sec-WebSocket-Protocol', 'ari']]);
  });

  it('survives malformed requests: bad URLs, bad upgrades, garbage bytes', async () => {
    const bad = parseResponses(await rawExchange(sim.port, `GET //%%%/ari HTTP/1.1\r\nHost: h\r\n${AUTH}Connection: close\r\n\r\n`))[0];
    assert.ok(bad && bad.status >= 400);
    await rawExchange(sim.port, 'GET //%%% HTTP/1.1\r\nHost: h\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: x\r\nSec-WebSocket-Version: 13\r\n\r\n', 50);
    await rawExchange(sim.port, Buffer.from([0, 1, 2, 255, 13, 10, 13, 10]), 50);
    assert.equal((await ari('GET', '/asterisk/ping')).status, 200);
  });
});
