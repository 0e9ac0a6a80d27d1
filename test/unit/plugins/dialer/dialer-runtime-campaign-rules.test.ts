import assert from 'node:assert/strict';
import sinon from 'sinon';
import { loadConfig } from '../../../../engine/src/config/load-config';
import type { CallService, CallStorePort, Campaign, Contact, EngineEventsPort, OutboundCallRequest } from '../../../../engine/src/index';
import { LinePacer } from '../../../../plugins/dialer/core/line-pacer';
import { dialerConfigSchema } from '../../../../plugins/dialer/dialer.config';
import { DialerRuntime } from '../../../../plugins/dialer/dialer-runtime';
import { CaptureLogger } from '../../../fakes/capture-logger';

const NOW = Date.UTC(2026, 4, 20, 7, 0); // 10:30 in Tehran
const LINES = ['02191302950', '02191302951', '02191302952'];

interface CampaignSpec {
  readonly id: string;
  readonly contacts: number;
  readonly settings?: Record<string, unknown>;
  readonly attemptCount?: number;
}

/**
 * A dialer over a stub store that keeps per-campaign queues, three lines and calls the test ends by
 * hand (`hold`) or at once. Records the most calls up at once, overall and per campaign.
 */
function harness(specs: readonly CampaignSpec[], opts: { hold?: boolean; batchSize?: number; dialer?: Record<string, unknown> } = {}) {
  let now = NOW;
  const clock = { now: () => now };
  let campaigns: Campaign[] = specs.map((s) => ({ id: s.id, name: s.id, state: 'running', settings: { scenario: 'academy', timeZone: 'Asia/Tehran', ...s.settings }, createdAt: 0, updatedAt: 0 }) as unknown as Campaign);
  let nextId = 0;
  const queues = new Map(specs.map((s) => [s.id, Array.from({ length: s.contacts }, () => ({ id: ++nextId, campaignId: s.id, phone: `0912000${String(nextId).padStart(4, '0')}`, status: 'claimed', attemptCount: s.attemptCount ?? 0, timeZone: null }) as unknown as Contact)]));
  const claimed = new Map<string, number>();
  const bump = (id: string, by: number) => claimed.set(id, (claimed.get(id) ?? 0) + by);
  let attemptId = 0;
  const attemptCampaign = new Map<string, string>();
  const store = {
    listCampaigns: sinon.stub().callsFake(async () => ({ items: campaigns.filter((c) => c.state === 'running'), nextCursor: null })),
    claimContacts: sinon.stub().callsFake(async (campaignId: string) => {
      const c = queues.get(campaignId)?.shift();
      if (!c) return [];
      bump(campaignId, 1);
      return [c];
    }),
    checkDnc: sinon.stub().resolves(null),
    closeContact: sinon.stub().resolves(undefined),
    releaseContact: sinon.stub().resolves(undefined),
    createAttempt: sinon.stub().callsFake(async (a: { campaignId: string }) => {
      const id = `a${++attemptId}`;
      attemptCampaign.set(id, a.campaignId);
      return { id, createdAt: NOW };
    }),
    advanceAttempt: sinon.stub().resolves(undefined),
    finishAttempt: sinon.stub().callsFake(async (id: string) => bump(attemptCampaign.get(id)!, -1)),
    countContacts: sinon.stub().callsFake(async (id: string) => ({ pending: queues.get(id)?.length ?? 0, claimed: claimed.get(id) ?? 0, done: 0, skipped: 0 })),
    setCampaignState: sinon.stub().callsFake(async (id: string, state: string) => {
      campaigns = campaigns.map((c) => (c.id === id ? ({ ...c, state } as Campaign) : c));
      return { campaign: campaigns.find((c) => c.id === id), changed: true };
    }),
    appendAuditEvent: sinon.stub().resolves(undefined),
  };
  const live = new Map<string, number>();
  const most = { all: 0, byCampaign: new Map<string, number>() };
  const held: { campaignId: string; end: () => void }[] = [];
  const calls = {
    isReady: () => true,
    placeOutbound: sinon.stub().callsFake(async (req: OutboundCallRequest) => {
      const id = req.campaignId!;
      live.set(id, (live.get(id) ?? 0) + 1);
      most.all = Math.max(most.all, [...live.values()].reduce((a, b) => a + b, 0));
      most.byCampaign.set(id, Math.max(most.byCampaign.get(id) ?? 0, live.get(id)!));
      if (opts.hold) await new Promise<void>((end) => held.push({ campaignId: id, end }));
      live.set(id, live.get(id)! - 1);
      return { result: 'busy', endedAt: NOW };
    }),
  };
  const engine = loadConfig({ env: { OUTBOUND_NUMBERS: LINES.join(','), MAX_CONCURRENT_CALLS: '5' }, envFile: null });
  const logger = new CaptureLogger();
  const runtime = new DialerRuntime({
    store: store as unknown as CallStorePort, calls: calls as unknown as CallService, engine, logger, clock,
    config: dialerConfigSchema.parse({ batchSize: opts.batchSize ?? 5, ...opts.dialer }),
    pacer: new LinePacer({ lines: LINES, limits: engine.lines.limits, timeZone: engine.timezone, clock }),
    events: { on: () => () => undefined, emit: () => undefined } as unknown as EngineEventsPort,
  });
  const settle = async () => {
    for (let i = 0; i < 20; i++) await new Promise((r) => setImmediate(r));
  };
  return {
    runtime, store, calls, logger, most,
    /** Moves the clock (a line's per-second spacing lets it originate again). */
    advance(ms: number): void {
      now += ms;
    },
    async tick(): Promise<void> {
      await runtime.tick();
      await settle();
    },
    /** Ends the held calls (of one campaign, or all). */
    async release(campaignId?: string): Promise<void> {
      for (const call of held.filter((c) => campaignId === undefined || c.campaignId === campaignId)) {
        held.splice(held.indexOf(call), 1);
        call.end();
      }
      await settle();
    },
    setSettings(id: string, settings: Record<string, unknown>): void {
      campaigns = campaigns.map((c) => (c.id === id ? ({ ...c, settings: { ...c.settings, ...settings } } as Campaign) : c));
    },
    completed: (): string[] => store.setCampaignState.getCalls().filter((c) => c.args[1] === 'completed').map((c) => c.args[0] as string),
    /** `retryContactAt` (or none) of each finished attempt, in order. */
    retries: (): (number | undefined)[] => store.finishAttempt.getCalls().map((c) => (c.args[2] as { retryContactAt?: number }).retryContactAt),
  };
}

