import type { Attempt, ContactCounts } from '../ports/call-store.port';

const COLUMNS = ['connected_to_operator', 'not_interested', 'unknown', 'disconnected', 'hangup', 'missed', 'busy', 'power_off', 'banned', 'failed'] as const;
const SHORT: Readonly<Record<string, string>> = {
  connected_to_operator: 'connected',
  not_interested: 'not_int',
  unknown: 'unknown',
  disconnected: 'disconn',
  hangup: 'hangup',
  missed: 'missed',
  busy: 'busy',
  power_off: 'pwr_off',
  banned: 'banned',
  failed: 'failed',
};

function bucket(result: string | null): string {
  if (!result) return 'live';
  return result.startsWith('failed:') ? 'failed' : result;
}

/** One progress line: elapsed time, contacts left, live calls, results so far. */
export function renderProgress(elapsedSec: number, attempts: readonly Attempt[], live: number, contacts: ContactCounts): string {
  const done = attempts.filter((a) => a.result !== null);
  const tally = new Map<string, number>();
  for (const a of done) tally.set(bucket(a.result), (tally.get(bucket(a.result)) ?? 0) + 1);
  const parts = COLUMNS.filter((c) => tally.get(c)).map((c) => `${SHORT[c]} ${tally.get(c)}`);
  const waiting = (contacts.pending ?? 0) + (contacts.claimed ?? 0);
  return `[${elapsedSec.toFixed(0).padStart(4)} s] calls ${String(attempts.length).padStart(3)} | live ${String(live).padStart(2)} | waiting ${String(waiting).padStart(3)} | ${parts.join(', ') || 'no results yet'}`;
}

/** The final table: results per line, and the total. */
export function renderSummary(attempts: readonly Attempt[], lines: readonly string[]): string {
  const rows = [...lines, 'total'].map((line) => {
    const mine = line === 'total' ? attempts : attempts.filter((a) => a.lineId === line);
    const count = (c: string) => mine.filter((a) => bucket(a.result) === c).length;
    return [line, String(mine.length), ...COLUMNS.map((c) => String(count(c)))];
  });
  const header = ['line', 'calls', ...COLUMNS.map((c) => SHORT[c] as string)];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const fmt = (cells: readonly string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  return ['Results per line', fmt(header), rule, ...rows.slice(0, -1).map(fmt), rule, fmt(rows[rows.length - 1] as string[])].join('\n');
}
