import type { Attempt, CallStorePort, Clock, LineSlotStore, Logger } from '../../engine/src/index';
import type { LinePacer } from './core/line-pacer';
import { originatesFromUsage, restoreSince } from './core/restored-originates';

export interface LineCountRestoreDeps {
  readonly pacer: LinePacer;
  readonly store: CallStorePort;
  readonly clock: Clock;
  /** Whose midnight ends the per-day count (engine `timezone`, as the pacer's). */
  readonly timeZone: string;
  readonly logger: Logger;
}

const PAGE = 500;

/**
 * Dialer start-up: the pacer's per-day and per-minute counts continue from the store instead of
 * starting at zero, so a restart cannot reset a line's daily cap. From the cross-instance line ledger
 * (`lineSlots.lineUsage`) when the store has one, else from the outbound attempts of the ledger since
 * local midnight (or within the last minute). Returns today's count per line as restored.
 */
export async function restoreLineCounts(d: LineCountRestoreDeps): Promise<Record<string, number>> {
  const lines = d.pacer.snapshot().map((l) => l.id);
  const now = d.clock.now();
  const times = d.store.lineSlots ? await fromLineSlots(d.store.lineSlots, lines, now, d.timeZone) : await fromLedger(d.store, lines, now, d.timeZone);
  for (const [line, t] of times) d.pacer.restoreOriginates(line, t);
  const today = Object.fromEntries(d.pacer.snapshot().map((l) => [l.id, l.today]));
  if (Object.values(today).some((n) => n > 0)) d.logger.info({ today, source: d.store.lineSlots ? 'line-slots' : 'attempts' }, 'line counts restored from the store');
  return today;
}

async function fromLineSlots(slots: LineSlotStore, lines: readonly string[], now: number, timeZone: string): Promise<Map<string, number[]>> {
  const usage = await slots.lineUsage(lines, now);
  return new Map(usage.map((u) => [u.line, originatesFromUsage(u, now, timeZone)]));
}

/** Newest first, page by page, until the attempts are older than anything that still counts. */
async function fromLedger(store: CallStorePort, lines: readonly string[], now: number, timeZone: string): Promise<Map<string, number[]>> {
  const since = restoreSince(now, timeZone);
  const times = new Map(lines.map((l): [string, number[]] => [l, []]));
  let cursor: string | null = null;
  do {
    const page: { items: readonly Attempt[]; nextCursor: string | null } = await store.listAttempts({ order: 'desc', limit: PAGE, ...(cursor ? { cursor } : {}) });
    for (const a of page.items) {
      if (a.direction === 'outbound' && a.lineId !== null && a.createdAt >= since) times.get(a.lineId)?.push(a.createdAt);
    }
    cursor = page.items.some((a) => a.createdAt >= since) ? page.nextCursor : null;
  } while (cursor);
  return times;
}
