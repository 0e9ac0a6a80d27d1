import type { CallStorePort, EngineConfig, Logger, ScenarioCatalog } from '../../engine/src/index';
import { staticContacts } from './core/static-contacts';
import type { DialerConfig } from './dialer.config';

/** The id of the campaign that holds the legacy STATIC_CONTACTS. */
export const STATIC_CAMPAIGN_ID = 'static-contacts';

/**
 * Legacy STATIC_CONTACTS: a running campaign with those numbers, created once; numbers added to the
 * list later are added, numbers already there are not dialled twice. Invalid numbers are logged.
 */
export async function ensureStaticCampaign(store: CallStorePort, config: DialerConfig, catalog: ScenarioCatalog, engine: EngineConfig, logger: Logger): Promise<void> {
  if (config.staticContacts.length === 0) return;
  const { contacts, invalid } = staticContacts(config.staticContacts);
  for (const bad of invalid) logger.warn({ item: bad.index, reason: bad.reason }, 'STATIC_CONTACTS entry is not a valid number; skipped');
  const existing = await store.getCampaign(STATIC_CAMPAIGN_ID).catch(() => undefined);
  if (!existing) {
    const scenario = config.staticScenario ?? catalog.nextOutbound().name;
    await store.createCampaign({ id: STATIC_CAMPAIGN_ID, name: 'Static contacts (STATIC_CONTACTS)', state: 'running', settings: { scenario, timeZone: engine.timezone } });
  }
  const report = await store.insertContacts(STATIC_CAMPAIGN_ID, contacts);
  if (report.inserted) logger.info({ inserted: report.inserted }, 'static contacts queued');
}
