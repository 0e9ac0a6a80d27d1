import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createSqliteCallStore } from '../../../engine/src/adapters/store';
import { createSilentLogger } from '../../../engine/src/adapters/logging/pino-logger';
import { systemClock } from '../../../engine/src/ports/clock.port';
import { all } from '../../contract/store/contract-kit';

interface RoundLog {
  readonly lines: string[];
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/**
 * Runs the writer until it has reported `killAfter` committed writes (or says it is holding a call
 * open), then SIGKILLs it.
 */
function runAndKill(db: string, round: number, durability: string, killAfter: number, holdAt = -1): Promise<RoundLog> {
  return new Promise((resolve, reject) => {
    const args = [join(__dirname, 'store-writer.child.js'), db, String(round), durability, String(holdAt)];
    const child = spawn(process.execPath, args, {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const lines: string[] = [];
    let stderr = '';
    let writes = 0;
    child.stderr.on('data', (b: Buffer) => { stderr += b.toString(); });
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      if (line.startsWith('holding')) child.kill('SIGKILL');
      if (!/^(ready|reconciled|holding)/.test(line)) writes += 1;
      if (writes === killAfter) child.kill('SIGKILL');
    });
    child.on('error', reject);
    // 'close' waits for stdout to drain, so every line the child wrote before dying is in `lines`.
    child.on('close', (_code, signal) => resolve({ lines, signal, stderr }));
  });
}

function ids(lines: readonly string[], word: string): string[] {
  return lines.filter((l) => l.startsWith(`${word} `)).map((l) => l.slice(word.length + 1));
}

describe('SQLite store survives SIGKILL', function () {
  this.timeout(120_000);
  let dir: string;

  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'salehi-sigkill-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps every committed row, stays intact and reconciles in-flight attempts, over repeated kills', async () => {
    const db = join(dir, 'data', 'calls.db');
    const rounds: RoundLog[] = [];
    // NORMAL is the weaker setting: if it survives SIGKILL, FULL does too. One FULL round for good measure.
    // Round 3 is killed while call 12 is certainly in flight; the others wherever the kill lands.
    const plan: [string, number, number][] = [
      ['normal', 45, -1], ['normal', 131, -1], ['full', 1000, 12], ['normal', 77, -1], ['normal', 250, -1],
    ];
    for (const [i, [durability, killAfter, holdAt]] of plan.entries()) {
      const r = await runAndKill(db, i + 1, durability, killAfter, holdAt);
      assert.equal(r.signal, 'SIGKILL', `round ${i + 1} was not killed: ${r.stderr}`);
      assert.equal(r.stderr, '');
      rounds.push(r);
    }
    const log = rounds.flatMap((r) => r.lines);
    const attempts = ids(log, 'attempt');
    const finished = new Set(ids(log, 'finished'));
    const reconciled = ids(log, 'reconciled');
    const held = ids(rounds[2]?.lines ?? [], 'holding');
    assert.equal(held.length, 1);
    assert.deepEqual(ids(rounds[3]?.lines ?? [], 'reconciled'), held, 'the next start finishes the call killed in flight');
    assert.ok(attempts.length >= 200, `only ${attempts.length} attempts were written`);

    const store = createSqliteCallStore({ path: db, logger: createSilentLogger(), clock: systemClock });
    try {
      assert.deepEqual(store.checkIntegrity(), [], 'PRAGMA integrity_check');
      for (const id of attempts) await store.getAttempt(id);
      const queued = new Set((await all((cursor) => store.listOutbox({ limit: 1000, cursor }))).map((o) => o.key));
      for (const id of finished) {
        assert.ok((await store.getResult(id)) !== null, `result of ${id} lost`);
        assert.ok(queued.has(id), `outbox item of ${id} lost`);
      }
      for (const phone of ids(log, 'dnc')) assert.ok(await store.checkDnc(phone), `dnc ${phone} lost`);
      // Each restart finished what its killed predecessor left in flight: no attempt is lost or left open.
      for (const id of reconciled) {
        assert.ok(!finished.has(id), `${id} was finished twice`);
        assert.equal((await store.getResult(id))?.result, 'failed:reconciled');
      }
      const open = await store.listInFlightAttempts();
      assert.ok(open.length <= 1, `${open.length} attempts left in flight`);
      const contacts = await store.countContacts('kill-test');
      assert.ok(contacts.claimed <= 1, 'a claim survives only with its in-flight attempt');
    } finally {
      await store.close();
    }
  });
});
