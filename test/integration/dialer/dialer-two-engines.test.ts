import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { systemClock } from '../../../engine/src/ports/clock.port';
import type { PostgresCallStore } from '../../../engine/src/adapters/store';
import { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import type { AriRequestRecord } from '../../../engine/src/simulator/ari-request-log';
import { customerBehaviours as say, type CustomerScript } from '../../../engine/src/simulator/core/customer-script';
import { all } from '../../contract/store/contract-kit';
import { SeededRandom } from '../../helpers/seeded-random';
import { dropSchema, openTestStore, PG_TEST_URL, requirePostgres, testSchemaName } from '../store/postgres-test-db';
import type { TwoEnginesChildConfig } from './dialer-two-engines.child';

const SPEED = 0.04;
const CONTACTS = 200;
const LINES = Array.from({ length: 4 }, (_, i) => `021913029${String(50 + i)}`);
/** Per line, shared by both engines. 4 lines × 40/min = 160 in the first minute: the per-minute cap binds. */
const LIMITS = { concurrent: 3, concurrentOutbound: 2, perMinute: 40, perSecond: 20 };
/** Originates arrive at the PBX a little after their slot was taken: windows are judged this much shorter. */
const SLACK_MS = 1000;

const MIX: ReadonlyArray<() => CustomerScript> = [
  () => say.saysNo({ ringSeconds: 1 }),
  () => say.busy(1),
  () => say.rejects(1),
  () => say.unavailable(2),
  () => say.hangsUpDuringPrompt(2, { ringSeconds: 1 }),
];

interface Run {
  readonly code: number | null;
  readonly stderr: string;
  readonly errors: string[];
  readonly campaignId?: string;
}

/** Starts one engine child; `ready` resolves when it is up, `done` when it exited. */
function startChild(configPath: string): { ready: Promise<void>; done: Promise<Run> } {
  const child = spawn(process.execPath, [join(__dirname, 'dialer-two-engines.child.js'), configPath], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let campaignId: string | undefined;
  const errors: string[] = [];
  let onReady: () => void = () => undefined;
  const ready = new Promise<void>((r) => (onReady = r));
  child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
  createInterface({ input: child.stdout }).on('line', (line) => {
    if (line.startsWith('{')) {
      const log = JSON.parse(line) as Record<string, unknown>;
      if (Number(log.level) >= 50) errors.push(String(log.msg));
    } else if (line.startsWith('campaign ')) campaignId = line.slice('campaign '.length);
    else if (line === 'ready') onReady();
  });
  const done = new Promise<Run>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => {
      onReady();
      resolve({ code, stderr, errors, ...(campaignId ? { campaignId } : {}) });
    });
  });
  return { ready, done };
}

function originatesOf(sim: PbxSimulator): { readonly seen: Set<AriRequestRecord>; stop(): void } {
  const seen = new Set<AriRequestRecord>();
  const collect = (): void => {
    for (const r of sim.ariRequests()) if (r.operation.startsWith('channels.originate')) seen.add(r);
  };
  const timer = setInterval(collect, 50);
  return { seen, stop: () => { clearInterval(timer); collect(); } };
}

/** The store's own view of every line, sampled while both engines dial: the highest values seen. */
function sampleUsage(store: PostgresCallStore): { stop(): Promise<{ outbound: number; total: number; lastMinute: number; samples: number }> } {
  const max = { outbound: 0, total: 0, lastMinute: 0, samples: 0 };
  let running = true;
  const loop = (async () => {
    while (running) {
      for (const u of await store.lineSlots.lineUsage(LINES, Date.now())) {
        max.outbound = Math.max(max.outbound, u.active.outbound);
        max.total = Math.max(max.total, u.active.outbound + u.active.inbound + u.active.operator);
        max.lastMinute = Math.max(max.lastMinute, u.lastMinute);
      }
      max.samples++;
      await new Promise((r) => setTimeout(r, 25));
    }
  })();
  return { stop: async () => { running = false; await loop; return max; } };
}

