import assert from 'node:assert/strict';
import { join } from 'node:path';
import { loadConfig } from '../../../../engine/src/config/load-config';
import { createInboundRoute, inboundLine } from '../../../../engine/src/call/inbound-route';
import { normaliseCaller } from '../../../../engine/src/call/call-service';
import { InboundReservations } from '../../../../engine/src/call/inbound-reservations';
import { SharedLineCapacity } from '../../../../engine/src/call/shared-line-capacity';
import { ScenarioCatalog } from '../../../../engine/src/call/scenario-catalog';
import { straightToOperatorScenario } from '../../../../engine/src/call/straight-to-operator.scenario';
import { StepRegistry } from '../../../../engine/src/flow/step-registry';
import { loadScenarios } from '../../../../engine/src/flow/load-scenarios';
import { isWithinHours } from '../../../../engine/src/call/business-hours';
import type { InboundSession } from '../../../../engine/src/ports/inbound-gateway.port';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { repoRoot } from '../../../helpers/repo-root';

function session(callerId: string | undefined, did: string, vars: Record<string, string>): InboundSession {
  return {
    id: 's1',
    route: 'inbound',
    params: { did },
    env: { callerId, extension: did } as InboundSession['env'],
    setVariable: async (name: string, value: string) => void (vars[name] = value),
  } as unknown as InboundSession;
}

function setup(env: Record<string, string> = {}, blocked: string[] = [], now = Date.UTC(2026, 10, 22, 8, 0)) {
  const config = loadConfig({ env: { OUTBOUND_NUMBERS: '02191302954,02191302955', MAX_CONCURRENT_CALLS: '1', ...env }, envFile: null });
  const steps = new StepRegistry();
  const catalog = new ScenarioCatalog(loadScenarios(join(repoRoot(), 'assets', 'scenarios'), steps), straightToOperatorScenario(steps));
  const lines = new SharedLineCapacity(config);
  const reservations = new InboundReservations();
  const route = createInboundRoute({ config, clock: { now: () => now }, logger: new CaptureLogger(), lines, catalog, reservations, isBlocked: async (p) => blocked.includes(p) });
  return { route, lines, reservations };
}

describe('FastAGI inbound route (vetting)', () => {
  it('sends an allowed caller to Stasis with a call id, the inbound scenario and its line, and holds a line slot', async () => {
    const { route, lines, reservations } = setup();
    const vars: Record<string, string> = {};
    await route(session('9121234567', '2191302955', vars));
    assert.equal(vars.SALEHI_ROUTE, 'stasis');
    assert.equal(vars.SALEHI_SCENARIO, 'academy');
    assert.equal(vars.SALEHI_LINE, '02191302955');
    assert.match(vars.SALEHI_CALL_ID ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(lines.usage('02191302955'), 1, 'the waiting caller holds a slot on its line');
    reservations.take(vars.SALEHI_CALL_ID!)?.release();
    assert.equal(lines.usage('02191302955'), 0);
  });

  it('rejects a blocked caller (10-digit caller numbers get their leading 0)', async () => {
    const { route } = setup({}, ['09121234567']);
    const vars: Record<string, string> = {};
    await route(session('9121234567', '02191302954', vars));
    assert.deepEqual(vars, { SALEHI_ROUTE: 'reject' });
  });

  it('an international caller number (98…, +98…, 0098…) is the national 0… form the DNC list is keyed by', async () => {
    for (const presented of ['989121234567', '+98 912 123 4567', '00989121234567']) {
      const { route } = setup({}, ['09121234567']);
      const vars: Record<string, string> = {};
      await route(session(presented, '02191302954', vars));
      assert.deepEqual(vars, { SALEHI_ROUTE: 'reject' }, presented);
    }
    assert.equal(normaliseCaller('02191302954'), '02191302954', 'a national number stays as it is');
    assert.equal(normaliseCaller('2191302954'), '02191302954', '10 digits get their leading 0');
    assert.equal(normaliseCaller('98912'), '98912', 'a short number starting with 98 is not international');
  });

  it('answers busy when the line is full, and closed outside business hours', async () => {
    const { route } = setup();
    const first: Record<string, string> = {};
    const second: Record<string, string> = {};
    const third: Record<string, string> = {};
    await route(session('09120000001', '02191302954', first));
    await route(session('09120000002', '02191302954', second));
    await route(session('09120000003', '02191302954', third));
    assert.deepEqual([first.SALEHI_ROUTE, second.SALEHI_ROUTE, third.SALEHI_ROUTE], ['stasis', 'stasis', 'busy'], 'second goes to the other line, third finds none');
    // 08:00 UTC is 11:30 in Tehran.
    const closed = setup({ SALEHI__inbound__businessHours: '13:00-20:00' });
    const vars: Record<string, string> = {};
    await closed.route(session('09120000001', '02191302954', vars));
    assert.deepEqual(vars, { SALEHI_ROUTE: 'closed' });
  });

  it('business hours: ranges in the configured zone, also across midnight', () => {
    const at = (h: number, m: number) => Date.UTC(2026, 10, 22, h, m) - 3.5 * 3600_000; // Tehran local time
    assert.ok(isWithinHours(at(9, 0), '08:00-13:00,16:00-20:00', 'Asia/Tehran'));
    assert.ok(!isWithinHours(at(14, 0), '08:00-13:00,16:00-20:00', 'Asia/Tehran'));
    assert.ok(isWithinHours(at(23, 30), '22:00-02:00', 'Asia/Tehran'));
    assert.ok(isWithinHours(at(1, 0), '22:00-02:00', 'Asia/Tehran'));
    assert.ok(!isWithinHours(at(3, 0), '22:00-02:00', 'Asia/Tehran'));
    assert.ok(isWithinHours(at(3, 0), '', 'Asia/Tehran'), 'no hours = always open');
  });

  it('finds the line of the dialled number, else the first', () => {
    const config = loadConfig({ env: { OUTBOUND_NUMBERS: '02191302954,02191302955' }, envFile: null });
    assert.equal(inboundLine(config, '2191302955'), '02191302955');
    assert.equal(inboundLine(config, '999'), '02191302954');
  });
});
