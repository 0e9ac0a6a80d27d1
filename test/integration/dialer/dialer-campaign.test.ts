import 'reflect-metadata';
import assert from 'node:assert/strict';
import { buildEngine, type Engine } from '../../../engine/src/build-engine';
import { loadConfig } from '../../../engine/src/config/load-config';
import { resolveToken } from '../../../engine/src/di/token';
import { CALL_STORE_PORT, ENGINE_EVENTS, STT_PORT } from '../../../engine/src/di/tokens';
import { EngineError } from '../../../engine/src/errors';
import { dialerPlugin } from '../../../plugins/dialer';
import { dialerControlCommand } from '../../../plugins/dialer/control.command';
import { Readable } from 'node:stream';
import { FakeTelephony, callScripts } from '../../fakes/fake-telephony';
import { CaptureLogger } from '../../fakes/capture-logger';
import { ScriptedStt, until } from '../../helpers/call-harness';
import type { OriginateRequest } from '../../../engine/src/ports/telephony.port';

/** Customer behaviour per number: what the fake PBX does and what the person says. */
const PEOPLE: Record<string, { script: 'answer' | 'busy' | 'noanswer'; says?: string }> = {
  '09120000001': { script: 'answer', says: 'نه ممنون' },
  '09120000002': { script: 'busy' },
  '09120000003': { script: 'noanswer' },
  '09120000004': { script: 'answer', says: 'نه' },
  '09120000005': { script: 'answer', says: 'نمیدونم' },
};

