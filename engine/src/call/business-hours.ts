/** `08:00-13:00,16:00-20:00` → minute ranges; a range whose end is before its start crosses midnight. */
export function parseHours(spec: string): Array<[number, number]> {
  if (!spec.trim()) return [];
  return spec.split(',').map((part) => {
    const [a, b] = part.trim().split('-') as [string, string];
    const mins = (t: string) => Number(t.slice(0, 2)) * 60 + Number(t.slice(3, 5));
    return [mins(a), mins(b)];
  });
}

/** Minutes since local midnight in `timeZone`. */
export function localMinutes(now: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(new Date(now));
  const get = (t: string) => Number(parts.find((p) => p.type === t)?.value ?? 0);
  return get('hour') * 60 + get('minute');
}

/** True when `now` falls in one of the ranges (always open when there are none). */
export function isWithinHours(now: number, spec: string, timeZone: string): boolean {
  const ranges = parseHours(spec);
  if (ranges.length === 0) return true;
  const m = localMinutes(now, timeZone);
  return ranges.some(([start, end]) => (start <= end ? m >= start && m < end : m >= start || m < end));
}
