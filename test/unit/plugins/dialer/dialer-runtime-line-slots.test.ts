import assert from 'node:assert/strict';
import sinon from 'sinon';
import { createSilentLogger } from '../../../../engine/src/adapters/logging/pino-logger';
import { loadConfig } from '../../../../engine/src/config/load-config';
import type { CallService, CallStorePort, Campaign, Contact, EngineEventsPort } from '../../../../engine/src/index';
import type { LineSlotOutcome, LineSlotStore } from '../../../../engine/src/ports/line-slot.types';
import { LinePacer } from '../../../../plugins/dialer/core/line-pacer';
import { dialerConfigSchema } from '../../../../plugins/dialer/dialer.config';
import { DialerRuntime } from '../../../../plugins/dialer/dialer-runtime';
import { LineSlotGuard } from '../../../../plugins/dialer/line-slot-guard';

const NOW = Date.UTC(2026, 4, 20, 9, 30);
const LINE = '02191302950';
const campaign = { id: 'c1', name: 'c', state: 'running', settings: { scenario: 'academy' }, createdAt: NOW, updatedAt: NOW } as unknown as Campaign;
const contact = { id: 7, campaignId: 'c1', phone: '09121234567', status: 'claimed', attemptCount: 0 } as unknown as Contact;

/** A runtime whose store has one claimable contact and whose cross-instance ledger always refuses. */
function refusingRuntime(): { runtime: DialerRuntime; store: Record<string, sinon.SinonStub>; calls: { placeOutbound: sinon.SinonStub; isReady: () => boolean }; pacer: LinePacer } {
  const clock = { now: () => NOW };
  const engine = loadConfig({ env: { OUTBOUND_NUMBERS: LINE }, envFile: null });
  const refusal: LineSlotOutcome = { ok: false, reason: 'concurrent-outbound', retryAt: null, usage: { line: LINE, active: { outbound: 2, inbound: 0, operator: 0 }, lastMinute: 2, today: 2, lastOriginateAt: NOW } };
  const slots: LineSlotStore = { reserveLineSlot: sinon.stub().resolves(refusal), releaseLineSlot: sinon.stub(), releaseLineSlots: sinon.stub(), lineUsage: sinon.stub() };
  const store = {
    listCampaigns: sinon.stub().resolves({ items: [campaign], nextCursor: null }),
    claimContacts: sinon.stub().resolves([contact]),
    checkDnc: sinon.stub().resolves(null),
    releaseContact: sinon.stub().resolves({ ...contact, status: 'pending' }),
    createAttempt: sinon.stub().rejects(new Error('must not be called')),
  };
  const calls = { placeOutbound: sinon.stub().rejects(new Error('must not be called')), isReady: () => true };
  const pacer = new LinePacer({ lines: [LINE], limits: engine.lines.limits, timeZone: engine.timezone, clock });
  const logger = createSilentLogger();
  const guard = new LineSlotGuard({ slots, limits: engine.lines.limits, timeZone: engine.timezone, instanceId: 'engine-a', holdMs: 60_000, logger });
  const runtime = new DialerRuntime({
    store: store as unknown as CallStorePort, calls: calls as unknown as CallService, pacer, config: dialerConfigSchema.parse({ batchSize: 5 }), engine,
    events: { on: () => () => undefined, emit: () => undefined } as unknown as EngineEventsPort, logger, clock, guard,
  });
  return { runtime, store, calls, pacer };
}

describe('DialerRuntime with cross-instance line slots', () => {
  it('a line full across instances: the contact goes back (eligible now), the local lease is freed, nothing is dialled', async () => {
    const { runtime, store, calls, pacer } = refusingRuntime();
    await runtime.tick();
    sinon.assert.calledOnceWithExactly(store.releaseContact!, 7, NOW);
    sinon.assert.notCalled(store.createAttempt!);
    sinon.assert.notCalled(calls.placeOutbound);
    // One refusal ends this campaign's batch for the tick: it does not claim and give back in a loop.
    sinon.assert.calledOnce(store.claimContacts!);
    assert.deepEqual(pacer.snapshot().map((l) => l.active.outbound), [0]);
  });
});
