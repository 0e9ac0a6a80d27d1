/**
 * PostgreSQL store benchmark (figures only, no assertions). Needs the server of SALEHI_TEST_PG_URL
 * (default postgres://postgres@127.0.0.1:5432/test); works in a throw-away schema it drops at the end.
 * Run after a build:
 *   node dist/test/bench/store-postgres.bench.js [contacts=100000] [calls=2000]
 * Prints: bulk import (one transaction), re-import (all duplicates), claiming everything in batches of
 * 100 from one engine and from two engines at once (two pools, two claim loops each), the per-call
 * ledger cost (claim + createAttempt + advance + finishAttempt with an outbox item) from one and from
 * two engines, and line-slot reserve + release pairs from two engines on one line.
 */
import { performance } from 'node:perf_hooks';
import { createSilentLogger } from '../../engine/src/adapters/logging/pino-logger';
import type { PostgresCallStore } from '../../engine/src/adapters/store';
import { systemClock } from '../../engine/src/ports/clock.port';
import type { NewContact } from '../../engine/src/ports/call-store.port';
import { PG_TEST_URL, dropSchema, openTestStore, requirePostgres, testSchemaName } from '../integration/store/postgres-test-db';

const SETTINGS = { scenario: 'bench', timeZone: 'Asia/Tehran' };

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function rate(n: number, ms: number): string {
  return `${n.toLocaleString('en-US')} in ${ms.toFixed(0)} ms = ${Math.round((n / ms) * 1000).toLocaleString('en-US')}/s`;
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const value = await fn();
  return [value, performance.now() - t0];
}

function makeContacts(n: number, from = 0): NewContact[] {
  return Array.from({ length: n }, (_, i) => ({
    phone: `09${String(from + i).padStart(9, '0')}`, externalId: String(i), data: { row: i, source: 'csv' },
  }));
}

async function claimLoop(store: PostgresCallStore, campaignId: string, instanceId: string): Promise<number> {
  let total = 0;
  for (;;) {
    const got = await store.claimContacts(campaignId, 100, Date.now(), instanceId);
    if (got.length === 0) return total;
    total += got.length;
  }
}

async function importAndClaim(a: PostgresCallStore, b: PostgresCallStore, n: number): Promise<void> {
  const rows = makeContacts(n);
  const one = await a.createCampaign({ name: 'one', settings: SETTINGS, state: 'running' });
  const [report, ms] = await timed(() => a.insertContacts(one.id, rows));
  print(`import:              ${rate(report.inserted, ms)} (one transaction)`);
  const [dup, dupMs] = await timed(() => a.insertContacts(one.id, rows));
  print(`re-import:           ${rate(dup.duplicates.length, dupMs)} (all reported as duplicates)`);
  const [claimed, claimMs] = await timed(() => claimLoop(a, one.id, 'a'));
  print(`claim x100, 1 engine:  ${rate(claimed, claimMs)}`);
  const two = await a.createCampaign({ name: 'two', settings: SETTINGS, state: 'running' });
  await a.insertContacts(two.id, rows);
  const [counts, twoMs] = await timed(() => Promise.all([claimLoop(a, two.id, 'a'), claimLoop(a, two.id, 'a'), claimLoop(b, two.id, 'b'), claimLoop(b, two.id, 'b')]));
  print(`claim x100, 2 engines: ${rate(counts.reduce((x, y) => x + y, 0), twoMs)} (4 loops; engine a ${counts[0]! + counts[1]!}, b ${counts[2]! + counts[3]!})`);
}

async function callLoop(store: PostgresCallStore, campaignId: string, calls: number, instanceId: string): Promise<void> {
  for (let i = 0; i < calls; i++) {
    const [contact] = await store.claimContacts(campaignId, 1, Date.now(), instanceId);
    if (contact === undefined) throw new Error('queue empty');
    const a = await store.createAttempt({ direction: 'outbound', phone: contact.phone, contactId: contact.id, instanceId });
    await store.advanceAttempt(a.id, 'answered');
    await store.finishAttempt(a.id, { result: 'not_interested' }, { outbox: [{ key: a.id, topic: 'panel', payload: { id: a.id } }] });
  }
}

async function ledger(a: PostgresCallStore, b: PostgresCallStore, calls: number): Promise<void> {
  const c = await a.createCampaign({ name: 'ledger', settings: SETTINGS, state: 'running' });
  await a.insertContacts(c.id, makeContacts(calls * 2, 1_000_000));
  const [, ms] = await timed(() => callLoop(a, c.id, calls, 'a'));
  print(`ledger, 1 engine:    ${rate(calls, ms)} calls (4 transactions each)`);
  const half = Math.floor(calls / 4);
  const [, twoMs] = await timed(() => Promise.all([callLoop(a, c.id, half, 'a'), callLoop(a, c.id, half, 'a'), callLoop(b, c.id, half, 'b'), callLoop(b, c.id, half, 'b')]));
  print(`ledger, 2 engines:   ${rate(half * 4, twoMs)} calls (2 concurrent calls per engine)`);
}

async function lineSlots(a: PostgresCallStore, b: PostgresCallStore, pairs: number): Promise<void> {
  const loop = async (store: PostgresCallStore, instanceId: string): Promise<number> => {
    let ok = 0;
    for (let i = 0; i < pairs; i++) {
      const now = Date.now();
      const got = await store.lineSlots.reserveLineSlot({
        line: 'L1', kind: 'outbound', limits: { concurrent: 2 }, now, dayEndsAt: now + 86_400_000, holdMs: 60_000, instanceId,
      });
      if (got.ok) {
        ok += 1;
        await store.lineSlots.releaseLineSlot(got.slot.id);
      }
    }
    return ok;
  };
  const [oks, ms] = await timed(() => Promise.all([loop(a, 'a'), loop(b, 'b')]));
  print(`line slot, 2 engines: ${rate(pairs * 2, ms)} reservations (${oks[0]! + oks[1]!} granted + released, one line)`);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const calls = Number(process.argv[3] ?? 2000);
  await requirePostgres();
  const schema = testSchemaName();
  const clock = systemClock;
  const logger = createSilentLogger();
  print(`node ${process.version}, ${PG_TEST_URL}, ${n.toLocaleString('en-US')} contacts, ${calls} calls, pool 10 per engine`);
  const [{ store: a }, { store: b }] = await Promise.all([
    openTestStore({ clock, schema, logger, poolSize: 10 }), openTestStore({ clock, schema, logger, poolSize: 10 }),
  ]);
  try {
    await importAndClaim(a, b, n);
    await ledger(a, b, calls);
    await lineSlots(a, b, 1000);
  } finally {
    await Promise.all([a.close(), b.close()]);
    await dropSchema(schema);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.stack : String(err)}\n`);
  process.exitCode = 1;
});