describe('dialer plugin: a campaign end to end on the fake PBX', function () {
  this.timeout(30000);
  let engine: Engine;
  let telephony: FakeTelephony;
  afterEach(async () => engine?.stop());

  function boot(env: Record<string, string> = {}) {
    telephony = new FakeTelephony();
    const stt = new ScriptedStt();
    // The STT answer follows the number being called (the fake telephony keeps the originate order).
    const byChannel = new Map<string, string>();
    telephony.onOriginate((req: OriginateRequest) => {
      const phone = /PJSIP\/(\d+)@/.exec(req.endpoint)?.[1] ?? '';
      const person = PEOPLE[phone];
      byChannel.set(req.channelId, person?.says ?? '');
      if (person?.script === 'busy') return callScripts.busy(req.channelId);
      if (person?.script === 'noanswer') return callScripts.noAnswer(req.channelId);
      return callScripts.answered(req.channelId, req.appArgs);
    });
    stt.transcribe = async (req) => {
      const channel = [...byChannel.keys()].find((c) => req.name.includes(c.replace(/^salehi-/, ''))) ?? '';
      const text = byChannel.get(channel) ?? '';
      return { text, status: text ? 'ok' : 'silent', provider: 'scripted', timings: { precheckMs: 0, enhanceMs: 0, requestMs: 0 } };
    };
    const config = loadConfig({
      env: {
        OUTBOUND_NUMBERS: '02191302954,02191302955',
        MAX_CONCURRENT_CALLS: '2',
        MAX_CALLS_PER_MINUTE: '100',
        SALEHI__store__sqlite__path: ':memory:',
        SALEHI__http__port: '0',
        SALEHI__plugins: JSON.stringify({ dialer: { enabled: true, tickMs: 20, ...JSON.parse(env.DIALER ?? '{}') } }),
      },
      envFile: null,
    });
    engine = buildEngine(config, {
      plugins: [dialerPlugin],
      logger: new CaptureLogger(),
      telephony: { telephony, start: async () => undefined, closeGateway: async () => undefined, close: async () => undefined },
      overrides: (c) => c.register(STT_PORT, { useValue: stt }),
    });
  }

  async function api(method: 'GET' | 'POST', url: string, body?: unknown) {
    const res = await engine.http.inject({ method, url, ...(body ? { payload: JSON.stringify(body), headers: { 'content-type': 'application/json' } } : {}) });
    return { status: res.statusCode, body: res.json<Record<string, unknown>>() };
  }

  it('imports a CSV (bad rows reported), dials within the limits, and gives every contact exactly one result', async () => {
    boot();
    await engine.start();
    const created = await api('POST', '/api/dialer/campaigns', { name: 'demo', scenario: 'academy' });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const id = created.body.id as string;
    const csv = ['phone,name', ...Object.keys(PEOPLE).map((p, i) => `${p},person ${i}`), '0912&Local/x,evil', '09120000001,dup'].join('\n');
    const imported = await api('POST', `/api/dialer/campaigns/${id}/contacts`, { csv });
    assert.equal(imported.status, 200, JSON.stringify(imported.body));
    assert.equal(imported.body.inserted, 5);
    assert.deepEqual((imported.body.invalid as { line: number }[]).map((i) => i.line), [7]);
    assert.equal(imported.body.duplicatesInFile, 1);
    assert.equal((await api('POST', `/api/dialer/campaigns/${id}/start`, {})).status, 200);
    const store = resolveToken(engine.container, CALL_STORE_PORT);
    await until(() => telephony.callsOf('originate').length >= 5, 10000);
    let counts: Record<string, number> = {};
    await until(() => {
      void store.countResults(id).then((c) => (counts = c as Record<string, number>));
      return Object.values(counts).reduce((a, b) => a + b, 0) >= 5;
    }, 10000);
    assert.deepEqual(counts, { not_interested: 2, busy: 1, missed: 1, unknown: 1 });
    // No injected dial string ever reached the PBX.
    for (const c of telephony.callsOf('originate')) assert.match((c.args[0] as OriginateRequest).endpoint, /^PJSIP\/0912\d{7}@TO-CUCM-Gaptel$/);
    const status = await api('GET', '/api/dialer/status');
    assert.equal(status.body.paused, false);
  });

  it('a quota error from STT ends the call with failed:vira_quota and pauses the dialer at once', async () => {
    boot();
    const stt = resolveToken(engine.container, STT_PORT);
    const events = resolveToken(engine.container, ENGINE_EVENTS);
    // The real stt plugin raises the event and rejects with CE_STT_QUOTA; this stand-in does the same.
    stt.transcribe = async () => {
      events.emit({ type: 'quota.exhausted', provider: 'vira', result: 'failed:vira_quota' });
      throw new EngineError('CE_STT_QUOTA', 'balanceError: credit is below the set threshold');
    };
    await engine.start();
    const id = ((await api('POST', '/api/dialer/campaigns', { name: 'q', scenario: 'academy' })).body.id) as string;
    await api('POST', `/api/dialer/campaigns/${id}/contacts`, { csv: 'phone\n09120000001\n09120000004' });
    await api('POST', `/api/dialer/campaigns/${id}/start`, {});
    const store = resolveToken(engine.container, CALL_STORE_PORT);
    let counts: Record<string, number> = {};
    await until(() => {
      void store.countResults(id).then((c) => (counts = c as Record<string, number>));
      return (counts['failed:vira_quota'] ?? 0) >= 1;
    }, 10000);
    const status = await api('GET', '/api/dialer/status');
    assert.equal(status.body.paused, true);
    assert.match(String(status.body.pauseReason), /quota: failed:vira_quota/);
    const audit = await store.listAuditEvents({});
    assert.ok(audit.items.some((e) => e.action === 'paused'), 'the pause is audited');
    // Paused: the second contact is not dialled.
    const dialled = telephony.callsOf('originate').length;
    await new Promise((r) => setTimeout(r, 200));
    assert.equal(telephony.callsOf('originate').length, dialled);
    // Per-stage latencies are exposed in /metrics.
    const metrics = await engine.http.inject({ method: 'GET', url: '/metrics' });
    assert.match(metrics.body, /salehi_call_stage_duration_seconds_count\{stage="prompt"\} [1-9]/);
    assert.match(metrics.body, /salehi_call_stage_duration_seconds_count\{stage="record"\} [1-9]/);
  });

  it('the CLI `dialer pause|status|resume` controls the running engine over its API, with the token', async () => {
    boot();
    await engine.start();
    const { port } = await engine.http.listen();
    const out: string[] = [];
    const err: string[] = [];
    const run = (action: string, token?: string) =>
      dialerControlCommand.run({
        flags: { reason: 'lunch break' },
        positionals: [action],
        io: { out: (t) => void out.push(t), err: (t) => void err.push(t), stdin: Readable.from([]) },
        config: { ...engine.config, http: { ...engine.config.http, port, ...(token ? { token } : {}) } },
        logger: new CaptureLogger(),
        openStore: () => {
          throw new Error('not used');
        },
      });
    assert.equal(await run('pause'), 0);
    assert.equal((await api('GET', '/api/dialer/status')).body.paused, true);
    assert.equal(await run('status'), 0);
    assert.match(out.at(-1) ?? '', /"pauseReason":"lunch break"/);
    assert.equal(await run('resume'), 0);
    assert.equal((await api('GET', '/api/dialer/status')).body.paused, false);
    assert.equal(await run('restart'), 64);
  });
});
