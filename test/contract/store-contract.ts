import assert from 'node:assert/strict';
import { isEngineError } from '../../engine/src/errors';
import type { Clock } from '../../engine/src/ports/clock.port';
import type { CallStorePort } from '../../engine/src/ports/call-store.port';
import { attemptsContract } from './store/attempts.contract';
import { campaignsContract } from './store/campaigns.contract';
import { claimsContract } from './store/claims.contract';
import { contactsContract } from './store/contacts.contract';
import { ManualClock, campaign, rejectsWith, type ContractContext } from './store/contract-kit';
import { dncAuditContract } from './store/dnc-audit.contract';
import { lineSlotsContract } from './store/line-slots.contract';
import { outboxContract } from './store/outbox.contract';
import { resultsContract } from './store/results.contract';

/** What the suite hands a factory: the store under test MUST take every default time from `clock`. */
export interface StoreContractEnv {
  readonly clock: Clock;
}

export interface StoreUnderTest {
  readonly store: CallStorePort;
  /** Closes the store (if still open) and removes whatever the factory created. */
  readonly cleanup: () => Promise<void>;
}

export type StoreFactory = (env: StoreContractEnv) => Promise<StoreUnderTest>;

/**
 * The behaviour every `CallStorePort` adapter must show (SQLite now, PostgreSQL later). Registers mocha
 * tests; each test gets a fresh, empty store from `factory`.
 */
export function runStoreContract(name: string, factory: StoreFactory): void {
  describe(`CallStorePort contract: ${name}`, function () {
    this.timeout(30_000);
    let current: StoreUnderTest | undefined;
    let clock = new ManualClock();
    const ctx: ContractContext = {
      get store(): CallStorePort {
        assert.ok(current, 'no store: the factory failed');
        return current.store;
      },
      get clock(): ManualClock {
        return clock;
      },
    };

    beforeEach(async () => {
      clock = new ManualClock();
      current = await factory({ clock });
    });

    afterEach(async () => {
      const done = current;
      current = undefined;
      await done?.cleanup();
    });

    campaignsContract(ctx);
    contactsContract(ctx);
    claimsContract(ctx);
    attemptsContract(ctx);
    resultsContract(ctx);
    outboxContract(ctx);
    dncAuditContract(ctx);
    lineSlotsContract(ctx);

    describe('malformed arguments (e.g. from a bad HTTP body)', () => {
      it('rejects null and non-object arguments with CE_STORE_INVALID_INPUT, never a crash', async () => {
        const s = ctx.store;
        const c = await campaign(s, { state: 'running' });
        const a = await s.createAttempt({ direction: 'inbound', phone: '0912', instanceId: 'e' });
        const calls: Promise<unknown>[] = [
          s.createCampaign(null as never), s.updateCampaign(c.id, null as never), s.setCampaignState(c.id, 'paused', 7 as never),
          s.listCampaigns(null as never), s.listContacts(c.id, null as never), s.createAttempt(null as never),
          s.advanceAttempt(a.id, 'dialing', null as never), s.finishAttempt(a.id, null as never),
          s.finishAttempt(a.id, { result: 'busy' }, null as never), s.listAttempts(null as never), s.listResults(null as never),
          s.enqueueOutbox(null as never), s.leaseOutbox(null as never), s.listOutbox(null as never), s.addDnc(null as never),
          s.listDnc(null as never), s.appendAuditEvent(null as never), s.listAuditEvents(null as never),
          s.markOutboxFailed(1, null as never),
        ];
        for (const [i, call] of calls.entries()) {
          await assert.rejects(call, (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT') || assert.fail(`call ${i}: ${String(e)}`));
        }
        assert.equal((await s.getAttempt(a.id)).state, 'pending');
        assert.equal((await s.getCampaign(c.id)).state, 'running');
      });
    });

    describe('closing', () => {
      it('rejects every call with CE_STORE_CLOSED after close(), and close() is idempotent', async () => {
        const c = await campaign(ctx.store);
        await ctx.store.close();
        await ctx.store.close();
        await rejectsWith(ctx.store.getCampaign(c.id), 'CE_STORE_CLOSED');
        await rejectsWith(ctx.store.createCampaign({ name: 'x', settings: { scenario: 's', timeZone: 'UTC' } }), 'CE_STORE_CLOSED');
        await rejectsWith(ctx.store.insertContacts(c.id, []), 'CE_STORE_CLOSED');
        await rejectsWith(ctx.store.listInFlightAttempts(), 'CE_STORE_CLOSED');
        await rejectsWith(ctx.store.leaseOutbox({ topic: 't', now: 0, limit: 1, leaseMs: 1, owner: 'o' }), 'CE_STORE_CLOSED');
        await rejectsWith(ctx.store.checkDnc('0912'), 'CE_STORE_CLOSED');
        await rejectsWith(ctx.store.listAuditEvents(), 'CE_STORE_CLOSED');
      });
    });
  });
}
