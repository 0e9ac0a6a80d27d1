/**
 * AMI event classes and the `Events:` / `EventMask:` value parser (Asterisk `strings_to_mask`):
 * all digits = numeric bitmask; false-ish (`off`, `no`, `false`, ...) = nothing; true-ish (`on`,
 * `yes`, `true`, ...) = everything; otherwise a comma list of class names (unknown names ignored,
 * `all` = everything). An empty value leaves the mask unchanged (undefined here).
 */
export const EVENT_CLASSES = [
  'system', 'call', 'log', 'verbose', 'command', 'agent', 'user', 'config', 'dtmf', 'reporting', 'cdr',
  'dialplan', 'originate', 'agi', 'cc', 'aoc', 'test', 'security', 'message',
] as const;

export type EventClass = (typeof EVENT_CLASSES)[number];
export type EventMask = ReadonlySet<EventClass>;

export const ALL_EVENTS: EventMask = new Set(EVENT_CLASSES);
export const NO_EVENTS: EventMask = new Set();

const FALSE_WORDS = new Set(['no', 'false', 'n', 'f', '0', 'off']);
const TRUE_WORDS = new Set(['yes', 'true', 'y', 't', '1', 'on']);

export function parseEventMask(value: string | undefined): EventMask | undefined {
  const v = (value ?? '').trim();
  if (v === '') return undefined;
  if (/^\d+$/.test(v)) {
    const bits = Number(v);
    return new Set(EVENT_CLASSES.filter((_, i) => (bits & (1 << i)) !== 0));
  }
  const lower = v.toLowerCase();
  if (FALSE_WORDS.has(lower)) return NO_EVENTS;
  if (TRUE_WORDS.has(lower)) return ALL_EVENTS;
  const words = lower.split(',').map((w) => w.trim());
  if (words.includes('all')) return ALL_EVENTS;
  return new Set(EVENT_CLASSES.filter((c) => words.includes(c)));
}
