import assert from 'node:assert/strict';
import sinon from 'sinon';
import type { Attempt, AttemptQuery, CallStorePort } from '../../../../engine/src/index';
import { CampaignOriginates } from '../../../../plugins/dialer/campaign-originates';

const T0 = Date.UTC(2026, 4, 20, 6, 0);
const MIN = 60_000;

/** A ledger of one campaign's attempts, paged newest first as `listAttempts({ order: 'desc' })` does. */
function ledger() {
  const rows: Attempt[] = [];
  const listAttempts = sinon.stub().callsFake(async (q: AttemptQuery) => {
    const desc = rows.filter((r) => r.campaignId === q.campaignId).reverse();
    const start = q.cursor ? Number(q.cursor) : 0;
    const items = desc.slice(start, start + (q.limit ?? 100));
    return { items, nextCursor: start + items.length < desc.length ? String(start + items.length) : null };
  });
  return {
    store: { listAttempts } as unknown as CallStorePort,
    listAttempts,
    add(createdAt: number, result: string | null = 'busy', campaignId = 'c1'): Attempt {
      const a = { id: `a${rows.length + 1}`, campaignId, createdAt, result } as unknown as Attempt;
      rows.push(a);
      return a;
    },
  };
}

describe('dialer: CampaignOriginates (a campaign\'s originates from the ledger)', () => {
  it('counts the ledger rows since a time; failed:not_dialled never reached the trunk and does not count', async () => {
    const l = ledger();
    l.add(T0 - 2 * MIN);
    l.add(T0 - MIN, 'failed:not_dialled');
    l.add(T0 - MIN, null); // still live
    l.add(T0);
    const o = new CampaignOriginates(l.store);
    await o.refresh('c1', T0 - 90_000, T0);
    assert.equal(o.count('c1', T0 - 90_000), 2);
    assert.equal(o.count('c1', T0), 1);
    assert.equal(o.count('other', 0), 0);
  });

  it('reads every page the first time, then only the newest rows (down to the last read, less an overlap)', async () => {
    const l = ledger();
    for (let i = 0; i < 450; i++) l.add(T0 + i);
    const o = new CampaignOriginates(l.store);
    await o.refresh('c1', T0, T0 + MIN);
    assert.equal(o.count('c1', T0), 450);
    assert.equal(l.listAttempts.callCount, 3, '200 + 200 + 50');
    l.add(T0 + 2 * MIN);
    l.add(T0 + 2 * MIN);
    await o.refresh('c1', T0, T0 + 2 * MIN);
    assert.equal(o.count('c1', T0), 452);
    assert.equal(l.listAttempts.callCount, 4, 'one page: the new rows, then a row older than the last read');
  });

  it('an originate counts at once, is not counted twice once the ledger shows it, and stops counting if its row was never written', async () => {
    const l = ledger();
    const o = new CampaignOriginates(l.store);
    await o.refresh('c1', T0, T0);
    const written = o.begin('c1');
    const lost = o.begin('c1');
    assert.equal(o.count('c1', T0), 2, 'both count before any row exists');
    written.created(l.add(T0 + 1000));
    await o.refresh('c1', T0, T0 + 2000);
    assert.equal(o.count('c1', T0), 2, 'the written one is counted once, by its id');
    lost.settled();
    written.settled();
    assert.equal(o.count('c1', T0), 1);
  });

  it('drops what is older than `since` (a new local day) and reads in full when the caps look further back', async () => {
    const l = ledger();
    l.add(T0 - 3 * 3_600_000);
    l.add(T0 - 10 * MIN);
    const o = new CampaignOriginates(l.store);
    await o.refresh('c1', T0 - 3_600_000, T0); // per hour only
    assert.equal(o.count('c1', 0), 1);
    await o.refresh('c1', T0 - 4 * 3_600_000, T0 + 1000); // a per-day cap was added
    assert.equal(o.count('c1', 0), 2);
    await o.refresh('c1', T0 - MIN, T0 + 2000); // the day turned
    assert.equal(o.count('c1', 0), 0);
  });

  it('retain forgets campaigns no longer capped, but keeps counting an originate still starting', async () => {
    const l = ledger();
    const o = new CampaignOriginates(l.store);
    l.add(T0);
    await o.refresh('c1', T0, T0);
    await o.refresh('c2', T0, T0);
    const starting = o.begin('c2');
    o.retain(new Set());
    assert.equal(o.count('c1', 0), 0);
    assert.equal(o.count('c2', 0), 1, 'its row may not be written yet');
    starting.settled();
    assert.equal(o.count('c2', 0), 0);
  });
});
