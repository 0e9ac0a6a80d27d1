/**
 * Child process for the SIGKILL test (not a test file itself). It opens the store the way the engine
 * does at start — reconciling attempts a killed predecessor left in flight — then writes contacts,
 * attempts, results, outbox items and DNC entries in a tight loop, printing a line only AFTER each
 * write has committed:  `attempt <id>`, `finished <id>`, `dnc <phone>`, `reconciled <id>`.
 * With <hold at> = n, call n stops after its attempt was written (`holding <id>`), like a long call, so
 * a kill is certain to land while that attempt is in flight.
 * Usage: node store-writer.child.js <db path> <round> <full|normal> [hold at]
 */
import { createSqliteCallStore } from '../../../engine/src/adapters/store';
import { createSilentLogger } from '../../../engine/src/adapters/logging/pino-logger';
import { isEngineError } from '../../../engine/src/errors';
import { systemClock } from '../../../engine/src/ports/clock.port';
import type { CallStorePort } from '../../../engine/src/ports/call-store.port';

const CAMPAIGN = 'kill-test';
const INSTANCE = 'engine-kill';

function say(line: string): void {
  // Writes to a pipe are synchronous on Linux: once this returns the parent can read the line.
  process.stdout.write(`${line}\n`);
}

async function reconcile(store: CallStorePort): Promise<void> {
  for (const a of await store.listInFlightAttempts(INSTANCE)) {
    await store.finishAttempt(a.id, { result: 'failed:reconciled' });
    say(`reconciled ${a.id}`);
  }
  await store.releaseClaims(INSTANCE);
}

async function ensureCampaign(store: CallStorePort): Promise<void> {
  try {
    await store.createCampaign({ id: CAMPAIGN, name: 'SIGKILL', state: 'running', settings: { scenario: 's', timeZone: 'UTC' } });
  } catch (err) {
    if (!isEngineError(err, 'CE_STORE_CONFLICT')) throw err;
  }
}

async function oneCall(store: CallStorePort, round: number, i: number, holdAt: number): Promise<void> {
  const phone = `09${String(round).padStart(2, '0')}${String(i).padStart(7, '0')}`;
  await store.insertContacts(CAMPAIGN, [{ phone }]);
  const [contact] = await store.claimContacts(CAMPAIGN, 1, Date.now(), INSTANCE);
  if (contact === undefined) throw new Error('nothing to claim');
  const attempt = await store.createAttempt({ direction: 'outbound', phone, contactId: contact.id, instanceId: INSTANCE });
  say(`attempt ${attempt.id}`);
  if (i === holdAt) {
    say(`holding ${attempt.id}`);
    await new Promise((resolve) => setTimeout(resolve, 600_000));
  }
  await store.advanceAttempt(attempt.id, 'dialing', { channelId: `chan-${round}-${i}` });
  await store.finishAttempt(attempt.id, { result: i % 3 === 0 ? 'busy' : 'not_interested', transcript: 'نه' }, {
    outbox: [{ key: attempt.id, topic: 'panel.report-result', payload: { attempt_id: attempt.id, phone_number: phone } }],
  });
  say(`finished ${attempt.id}`);
  if (i % 10 === 0) {
    await store.addDnc({ phone, source: 'kill-test' });
    say(`dnc ${phone}`);
  }
}

async function main(): Promise<void> {
  const [path, roundText, durability, holdText] = process.argv.slice(2);
  if (path === undefined || roundText === undefined) throw new Error('usage: store-writer <db> <round> <full|normal>');
  const store = createSqliteCallStore({
    path, logger: createSilentLogger(), clock: systemClock, durability: durability === 'full' ? 'full' : 'normal',
  });
  await ensureCampaign(store);
  await reconcile(store);
  say('ready');
  const round = Number(roundText);
  const holdAt = holdText === undefined ? -1 : Number(holdText);
  for (let i = 0; ; i++) await oneCall(store, round, i, holdAt);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exitCode = 1;
});
