/**
 * CSV contact import benchmark (figures only, no assertions). Run after a build:
 *   node dist/test/bench/csv-import.bench.js [rows=100000]
 * Builds an N-row UTF-8 CSV in memory (Persian names, mixed number spellings, ~1% bad rows, ~1%
 * duplicates), streams it in 64 KiB byte chunks through `parseCsvContacts` (RFC 4180 + phone
 * normalisation), then inserts the good rows into a fresh SQLite file store with `insertContacts`
 * (one transaction, durability `full`). Prints parse, insert and end-to-end times.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { Readable } from 'node:stream';
import { createSqliteCallStore } from '../../engine/src/adapters/store';
import { createSilentLogger } from '../../engine/src/adapters/logging/pino-logger';
import { systemClock } from '../../engine/src/ports/clock.port';
import { parseCsvContacts } from '../../plugins/dialer/core/csv-contacts';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function buildCsv(rows: number): Buffer {
  const names = ['علی رضایی', 'Sara Ahmadi', 'محمد "ممد" کریمی', 'زهرا, تهرانی', 'Reza'];
  const lines = ['\ufeffid,نام,شماره موبایل,city,note'];
  for (let i = 0; i < rows; i++) {
    const n = String(i % Math.floor(rows * 0.99)).padStart(7, '0'); // the last ~1% repeat earlier numbers
    const spelling = i % 4 === 0 ? `0912${n}` : i % 4 === 1 ? `+98 912 ${n}` : i % 4 === 2 ? `912-${n}` : `0098912${n}`;
    const phone = i % 100 === 57 ? `0912${n}&Local/x` : spelling; // ~1% injection attempts
    const name = names[i % names.length]!;
    const quoted = /[",]/.test(name) ? `"${name.replace(/"/g, '""')}"` : name;
    lines.push(`${i},${quoted},${phone},Tehran,${i % 10 === 0 ? '"multi\nline"' : ''}`);
  }
  return Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8');
}

function* slices(buf: Buffer, size: number): Generator<Buffer> {
  for (let i = 0; i < buf.length; i += size) yield buf.subarray(i, i + size);
}

async function main(): Promise<void> {
  const rows = Number(process.argv[2] ?? 100_000);
  const csv = buildCsv(rows);
  print(`node ${process.version}, ${rows.toLocaleString('en-US')} rows, ${(csv.length / 1e6).toFixed(1)} MB CSV, 64 KiB chunks`);
  const dir = mkdtempSync(join(tmpdir(), 'salehi-csv-bench-'));
  const store = createSqliteCallStore({ path: join(dir, 'bench.db'), logger: createSilentLogger(), clock: systemClock });
  try {
    const campaign = await store.createCampaign({ name: 'csv bench', settings: { scenario: 'bench', timeZone: 'Asia/Tehran' } });
    let progressCalls = 0;
    const t0 = performance.now();
    const result = await parseCsvContacts(Readable.from(slices(csv, 65_536)), { onProgress: () => (progressCalls += 1) });
    const t1 = performance.now();
    const report = await store.insertContacts(campaign.id, result.contacts.map(({ line: _line, ...c }) => c));
    const t2 = performance.now();
    print(`parse + normalise: ${(t1 - t0).toFixed(0)} ms = ${Math.round((result.rows / (t1 - t0)) * 1000).toLocaleString('en-US')} rows/s`);
    print(`  good ${result.contacts.length}, invalid ${result.invalid.length}, in-file duplicates ${result.duplicates.length}, progress callbacks ${progressCalls}`);
    print(`sqlite insertContacts (one transaction, durability full): ${(t2 - t1).toFixed(0)} ms, inserted ${report.inserted}`);
    print(`end to end: ${(t2 - t0).toFixed(0)} ms (target <= 10000 ms)`);
    print(`heap used after: ${(process.memoryUsage().heapUsed / 1e6).toFixed(0)} MB`);
  } finally {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exitCode = 1;
});
