import type { LineSlotUsage } from '../../../engine/src/index';
import { localTime, zonedInstant } from './zoned-time';

/**
 * After a restart the pacer's day and minute counts are fed from the store (`LinePacer.restoreOriginates`
 * takes originate times). The store's line ledger keeps counts, not times, so these pure functions turn
 * counts back into times that give the pacer the same counts: never fewer originates than the store
 * knows and none after the real last one. The minute window may then close a little later than it
 * really does (at the last originate + 60 s): the safe side.
 */

const MINUTE_MS = 60_000;

/** Local midnight that started the day of `now` in `timeZone`. */
export function localDayStart(now: number, timeZone: string): number {
  const lt = localTime(now, timeZone);
  return zonedInstant(lt.year, lt.month, lt.day, 0, timeZone);
}

/** The earliest originate that still counts at `now`: today's, or inside the sliding minute. */
export function restoreSince(now: number, timeZone: string): number {
  return Math.min(localDayStart(now, timeZone), now - MINUTE_MS + 1);
}

/**
 * Originate times equivalent to a line's usage at `now`: `lastMinute` of them at the last originate
 * (the newest; those of them before local midnight, when the minute crosses it, just before midnight),
 * and the rest of `today` at local midnight (older than a minute, they count for the day only).
 */
export function originatesFromUsage(usage: LineSlotUsage, now: number, timeZone: string): number[] {
  const dayStart = localDayStart(now, timeZone);
  const last = usage.lastOriginateAt;
  const times: number[] = [];
  let todayLeft = usage.today;
  if (last !== null && usage.lastMinute > 0) {
    const todayInMinute = last >= dayStart ? Math.min(usage.lastMinute, usage.today) : 0;
    times.push(...Array<number>(todayInMinute).fill(last));
    times.push(...Array<number>(usage.lastMinute - todayInMinute).fill(last >= dayStart ? dayStart - 1 : last));
    todayLeft -= todayInMinute;
  }
  times.push(...Array<number>(Math.max(0, todayLeft)).fill(dayStart));
  return times.filter((t) => t <= now).sort((a, b) => a - b);
}
