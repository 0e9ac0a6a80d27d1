import { randomUUID } from 'node:crypto';
import type { EngineConfig } from '../config/config.schema';
import type { Clock } from '../ports/clock.port';
import type { Logger } from '../ports/logger.port';
import type { LineCapacityPort } from '../ports/operator.port';
import { isInboundChannelGone, type InboundRouteHandler } from '../ports/inbound-gateway.port';
import { isWithinHours } from './business-hours';
import { normaliseCaller } from './call-service';
import type { InboundReservations } from './inbound-reservations';
import type { ScenarioCatalog } from './scenario-catalog';

/** What the dialplan does next, in `SALEHI_ROUTE` (dialplan/salehi-inbound.conf). */
export type InboundRoute = 'stasis' | 'reject' | 'busy' | 'closed';

export interface InboundVettingDeps {
  readonly config: EngineConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly lines: LineCapacityPort;
  readonly catalog: ScenarioCatalog;
  readonly reservations: InboundReservations;
  /** True when the number is on the do-not-call / block list. */
  readonly isBlocked: (phone: string) => Promise<boolean>;
}

/** The line an inbound call came in on: the DID when it is one of ours, else the first line. */
export function inboundLine(config: EngineConfig, did: string | undefined): string | undefined {
  const lines = config.lines.numbers;
  const d = (did ?? '').replace(/\D/g, '');
  return lines.find((l) => l.replace(/\D/g, '').replace(/^0+/, '') === d.replace(/^0+/, '')) ?? lines[0];
}

/**
 * The FastAGI `inbound` route: AGI decides, ARI talks. Vets the caller (block list, business hours,
 * line capacity), picks the scenario, sets SALEHI_ROUTE / SALEHI_CALL_ID / SALEHI_SCENARIO / SALEHI_LINE
 * and ends the session; the dialplan continues to `Stasis(<app>,inbound,...)` or rejects.
 */
export function createInboundRoute(d: InboundVettingDeps): InboundRouteHandler {
  return async (session) => {
    const phone = normaliseCaller(session.env.callerId ?? '');
    const did = session.params.did ?? session.env.dnid ?? session.env.extension;
    const line = inboundLine(d.config, did);
    const log = d.logger.child({ agiSession: session.id, line: line ?? '' });
    try {
      const route = await decide(d, phone, line, log);
      await session.setVariable('SALEHI_ROUTE', route.route);
      if (route.route === 'stasis') {
        await session.setVariable('SALEHI_CALL_ID', route.callId);
        await session.setVariable('SALEHI_SCENARIO', route.scenario);
        await session.setVariable('SALEHI_LINE', line ?? '');
      }
      log.info({ route: route.route }, 'inbound call vetted');
    } catch (err) {
      if (isInboundChannelGone(err)) return log.info('caller hung up during vetting');
      throw err;
    }
  };
}

async function decide(d: InboundVettingDeps, phone: string, line: string | undefined, log: Logger): Promise<{ route: Exclude<InboundRoute, 'stasis'> } | { route: 'stasis'; callId: string; scenario: string }> {
  if (phone && (await d.isBlocked(phone))) return { route: 'reject' };
  if (!isWithinHours(d.clock.now(), d.config.inbound.businessHours, d.config.timezone)) return { route: 'closed' };
  const lease = d.lines.acquire('inbound', line);
  if (!lease) {
    log.warn('no line capacity for an inbound caller');
    return { route: 'busy' };
  }
  const callId = randomUUID();
  d.reservations.reserve(callId, lease, d.config.inbound.handoffTimeoutSec * 1000);
  return { route: 'stasis', callId, scenario: d.catalog.nextInbound().name };
}