describe('DialerRuntime: a campaign\'s own retry policy and caps', () => {
  it("a campaign's own retry policy decides its retries; a campaign without one gets the plugin's", async () => {
    const own = { maxAttempts: 4, rules: { busy: { delaySec: 900, maxAttempts: 4 } } };
    const h = harness([{ id: 'own', contacts: 1, settings: { retryPolicy: own } }, { id: 'plain', contacts: 1 }], { dialer: { defaultRetrySec: 60, maxAttempts: 5 } });
    await h.tick();
    assert.deepEqual(h.retries(), [NOW + 900_000, NOW + 60_000]);
    assert.deepEqual(h.runtime.status().campaigns.map((c) => [c.campaignId, c.ownRetryPolicy]), [['own', true], ['plain', false]]);
  });

  it("the campaign's maxAttempts ends the contact even when the plugin's would retry", async () => {
    const own = { maxAttempts: 2, rules: { busy: { delaySec: 900, maxAttempts: 5 } } };
    const h = harness([{ id: 'own', contacts: 1, attemptCount: 1, settings: { retryPolicy: own } }, { id: 'plain', contacts: 1, attemptCount: 1 }], { dialer: { maxAttempts: 5 } });
    await h.tick();
    assert.deepEqual(h.retries(), [undefined, NOW + 60_000], 'second attempt of 2: done; the plugin allows 5');
  });

  it('an invalid stored retry policy fails closed: not dialled, one error naming campaign and field, until fixed', async () => {
    const h = harness([{ id: 'broken', contacts: 2, settings: { retryPolicy: { maxAttempts: 3, rules: { busy: { delaySec: -1, maxAttempts: 2 } } } } }, { id: 'fine', contacts: 1 }]);
    await h.tick();
    await h.tick();
    assert.ok(h.store.claimContacts.callCount > 0);
    assert.ok(h.store.claimContacts.getCalls().every((c) => c.args[0] === 'fine'), 'only the valid campaign is dialled');
    const errors = h.logger.records.filter((r) => r.level === 'error' && /campaign settings unusable/.test(r.msg));
    assert.equal(errors.length, 1, 'logged once, not per tick');
    assert.deepEqual((errors[0]!.obj as { campaignId: string; fields: string[] }).campaignId, 'broken');
    assert.deepEqual((errors[0]!.obj as { fields: string[] }).fields, ['settings.retryPolicy.rules.busy.delaySec']);
    assert.match(h.runtime.status().campaigns.find((c) => c.campaignId === 'broken')!.error!, /^campaign broken: settings\.retryPolicy\.rules\.busy\.delaySec: /);

    h.setSettings('broken', { retryPolicy: { maxAttempts: 3, rules: { busy: { delaySec: 30, maxAttempts: 2 } } } });
    await h.tick();
    assert.ok(h.store.claimContacts.getCalls().some((c) => c.args[0] === 'broken'), 'dialled once the settings are fixed');
  });

  it('invalid stored caps fail closed too', async () => {
    const h = harness([{ id: 'c1', contacts: 2, settings: { caps: { perDay: 'lots' } } }]);
    await h.tick();
    sinon.assert.notCalled(h.store.claimContacts);
    assert.match(h.runtime.status().campaigns[0]!.error!, /settings\.caps\.perDay/);
  });

  it('concurrent cap 1 with 3 free lines: never two calls of that campaign at once', async () => {
    const h = harness([{ id: 'c1', contacts: 4, settings: { caps: { concurrent: 1 } } }], { hold: true });
    for (let round = 0; round < 4; round++) {
      h.advance(1000);
      await h.tick();
      await h.tick();
      assert.equal(h.runtime.status().campaigns[0]!.inFlight, 1);
      await h.release();
    }
    assert.equal(h.calls.placeOutbound.callCount, 4, 'every contact dialled, one after the other');
    assert.equal(h.most.byCampaign.get('c1'), 1);
  });

  it('without the cap the same campaign uses the three lines at once (the cap is what limits)', async () => {
    const h = harness([{ id: 'c1', contacts: 4 }], { hold: true });
    await h.tick();
    assert.equal(h.most.byCampaign.get('c1'), 3);
    await h.release();
  });

  it("a capped campaign leaves the other lines to another campaign; each campaign's cap is its own", async () => {
    const h = harness([{ id: 'a', contacts: 3, settings: { caps: { concurrent: 1 } } }, { id: 'b', contacts: 3, settings: { caps: { concurrent: 2 } } }], { hold: true });
    await h.tick();
    await h.tick();
    assert.deepEqual([h.most.byCampaign.get('a'), h.most.byCampaign.get('b'), h.most.all], [1, 2, 3]);
    await h.release();
  });

  it("a campaign that ran out of contacts completes without waiting for another campaign's calls", async () => {
    const h = harness([{ id: 'short', contacts: 1 }, { id: 'long', contacts: 1 }], { hold: true, batchSize: 1 });
    await h.tick(); // each dials its one contact; both calls are held
    assert.equal(h.calls.placeOutbound.callCount, 2);
    await h.release('short');
    await h.tick();
    assert.deepEqual(h.completed(), ['short'], "the long campaign's call in flight does not keep the short one open");
    assert.equal(h.runtime.status().campaigns.find((c) => c.campaignId === 'long')?.inFlight, 1);
    await h.release('long');
    await h.tick();
    assert.deepEqual(h.completed(), ['short', 'long']);
  });
});
