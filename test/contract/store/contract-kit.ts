import assert from 'node:assert/strict';
import type { ErrorCode } from '../../../engine/src/errors';
import { isEngineError } from '../../../engine/src/errors';
import type { Clock } from '../../../engine/src/ports/clock.port';
import type {
  Attempt, CallStorePort, Campaign, CampaignSettings, Contact, NewCampaign, NewContact,
} from '../../../engine/src/ports/call-store.port';

/** A clock the contract moves by hand; every store under test must take its time from it. */
export class ManualClock implements Clock {
  constructor(private current = Date.UTC(2026, 2, 1, 8, 0, 0)) {}

  now(): number {
    return this.current;
  }

  advance(ms: number): number {
    this.current += ms;
    return this.current;
  }
}

/** What every contract file gets: the store and clock of the current test (fresh per test). */
export interface ContractContext {
  readonly store: CallStorePort;
  readonly clock: ManualClock;
}

export const SETTINGS: CampaignSettings = {
  scenario: 'salehi-default',
  timeZone: 'Asia/Tehran',
  lines: ['02191302954'],
  windows: [{ days: ['sat', 'sun'], from: '09:00', to: '18:00' }],
  retryPolicy: { busy: { delaySeconds: 600, maxAttempts: 3 } },
  caps: { concurrent: 5, perMinute: 20 },
};

/** Asserts that `promise` rejects with an EngineError of `code`. */
export async function rejectsWith(promise: Promise<unknown>, code: ErrorCode): Promise<void> {
  await assert.rejects(promise, (err: unknown) => {
    assert.ok(isEngineError(err), `expected EngineError ${code}, got ${String(err)}`);
    assert.equal(err.code, code, `expected ${code}, got ${err.code}: ${err.message}`);
    return true;
  });
}

/** `09120000000 + i` as an Iranian mobile number. */
export function phone(i: number): string {
  return `0912${String(i).padStart(7, '0')}`;
}

export function contacts(n: number, from = 0): NewContact[] {
  return Array.from({ length: n }, (_, i) => ({ phone: phone(from + i) }));
}

export async function campaign(store: CallStorePort, over: Partial<NewCampaign> = {}): Promise<Campaign> {
  return store.createCampaign({ name: 'March leads', settings: SETTINGS, ...over });
}

/** A running campaign with `n` contacts, all claimed by `instance`. */
export async function claimed(ctx: ContractContext, n = 1, instance = 'engine-a'): Promise<{ campaign: Campaign; contacts: readonly Contact[] }> {
  const c = await campaign(ctx.store, { state: 'running' });
  await ctx.store.insertContacts(c.id, contacts(n));
  const got = await ctx.store.claimContacts(c.id, n, ctx.clock.now(), instance);
  assert.equal(got.length, n);
  return { campaign: c, contacts: got };
}

/** A claimed contact with a live outbound attempt for it. */
export async function liveAttempt(ctx: ContractContext, instance = 'engine-a'): Promise<{ campaign: Campaign; contact: Contact; attempt: Attempt }> {
  const { campaign: c, contacts: [contact] } = await claimed(ctx, 1, instance);
  assert.ok(contact);
  const attempt = await ctx.store.createAttempt({
    direction: 'outbound', phone: contact.phone, campaignId: c.id, contactId: contact.id, instanceId: instance,
  });
  return { campaign: c, contact, attempt };
}

/** Reads every page of a paged list. */
export async function all<T>(page: (cursor?: string) => Promise<{ items: readonly T[]; nextCursor: string | null }>): Promise<T[]> {
  const out: T[] = [];
  let cursor: string | undefined;
  for (;;) {
    const p = await page(cursor);
    out.push(...p.items);
    if (p.nextCursor === null) return out;
    cursor = p.nextCursor;
  }
}
