import 'reflect-metadata';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { isEngineError } from '../../../engine/src/errors';
import { AriSimulator } from '../../../engine/src/simulator/ari/ari-simulator';
import { customerBehaviours } from '../../../engine/src/simulator/core/customer-script';
import { ariClient } from './support/ari-http';
import { EventSocket } from './support/event-socket';
import { parseResponses } from './support/raw-capture';
import { rawExchange } from './support/raw-http';

const USER = { username: 'engine', password: 'engine-secret' };
const AUTH = `Basic ${Buffer.from('engine:engine-secret').toString('base64')}`;
const UPGRADE = 'GET /ari/events?app=salehi&api_key=engine:engine-secret HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

/** One GET /ari/asterisk/ping, summarised as the boot-window capture does. */
function ping(port: number): Promise<string> {
  return new Promise((resolve) => {
    const req = request({ port, host: '127.0.0.1', path: '/ari/asterisk/ping', headers: { authorization: AUTH, connection: 'close' } }, (res) => {
      res.resume();
      res.on('end', () => resolve(`${res.statusCode} ${String(res.headers['content-type'])}`));
    });
    req.on('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'));
    req.end();
  });
}

async function upgradeStatus(port: number): Promise<string> {
  try {
    const answer = parseResponses(await rawExchange(port, UPGRADE, 50))[0];
    return `${answer?.status} ${answer?.headers.find(([n]) => /content-type/i.test(n))?.[1] ?? '-'}`;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code ?? 'error';
  }
}

/** Polls until `done`, keeping each new outcome once (like captures/boot-window.txt). */
async function outcomes(probe: () => Promise<string>, done: (o: string) => boolean): Promise<string[]> {
  const seen: string[] = [];
  for (let i = 0; i < 400; i++) {
    const outcome = await probe();
    if (seen.at(-1) !== outcome) seen.push(outcome);
    if (done(outcome)) return seen;
    await new Promise((resolve) => setTimeout(resolve, 3));
  }
  throw new Error(`never settled: ${seen.join(', ')}`);
}

describe('simulator ARI crash, restart and boot window', function () {
  this.timeout(20_000);
  let sim: AriSimulator;

  beforeEach(async () => {
    sim = await AriSimulator.start({ speed: 0.1, users: [USER] });
    sim.script('60', customerBehaviours.staysSilent({ ringSeconds: 0 }));
  });

  afterEach(async () => {
    await sim.stop();
  });

  it('kill: the WebSocket ends without a close frame (1006), the port refuses, every call is gone', async () => {
    const events = await EventSocket.open(sim.port, 'app=salehi&api_key=engine:engine-secret');
    await ariClient(sim.url, USER.username, USER.password)('POST', '/channels?endpoint=PJSIP/60@TO-CUCM-Gaptel&app=salehi&channelId=k-1');
    await events.waitForType('StasisStart', 'k-1');
    const before = events.frames.length;
    await sim.kill();
    assert.equal(await events.closed(), 1006);
    assert.equal(events.frames.length, before, 'a crash sends no hangup events');
    assert.equal(await ping(sim.port), 'ECONNREFUSED');
    assert.equal(sim.world.channels.list().length, 0);
  });

  it('restart on the same port: HTML 404, then 503 Asterisk not booted, then 200 (REST); 404 then 101 (WebSocket)', async () => {
    const port = sim.port;
    await sim.kill();
    const restarted = sim.restart({ html404Ms: 1500, notBootedMs: 1500 });
    const rest = await outcomes(() => ping(port), (o) => o.startsWith('200'));
    await restarted;
    assert.equal(sim.port, port);
    assert.deepEqual(rest.filter((o) => o !== 'ECONNREFUSED'), ['404 text/html', '503 application/json', '200 application/json']);

    await sim.kill();
    const again = sim.restart({ html404Ms: 1500, notBootedMs: 1500 });
    const ws = await outcomes(() => upgradeStatus(port), (o) => o.startsWith('101'));
    await again;
    assert.deepEqual(ws.filter((o) => o !== 'ECONNREFUSED'), ['404 text/html', '503 application/json', '101 -']);
  });

  it('core restart: hangup request 4 (soft), StasisEnd, cause 0, then 1006; afterwards no channels and a fresh app', async () => {
    const events = await EventSocket.open(sim.port, 'app=salehi&api_key=engine:engine-secret');
    const ari = ariClient(sim.url, USER.username, USER.password);
    await ari('POST', '/channels?endpoint=Local/60@customer-sim&app=salehi&appArgs=survive%3F&channelId=cap-restart-1');
    await events.waitForType('StasisStart', 'cap-restart-1');
    const restarted = sim.coreRestart({ closeDelayMs: 1000, downMs: 500, boot: { html404Ms: 300, notBootedMs: 300 } });
    assert.equal(await events.closed(), 1006);
    await restarted;
    const tail = events.frames.filter((f) => (f['channel'] as { id?: string } | undefined)?.id === 'cap-restart-1').slice(-4);
    assert.deepEqual(tail.map((f) => `${String(f['type'])} ${String(f['cause'] ?? '')}${f['soft'] ? ' soft' : ''}`.trim()), [
      'ChannelHangupRequest 4 soft',
      'StasisEnd',
      'ChannelVarset',
      'ChannelDestroyed 0',
    ]);
    assert.deepEqual((await ari('GET', '/channels')).json, []);
    assert.deepEqual((await ari('GET', '/applications')).json, []);
    const reconnected = await EventSocket.open(sim.port, 'app=salehi&api_key=engine:engine-secret');
    assert.deepEqual(((await ari('GET', '/applications/salehi')).json as { name: string }).name, 'salehi');
    reconnected.close();
  });

  it('a taken port is a CE_SIM_LISTEN_FAILED error, not a crash', async () => {
    await assert.rejects(AriSimulator.start({ port: sim.port }), (err: unknown) => isEngineError(err, 'CE_SIM_LISTEN_FAILED'));
  });
});
