/**
 * Dialer decision-loop benchmark (figures only, no assertions): how many originates per second the
 * whole dial loop sustains across 50 lines. Run after a build:
 *   node dist/test/bench/dialer-loop.bench.js [seconds=10] [full,normal,postgres]
 *
 * Each originate is the real path of `DialerRuntime.tick`: the campaign's window gate, a room check
 * on the LinePacer, `claimContacts`, the contact's zone, `checkDnc`, the least-loaded line, the
 * cross-instance line slot (`LineSlotGuard`, one row-locked store transaction), the attempt row
 * written before the originate, `advanceAttempt(dialing)`, `CallService.placeOutbound` and the
 * result + retry decision in one transaction. The call itself is the harness's scripted CallService,
 * which ends at once (the call engine's own cost is the "Call flow" benchmark), and the loop is
 * driven back to back by `pass()` instead of the 250 ms timer, so the figure is the loop's capacity.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { createSilentLogger } from '../../engine/src/adapters/logging/pino-logger';
import { createSqliteCallStore } from '../../engine/src/adapters/store';
import { systemClock } from '../../engine/src/ports/clock.port';
import type { CallStorePort } from '../../engine/src/ports/call-store.port';
import type { NewContact } from '../../engine/src/ports/call-store.types';
import { DialerHarness } from '../helpers/dialer-plugin-harness';
import { dropSchema, openTestStore, requirePostgres, testSchemaName } from '../integration/store/postgres-test-db';

const LINES = 50;
const CONTACTS = 60_000;

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function contacts(n: number): NewContact[] {
  return Array.from({ length: n }, (_v, i) => ({ phone: `0912${String(i).padStart(7, '0')}` }));
}

interface BenchStore {
  readonly name: string;
  open(): Promise<{ store: CallStorePort; cleanup: () => Promise<void> }>;
}

function sqlite(durability: 'full' | 'normal'): BenchStore {
  return {
    name: `SQLite (durability ${durability})`,
    open: async () => {
      const dir = mkdtempSync(join(tmpdir(), 'salehi-dialer-bench-'));
      const store = createSqliteCallStore({ path: join(dir, 'calls.db'), logger: createSilentLogger(), clock: systemClock, durability });
      return { store, cleanup: async () => { await store.close(); rmSync(dir, { recursive: true, force: true }); } };
    },
  };
}

/** The engine's default pool size (`store.postgres.poolSize`). */
const POSTGRES: BenchStore = {
  name: 'PostgreSQL (pool 10)',
  open: async () => {
    await requirePostgres();
    const schema = testSchemaName();
    const { store } = await openTestStore({ clock: systemClock, schema, poolSize: 10 });
    return { store, cleanup: async () => { await store.close(); await dropSchema(schema); } };
  },
};

const STORES: Readonly<Record<string, BenchStore>> = { full: sqlite('full'), normal: sqlite('normal'), postgres: POSTGRES };

async function run(kind: BenchStore, seconds: number): Promise<void> {
  const { store, cleanup } = await kind.open();
  try {
    const lines = Array.from({ length: LINES }, (_v, i) => `0219130${String(i).padStart(4, '0')}`);
    const env = {
      OUTBOUND_NUMBERS: lines.join(','),
      MAX_CONCURRENT_CALLS: '20',
      // 20/s and 1,200/min per line: 1,000 originates/s over the 50 lines is the most the limits allow.
      MAX_CALLS_PER_MINUTE: '1200',
      MAX_CALLS_PER_DAY: '1000000',
      MAX_ORIGINATIONS_PER_SECOND: '20',
    };
    const h = new DialerHarness({ store, clock: systemClock, logger: createSilentLogger(), env, dialer: { batchSize: 1000, instanceId: 'bench' } });
    await h.start();
    const campaign = await store.createCampaign({ name: 'bench', settings: { scenario: 'academy', timeZone: 'Asia/Tehran' } });
    await store.insertContacts(campaign.id, contacts(CONTACTS));
    await store.setCampaignState(campaign.id, 'running');
    // Warm-up pass (statement caches, JIT).
    for (let i = 0; i < 5; i++) await h.pass();
    const before = h.calls.placed.length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    let passes = 0;
    while (performance.now() - t0 < seconds * 1000 && h.calls.placed.length < CONTACTS) {
      await h.pass();
      passes++;
    }
    const ms = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const originates = h.calls.placed.length - before;
    const perLine = new Map<string, number>();
    for (const req of h.calls.placed.slice(before)) perLine.set(req.line ?? '?', (perLine.get(req.line ?? '?') ?? 0) + 1);
    const counts = [...perLine.values()];
    print(
      `${kind.name.padEnd(26)} ${originates} originates in ${(ms / 1000).toFixed(1)} s = ${Math.round((originates / ms) * 1000)} originates/s ` +
        `over ${perLine.size} lines (per line min ${Math.min(...counts)}, max ${Math.max(...counts)}); ${passes} passes; ` +
        `CPU ${(((cpu.user + cpu.system) / 1000) / originates).toFixed(3)} ms per originate (this process)`,
    );
    await h.stop();
  } finally {
    await cleanup();
  }
}

async function main(): Promise<void> {
  const seconds = Number(process.argv[2] ?? 10);
  const which = (process.argv[3] ?? 'full,normal,postgres').split(',');
  print(`node ${process.version}, ${LINES} lines (20 concurrent, 20 originates/s and 1,200/min each), ${CONTACTS} contacts, load ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const name of which) {
    const kind = STORES[name];
    if (!kind) throw new Error(`unknown store ${name}: pick from ${Object.keys(STORES).join(', ')}`);
    await run(kind, seconds);
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err)}\n`);
  process.exitCode = 1;
});