/** The most items of sorted `times` inside any window of `widthMs`. */
function busiestWindow(times: readonly number[], widthMs: number): number {
  let best = 0;
  for (let i = 0, j = 0; j < times.length; j++) {
    while (times[j]! - times[i]! >= widthMs) i++;
    best = Math.max(best, j - i + 1);
  }
  return best;
}

/** The most intervals open at once. */
function peakOverlap(intervals: ReadonlyArray<readonly [number, number]>): number {
  const edges = intervals.flatMap(([s, e]): Array<[number, number]> => [[s, 1], [e, -1]]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let open = 0;
  let peak = 0;
  for (const [, d] of edges) peak = Math.max(peak, (open += d));
  return peak;
}

describe('two engine processes on one PostgreSQL schema run one campaign', function () {
  this.timeout(240_000);
  let dir: string;
  let schema: string;
  const sims: PbxSimulator[] = [];
  let store: PostgresCallStore | undefined;

  before(async () => {
    await requirePostgres();
    dir = mkdtempSync(join(tmpdir(), 'salehi-two-engines-'));
    schema = testSchemaName();
    for (const name of ['a', 'b']) sims.push(await PbxSimulator.start({ speed: SPEED, lines: LINES, recordingsDir: join(dir, `recordings-${name}`) }));
  });
  after(async () => {
    await store?.close();
    for (const sim of sims) await sim.stop();
    if (schema) await dropSchema(schema);
    rmSync(dir, { recursive: true, force: true });
  });

  it('no contact is dialled twice, every contact gets one result, and the per-line limits hold across both', async () => {
    const random = new SeededRandom(20260601);
    const phones = Array.from({ length: CONTACTS }, (_, i) => `0912${String(3000001 + i)}`);
    // Either engine may dial any contact: both PBXs know every customer's behaviour.
    for (const phone of phones) {
      const pick = random.int(0, MIX.length - 1);
      for (const sim of sims) sim.script(phone, MIX[pick]!());
    }
    const limitsEnv = {
      MAX_CONCURRENT_CALLS: String(LIMITS.concurrent), MAX_CONCURRENT_OUTBOUND_CALLS: String(LIMITS.concurrentOutbound),
      MAX_CALLS_PER_MINUTE: String(LIMITS.perMinute), MAX_CALLS_PER_DAY: '100000', MAX_ORIGINATIONS_PER_SECOND: String(LIMITS.perSecond),
    };
    const configOf = (sim: PbxSimulator, instanceId: string, create: boolean): string => {
      const c: TwoEnginesChildConfig = {
        pgUrl: PG_TEST_URL, schema, ariUrl: sim.ariUrl, ariWsUrl: sim.ariWsUrl, amiPort: sim.amiPort, lines: LINES, limitsEnv,
        contactsCsv: ['phone', ...phones].join('\n'), create,
        dialer: { tickMs: 20, batchSize: 20, instanceId, maxAttempts: 1 },
      };
      const path = join(dir, `${instanceId}.json`);
      writeFileSync(path, JSON.stringify(c));
      return path;
    };
    const watchers = sims.map(originatesOf);
    // B first (it also creates the schema), so it is already dialling when A creates and starts the campaign.
    const b = startChild(configOf(sims[1]!, 'engine-b', false));
    await b.ready;
    store = (await openTestStore({ clock: systemClock, schema })).store;
    const usage = sampleUsage(store);
    const a = startChild(configOf(sims[0]!, 'engine-a', true));
    const runs = await Promise.all([a.done, b.done]);
    const peak = await usage.stop();
    for (const w of watchers) w.stop();
    for (const [i, run] of runs.entries()) {
      assert.equal(run.stderr, '', `engine ${i}`);
      assert.equal(run.code, 0, `engine ${i}`);
      assert.deepEqual(run.errors, [], `engine ${i} logged errors`);
    }
    const campaignId = runs[0]!.campaignId;
    assert.ok(campaignId, 'engine A created the campaign');

    const attempts = await all((cursor) => store!.listAttempts({ campaignId, limit: 500, ...(cursor ? { cursor } : {}) }));
    const results = await all((cursor) => store!.listResults({ campaignId, limit: 500, ...(cursor ? { cursor } : {}) }));
    const contacts = await all((cursor) => store!.listContacts(campaignId, { limit: 500, ...(cursor ? { cursor } : {}) }));

    // Both engines really dialled, and together they dialled each contact exactly once.
    const [sentA, sentB] = watchers.map((w) => [...w.seen]);
    assert.ok(sentA!.length > 0 && sentB!.length > 0, `both engines dialled (A ${sentA!.length}, B ${sentB!.length})`);
    const originates = [...sentA!, ...sentB!];
    const channels = originates.map((r) => r.params.channelId ?? r.path.split('/')[2] ?? '');
    assert.equal(new Set(channels).size, channels.length, 'an attempt was originated twice');
    assert.deepEqual(channels.filter((c) => !attempts.some((x) => `salehi-${x.id}` === c)), [], 'originates that belong to no attempt');
    const dialled = originates.map((r) => phones.find((p) => (r.params.endpoint ?? '').includes(p)) ?? '?');
    assert.equal(new Set(dialled).size, dialled.length, 'a phone was dialled twice');
    assert.deepEqual([...new Set(dialled)].sort(), [...phones].sort(), 'every contact was dialled');

    // Every contact: one attempt, one final result, closed.
    assert.equal(contacts.length, CONTACTS);
    assert.deepEqual(contacts.filter((c) => c.status !== 'done').map((c) => `${c.phone}:${c.status}`), []);
    assert.equal(attempts.length, CONTACTS);
    assert.equal(new Set(attempts.map((x) => x.contactId)).size, CONTACTS, 'a contact was claimed by both engines');
    assert.deepEqual(attempts.filter((x) => x.state !== 'finished').map((x) => x.id), [], 'attempts left open');
    assert.equal(results.length, CONTACTS);
    assert.equal(new Set(results.map((r) => r.attemptId)).size, CONTACTS, 'an attempt has two results');
    assert.deepEqual(new Set(attempts.map((x) => x.instanceId)), new Set(['engine-a', 'engine-b']));

    // The limits, across both engines, from three sources: the store's samples, the PBXs' originate times, the ledger.
    assert.ok(peak.samples > 10, `usage sampled ${peak.samples} times`);
    assert.ok(peak.outbound <= LIMITS.concurrentOutbound && peak.total <= LIMITS.concurrent, JSON.stringify(peak));
    assert.ok(peak.lastMinute <= LIMITS.perMinute, JSON.stringify(peak));
    const lineOf = new Map(attempts.map((x) => [x.id, x.lineId ?? '?']));
    for (const line of LINES) {
      const times = originates.filter((r) => r.variables.SALEHI_LINE === line).map((r) => r.at).sort((x, y) => x - y);
      assert.ok(busiestWindow(times, 60_000 - SLACK_MS) <= LIMITS.perMinute, `line ${line}: more than ${LIMITS.perMinute} originates in a minute`);
      assert.ok(busiestWindow(times, 1000 - SLACK_MS / 10) <= Math.ceil(LIMITS.perSecond), `line ${line}: per-second cap`);
      const calls = results.filter((r) => lineOf.get(r.attemptId) === line).map((r): [number, number] => [r.startedAt, r.endedAt]);
      assert.ok(peakOverlap(calls) <= LIMITS.concurrentOutbound, `line ${line}: more than ${LIMITS.concurrentOutbound} calls at once`);
    }
    // The shared per-minute cap is what paced the campaign: alone, each engine's pacer would have let all through in one minute.
    const span = Math.max(...originates.map((r) => r.at)) - Math.min(...originates.map((r) => r.at));
    assert.ok(span >= 59_000, `the campaign took ${span} ms: the shared per-minute cap did not bind`);
    process.stdout.write(`      two engines: A ${sentA!.length} + B ${sentB!.length} originates in ${span} ms; store peaks ${JSON.stringify(peak)}\n`);
  });
});
