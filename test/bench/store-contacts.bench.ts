/**
 * Store benchmark (figures only, no assertions). Run after a build:
 *   node dist/test/bench/store-contacts.bench.js [contacts=100000] [calls=2000]
 * Prints: bulk import of N contacts in one transaction (file FULL, file NORMAL, :memory:), a re-import
 * of the same N (all duplicates), claiming them in batches of 100, and the per-call ledger cost
 * (claim + createAttempt + advance + finishAttempt with an outbox item), FULL versus NORMAL.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSqliteCallStore, type SqliteDurability } from '../../engine/src/adapters/store';
import { createSilentLogger } from '../../engine/src/adapters/logging/pino-logger';
import { systemClock } from '../../engine/src/ports/clock.port';
import type { CallStorePort, NewContact } from '../../engine/src/ports/call-store.port';

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

function makeContacts(n: number): NewContact[] {
  return Array.from({ length: n }, (_, i) => ({
    phone: `0912${String(i).padStart(7, '0')}`, externalId: String(i), data: { row: i, source: 'csv' },
  }));
}

async function importBench(label: string, store: CallStorePort, rows: readonly NewContact[]): Promise<void> {
  const c = await store.createCampaign({ name: label, settings: SETTINGS, state: 'running' });
  const [report, ms] = await timed(() => store.insertContacts(c.id, rows));
  print(`${label.padEnd(16)} import:    ${rate(report.inserted, ms)}`);
  const [dup, dupMs] = await timed(() => store.insertContacts(c.id, rows));
  print(`${label.padEnd(16)} re-import: ${rate(dup.duplicates.length, dupMs)} (all reported as duplicates)`);
  const [claimed, claimMs] = await timed(async () => {
    let total = 0;
    for (;;) {
      const got = await store.claimContacts(c.id, 100, Date.now(), 'bench');
      if (got.length === 0) return total;
      total += got.length;
    }
  });
  print(`${label.padEnd(16)} claim x100: ${rate(claimed, claimMs)}`);
}

async function ledgerBench(label: string, store: CallStorePort, calls: number): Promise<void> {
  const c = await store.createCampaign({ name: `${label}-ledger`, settings: SETTINGS, state: 'running' });
  await store.insertContacts(c.id, makeContacts(calls));
  const [, ms] = await timed(async () => {
    for (let i = 0; i < calls; i++) {
      const [contact] = await store.claimContacts(c.id, 1, Date.now(), 'bench');
      if (contact === undefined) throw new Error('queue empty');
      const a = await store.createAttempt({ direction: 'outbound', phone: contact.phone, contactId: contact.id, instanceId: 'bench' });
      await store.advanceAttempt(a.id, 'answered');
      await store.finishAttempt(a.id, { result: 'not_interested' }, { outbox: [{ key: a.id, topic: 'panel', payload: { id: a.id } }] });
    }
  });
  print(`${label.padEnd(16)} ledger:    ${rate(calls, ms)} calls (4 transactions each)`);
}

async function main(): Promise<void> {
  const n = Number(process.argv[2] ?? 100_000);
  const calls = Number(process.argv[3] ?? 2000);
  const rows = makeContacts(n);
  const dir = mkdtempSync(join(tmpdir(), 'salehi-bench-'));
  const logger = createSilentLogger();
  print(`node ${process.version}, ${n.toLocaleString('en-US')} contacts, ${calls} calls`);
  try {
    for (const durability of ['full', 'normal'] as SqliteDurability[]) {
      const path = join(dir, `${durability}.db`);
      const store = createSqliteCallStore({ path, logger, clock: systemClock, durability });
      await importBench(`file ${durability}`, store, rows);
      await ledgerBench(`file ${durability}`, store, calls);
      await store.close();
      print(`file ${durability.padEnd(11)} size:      ${(statSync(path).size / 1e6).toFixed(1)} MB`);
    }
    const memory = createSqliteCallStore({ path: ':memory:', logger, clock: systemClock });
    await importBench(':memory:', memory, rows);
    await ledgerBench(':memory:', memory, calls);
    await memory.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exitCode = 1;
});
