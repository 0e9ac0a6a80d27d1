import assert from 'node:assert/strict';
import { planReconcile, runReconcile, type ReconcileDeps } from '../../../../../../engine/src/adapters/asterisk/ari/ari-reconcile';
import type { CallEvent } from '../../../../../../engine/src/ports/call-event';
import type { TelephonyChannel } from '../../../../../../engine/src/ports/telephony.port';

function ch(channelId: string, name: string, inApplication = true): TelephonyChannel {
  return { channelId, name, state: 'up', inApplication, appArgs: inApplication ? ['outbound'] : [] };
}

const KNOWN = ch('att-1', 'Local/100@salehi-outbound-0000000f;1');
const KNOWN_HALF = ch('att-1;2', 'Local/100@salehi-outbound-0000000f;2', false);
const STRAY = ch('stray-1', 'PJSIP/carrier-00000007');
const set = (...ids: string[]): ReadonlySet<string> => new Set(ids);

describe('ari-reconcile', () => {
  describe('planReconcile', () => {
    it('re-adopts owned channels, settles strays, reports owned channels that are gone', () => {
      const plan = planReconcile([KNOWN, KNOWN_HALF, STRAY], { before: set('att-1', 'att-9'), after: set('att-1', 'att-9'), inFlight: set() });
      assert.deepEqual(plan.readopt.map((c) => c.channelId), ['att-1']);
      assert.deepEqual(plan.settle.map((c) => c.channelId), ['stray-1']);
      assert.deepEqual(plan.vanished, ['att-9']);
    });

    it('never settles the other half of an owned Local channel, whatever its id', () => {
      const half = ch('custom-other-id', 'Local/100@salehi-outbound-0000000f;2', false);
      const plan = planReconcile([KNOWN, half], { before: set('att-1'), after: set('att-1'), inFlight: set() });
      assert.deepEqual(plan.settle, []);
    });

    it('an originate in flight has neither vanished nor is a stray', () => {
      const plan = planReconcile([ch('att-2', 'PJSIP/x-1', false)], { before: set('att-3'), after: set('att-3'), inFlight: set('att-2', 'att-3') });
      assert.deepEqual(plan.settle, []);
      assert.deepEqual(plan.vanished, []);
    });

    it('a session registered during the listing has not vanished', () => {
      const plan = planReconcile([], { before: set(), after: set('new-inbound'), inFlight: set() });
      assert.deepEqual(plan.vanished, []);
    });
  });

  describe('runReconcile', () => {
    function deps(over: Partial<ReconcileDeps> & { owned: string[][] }): { deps: ReconcileDeps; events: CallEvent[]; hungUp: string[] } {
      const events: CallEvent[] = [];
      const hungUp: string[] = [];
      let call = 0;
      const d: ReconcileDeps = {
        listChannels: async () => [KNOWN, KNOWN_HALF, STRAY],
        ownedChannelIds: () => over.owned[Math.min(call++, over.owned.length - 1)],
        inFlight: () => new Set(),
        hangup: async (id) => {
          hungUp.push(id);
          return true;
        },
        emit: (e) => events.push(e),
        now: () => 42,
        settleDelay: async () => undefined,
        ...over,
      };
      return { deps: d, events, hungUp };
    }

    it('emits call.readopted and a vanished call.ended (cause 0) and hangs up the stray', async () => {
      const { deps: d, events, hungUp } = deps({ owned: [['att-1', 'att-9']] });
      const summary = await runReconcile(d);
      assert.deepEqual(events, [
        { type: 'call.readopted', at: 42, channelId: 'att-1', state: 'up', inApplication: true },
        { type: 'call.ended', at: 42, channelId: 'att-9', cause: 0, causeText: 'Unknown', vanished: true },
      ]);
      assert.deepEqual(hungUp, ['stray-1']);
      assert.deepEqual(summary, { readopted: 1, settled: 1, vanished: 1, failed: 0 });
    });

    it('does not hang up a "stray" that a session claimed during the settle delay', async () => {
      const { deps: d, hungUp } = deps({ owned: [['att-1'], ['att-1'], ['att-1', 'stray-1']] });
      const summary = await runReconcile(d);
      assert.deepEqual(hungUp, []);
      assert.equal(summary.settled, 0);
    });

    it('counts a failed stray hangup and carries on', async () => {
      const { deps: d } = deps({
        owned: [['att-1']],
        hangup: async () => {
          throw new Error('timeout');
        },
      });
      assert.deepEqual(await runReconcile(d), { readopted: 1, settled: 0, vanished: 0, failed: 1 });
    });
  });
});
