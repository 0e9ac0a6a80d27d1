/**
 * Dialer core benchmark (figures only, no assertions). Run after a build:
 *   node dist/test/bench/dialer-pacing.bench.js [lines=10]
 * Measures the pure decisions a dialer tick makes: pickLine over N lines, a LinePacer
 * acquire + release cycle, calling-window isOpen / nextOpen, the combined dialDecision, and phone
 * normalisation. All with an injected clock that advances, never with timers.
 */
import { performance } from 'node:perf_hooks';
import { isOpen, nextOpen, requireCallingWindow } from '../../plugins/dialer/core/calling-window';
import { dialDecision } from '../../plugins/dialer/core/dial-decision';
import { LinePacer } from '../../plugins/dialer/core/line-pacer';
import { newLineState, pickLine, withLegStarted, type LineState } from '../../plugins/dialer/core/line-pacing';
import { normalisePhone } from '../../plugins/dialer/core/phone-number';

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

function bench(label: string, n: number, fn: (i: number) => unknown): void {
  for (let i = 0; i < Math.min(n, 10_000); i++) fn(i); // warm up
  const t0 = performance.now();
  let sink = 0;
  for (let i = 0; i < n; i++) if (fn(i) !== undefined) sink += 1;
  const ms = performance.now() - t0;
  print(`${label.padEnd(48)} ${Math.round((n / ms) * 1000).toLocaleString('en-US').padStart(12)} /s  (${((ms * 1000) / n).toFixed(2)} µs each, ${sink > 0 ? 'ok' : '-'})`);
}

const LIMITS = { concurrent: 4, concurrentOutbound: 0, concurrentInbound: 0, perMinute: 20, perDay: 500, perSecond: 3 };
const T0 = Date.parse('2025-03-22T06:00:00Z');

function loadedLines(count: number): LineState[] {
  return Array.from({ length: count }, (_v, i) => {
    let l = newLineState(`0219130${String(i).padStart(4, '0')}`, LIMITS, 'Asia/Tehran');
    for (let k = 0; k < (i % 3); k++) l = withLegStarted(l, 'outbound', T0 - 5000 * (k + 1));
    return l;
  });
}

/**
 * The pacing decision loop at full speed: `lineCount` lines allowing 20 originates/s each, one decision
 * per simulated millisecond through `LinePacer.acquireFor(…, window)` (line pick, limits, window),
 * calls held 2 s simulated. Reports decisions and originates per second of real time.
 */
function decisionLoop(lineCount: number, window: ReturnType<typeof requireCallingWindow>): void {
  const ids = Array.from({ length: lineCount }, (_v, i) => `0219140${String(i).padStart(4, '0')}`);
  let t = Date.parse('2025-03-22T06:00:00Z');
  const pacer = new LinePacer({ lines: ids, limits: { concurrent: 60, concurrentOutbound: 0, concurrentInbound: 0, perMinute: 1200, perDay: 1e9, perSecond: 20 }, clock: { now: () => t } });
  const ends: { at: number; release: () => void }[] = [];
  let originates = 0;
  const decisions = 300_000;
  const t0 = performance.now();
  for (let i = 0; i < decisions; i++, t += 1) {
    while (ends.length > 0 && ends[0]!.at <= t) ends.shift()!.release();
    const got = pacer.acquireFor({ kind: 'outbound' }, { window });
    if ('lease' in got) {
      originates += 1;
      ends.push({ at: t + 2000, release: got.lease.release }); // constant hold: `ends` stays sorted
    }
  }
  const ms = performance.now() - t0;
  print(`decision loop over ${lineCount} lines: ${decisions.toLocaleString('en-US')} decisions, ${originates.toLocaleString('en-US')} originates (${Math.round(originates / (decisions / 1000))}/s simulated) in ${ms.toFixed(0)} ms real = ${Math.round((originates / ms) * 1000).toLocaleString('en-US')} originates/s and ${Math.round((decisions / ms) * 1000).toLocaleString('en-US')} decisions/s of real time`);
}

function main(): void {
  const count = Number(process.argv[2] ?? 10);
  print(`node ${process.version}, ${count} lines`);
  const lines = loadedLines(count);
  const window = requireCallingWindow({ ranges: '09:00-13:00, 16:00-20:00', days: { fri: '' }, holidays: ['2025-03-21', '2025-04-01'] });

  bench(`pickLine over ${count} lines`, 1_000_000, (i) => pickLine(T0 + i, lines, { kind: 'outbound' }));
  bench('isOpen (Asia/Tehran, 2 ranges, holidays)', 2_000_000, (i) => isOpen(T0 + i * 997, window));
  bench('nextOpen from a closed time (up to 2 days ahead)', 200_000, (i) => nextOpen(Date.parse('2025-03-20T17:00:00Z') + (i % 1000) * 60_000, window));
  bench('dialDecision (window + pacing)', 1_000_000, (i) => dialDecision(T0 + i, { window }, lines, { kind: 'outbound' }));

  let now = T0;
  // One originate per simulated second over all lines: never blocked by a rate, so every call takes a slot.
  const pacer = new LinePacer({ lines: lines.map((l) => l.id), limits: { ...LIMITS, perDay: 1e9 }, clock: { now: () => now } });
  bench('LinePacer acquire + release (outbound)', 500_000, () => {
    now += 1000;
    const lease = pacer.acquire('outbound');
    lease?.release();
    return lease;
  });

  const spellings = ['09121234567', '+98 912 123 4567', '(0912) 123-4567', '0912&Local/x', '۰۹۱۲۱۲۳۴۵۶۷', '9121234567'];
  bench('normalisePhone (mixed spellings, 1 in 6 rejected)', 1_000_000, (i) => normalisePhone(spellings[i % spellings.length]));

  // A busy simulated day: 10 lines, a dial attempt every 50 ms, calls of 20-120 s, for 24 h.
  let t = Date.parse('2025-03-22T00:00:00Z');
  const day = new LinePacer({ lines: lines.map((l) => l.id), limits: LIMITS, clock: { now: () => t } });
  const ends: { at: number; release: () => void }[] = [];
  let originates = 0;
  let ticks = 0;
  const t0 = performance.now();
  for (const stop = t + 86_400_000; t < stop; t += 50) {
    ticks += 1;
    while (ends.length > 0 && ends[0]!.at <= t) ends.shift()!.release();
    const got = day.acquireFor({ kind: 'outbound' }, { window });
    if ('lease' in got) {
      originates += 1;
      ends.push({ at: t + 20_000 + ((originates * 7919) % 100_000), release: got.lease.release });
      ends.sort((a, b) => a.at - b.at);
    }
  }
  const ms = performance.now() - t0;
  print(`simulated day: ${ticks.toLocaleString('en-US')} ticks, ${originates.toLocaleString('en-US')} originates in ${ms.toFixed(0)} ms (${((ms * 1000) / ticks).toFixed(2)} µs per tick)`);
  decisionLoop(50, requireCallingWindow({ ranges: '00:00-23:59' }));
}

main();
