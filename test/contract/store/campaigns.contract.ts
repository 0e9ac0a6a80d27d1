import assert from 'node:assert/strict';
import {
  CAMPAIGN_STATES, type CallStorePort, type Campaign, type CampaignSettings, type CampaignState,
} from '../../../engine/src/ports/call-store.port';
import { SETTINGS, all, campaign, rejectsWith, type ContractContext } from './contract-kit';

/** Allowed moves (PRODUCT.md §2 pause/resume); every other pair must be refused. */
const ALLOWED: Record<CampaignState, readonly CampaignState[]> = {
  draft: ['running', 'stopped'],
  running: ['paused', 'stopped', 'completed'],
  paused: ['running', 'stopped'],
  completed: ['running', 'stopped'],
  stopped: [],
};

/** Brings a new campaign into `state` through allowed moves only. */
async function campaignIn(store: CallStorePort, state: CampaignState): Promise<Campaign> {
  if (state === 'draft' || state === 'running' || state === 'paused') return campaign(store, { state });
  const c = await campaign(store, { state: 'running' });
  return (await store.setCampaignState(c.id, state)).campaign;
}

export function campaignsContract(ctx: ContractContext): void {
  describe('campaigns', () => {
    it('creates a draft campaign with a generated id and keeps its settings as given', async () => {
      const c = await campaign(ctx.store);
      assert.match(c.id, /^[0-9a-f-]{36}$/);
      assert.equal(c.state, 'draft');
      assert.equal(c.name, 'March leads');
      assert.deepEqual(c.settings, SETTINGS);
      assert.equal(c.createdAt, ctx.clock.now());
      assert.equal(c.updatedAt, ctx.clock.now());
      assert.deepEqual(await ctx.store.getCampaign(c.id), c);
    });

    it('accepts a stable id and refuses it twice with CE_STORE_CONFLICT', async () => {
      const c = await campaign(ctx.store, { id: 'panel', state: 'running' });
      assert.equal(c.id, 'panel');
      assert.equal(c.state, 'running');
      await rejectsWith(campaign(ctx.store, { id: 'panel' }), 'CE_STORE_CONFLICT');
    });

    it('keeps unknown settings keys and Persian text unchanged', async () => {
      const settings: CampaignSettings = { ...SETTINGS, note: 'تماس با مشتریان', nested: { a: [1, 2.5, true, null] } };
      const c = await campaign(ctx.store, { settings });
      assert.deepEqual((await ctx.store.getCampaign(c.id)).settings, settings);
    });

    it('refuses malformed input with CE_STORE_INVALID_INPUT', async () => {
      const bad: unknown[] = [
        { name: '', settings: SETTINGS },
        { name: 'x', settings: { timeZone: 'Asia/Tehran' } },
        { name: 'x', settings: { scenario: 's' } },
        { name: 'x', settings: { ...SETTINGS, lines: [1] } },
        { name: 'x', settings: { ...SETTINGS, caps: { perMinute: Number.NaN } } },
        { name: 'x', settings: { ...SETTINGS, when: new Date(0) } },
        { name: 'x', settings: SETTINGS, id: 'has space' },
        { name: 'x', settings: SETTINGS, state: 'stopped' },
        { name: 'x', settings: SETTINGS, state: 'completed' },
        { name: 'x', settings: 'not an object' },
      ];
      for (const input of bad) await rejectsWith(ctx.store.createCampaign(input as never), 'CE_STORE_INVALID_INPUT');
      assert.equal((await ctx.store.listCampaigns()).items.length, 0);
    });

    it('reports an unknown campaign with CE_STORE_NOT_FOUND', async () => {
      await rejectsWith(ctx.store.getCampaign('nope'), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.updateCampaign('nope', { name: 'x' }), 'CE_STORE_NOT_FOUND');
      await rejectsWith(ctx.store.setCampaignState('nope', 'running'), 'CE_STORE_NOT_FOUND');
    });

    it('lists in creation order, filters by state and pages with a cursor', async () => {
      const made: string[] = [];
      for (let i = 0; i < 5; i++) made.push((await campaign(ctx.store, { name: `c${i}`, state: i % 2 === 0 ? 'running' : 'draft' })).id);
      const first = await ctx.store.listCampaigns({ limit: 2 });
      assert.deepEqual(first.items.map((c) => c.id), made.slice(0, 2));
      assert.notEqual(first.nextCursor, null);
      const every = await all((cursor) => ctx.store.listCampaigns({ limit: 2, cursor }));
      assert.deepEqual(every.map((c) => c.id), made);
      const running = await ctx.store.listCampaigns({ state: 'running' });
      assert.deepEqual(running.items.map((c) => c.name), ['c0', 'c2', 'c4']);
      assert.equal(running.nextCursor, null);
    });

    it('refuses a bad page size or cursor', async () => {
      for (const limit of [0, 1001, 1.5, -1]) await rejectsWith(ctx.store.listCampaigns({ limit }), 'CE_STORE_INVALID_INPUT');
      await rejectsWith(ctx.store.listCampaigns({ cursor: 'abc' }), 'CE_STORE_INVALID_INPUT');
    });

    it('updates name and settings, keeping createdAt', async () => {
      const c = await campaign(ctx.store);
      const later = ctx.clock.advance(60_000);
      const settings = { ...SETTINGS, scenario: 'other' };
      const u = await ctx.store.updateCampaign(c.id, { name: 'April', settings });
      assert.equal(u.name, 'April');
      assert.deepEqual(u.settings, settings);
      assert.equal(u.createdAt, c.createdAt);
      assert.equal(u.updatedAt, later);
      assert.equal((await ctx.store.updateCampaign(c.id, {})).name, 'April');
      await rejectsWith(ctx.store.updateCampaign(c.id, { settings: { scenario: 'x' } as never }), 'CE_STORE_INVALID_INPUT');
    });

    it('refuses to update a stopped campaign', async () => {
      const c = await campaign(ctx.store);
      await ctx.store.setCampaignState(c.id, 'stopped');
      await rejectsWith(ctx.store.updateCampaign(c.id, { name: 'x' }), 'CE_STORE_INVALID_TRANSITION');
    });

    it('allows exactly the life-cycle moves and refuses every other with CE_STORE_INVALID_TRANSITION', async () => {
      for (const from of CAMPAIGN_STATES) {
        for (const to of CAMPAIGN_STATES) {
          if (from === to) continue;
          const c = await campaignIn(ctx.store, from);
          if (ALLOWED[from].includes(to)) {
            const { campaign: moved, changed } = await ctx.store.setCampaignState(c.id, to);
            assert.equal(moved.state, to, `${from} -> ${to}`);
            assert.equal(changed, true);
          } else {
            await rejectsWith(ctx.store.setCampaignState(c.id, to), 'CE_STORE_INVALID_TRANSITION');
            assert.equal((await ctx.store.getCampaign(c.id)).state, from);
          }
        }
      }
    });

    it('treats the current state as a no-op without an audit event', async () => {
      const c = await campaign(ctx.store, { state: 'paused' });
      const r = await ctx.store.setCampaignState(c.id, 'paused', { actor: 'api' });
      assert.equal(r.changed, false);
      assert.equal(r.campaign.updatedAt, c.updatedAt);
      assert.equal((await ctx.store.listAuditEvents()).items.length, 0);
    });

    it('appends the matching audit event in the same change', async () => {
      const c = await campaign(ctx.store);
      const steps: [CampaignState, string][] = [
        ['running', 'started'], ['paused', 'paused'], ['running', 'resumed'], ['completed', 'completed'],
        ['running', 'reopened'], ['stopped', 'stopped'],
      ];
      for (const [state] of steps) {
        ctx.clock.advance(1000);
        await ctx.store.setCampaignState(c.id, state, { actor: 'fail-streak', reason: '3 failed calls', details: { streak: 3 } });
      }
      const events = (await ctx.store.listAuditEvents({ campaignId: c.id, order: 'asc' })).items;
      assert.deepEqual(events.map((e) => e.action), steps.map(([, a]) => a));
      const last = events[events.length - 1];
      assert.ok(last);
      assert.equal(last.actor, 'fail-streak');
      assert.equal(last.reason, '3 failed calls');
      assert.deepEqual(last.details, { streak: 3 });
      assert.equal(last.at, ctx.clock.now());
      assert.equal(last.campaignId, c.id);
    });

    it('writes no audit event when no audit is given or the move is refused', async () => {
      const c = await campaign(ctx.store);
      await ctx.store.setCampaignState(c.id, 'running');
      await rejectsWith(ctx.store.setCampaignState(c.id, 'draft', { actor: 'api' }), 'CE_STORE_INVALID_TRANSITION');
      await rejectsWith(ctx.store.setCampaignState(c.id, 'paused', { actor: '' }), 'CE_STORE_INVALID_INPUT');
      assert.equal((await ctx.store.getCampaign(c.id)).state, 'running', 'a refused audit rolls the state change back');
      assert.equal((await ctx.store.listAuditEvents()).items.length, 0);
    });
  });
}
