import type { CommandOutcome, SimulatedAgiChannel } from './simulated-agi-channel';

export const SHOW_USAGE = Symbol('show-usage');
type Run = (ch: SimulatedAgiChannel, argv: readonly string[], hangingUp: boolean) => CommandOutcome | typeof SHOW_USAGE;

export interface SimulatedAgiCommand {
  /** Lower-case command words, e.g. ['get', 'full', 'variable']. */
  readonly words: readonly string[];
  /** Allowed after hangup (res_agi.c `dead` flag): EXEC, GET/SET VARIABLE, VERBOSE, NOOP, DATABASE... */
  readonly dead: boolean;
  readonly run: Run;
}

const ok = (...lines: string[]): CommandOutcome => ({ lines, hangsUp: false });
const code = (d: string): number => d.charCodeAt(0);
const int = (s: string | undefined, fallback: number): number => {
  const n = Number.parseInt(s ?? '', 10);
  return Number.isFinite(n) ? n : fallback;
};

const answer: Run = (ch) => {
  ch.state = 6;
  return ok('200 result=0');
};

const streamFile: Run = (ch, argv, hangingUp) => {
  if (argv.length < 4 || argv.length > 5) return SHOW_USAGE;
  const offset = int(argv[4], 0);
  const samples = ch.fileSamples(argv[2] as string);
  if (samples === undefined) {
    ch.failed = true;
    return ok(`200 result=-1 endpos=${offset}`);
  }
  if (hangingUp) return ok(`200 result=-1 endpos=${offset + Math.floor((samples - offset) / 2)}`);
  const escape = argv[3] as string;
  const digit = ch.takeDigit((d) => escape.includes(d));
  if (digit !== undefined) return ok(`200 result=${code(digit)} endpos=${offset + Math.floor((samples - offset) / 2)}`);
  return ok(`200 result=0 endpos=${samples}`);
};

const getData: Run = (ch, argv, hangingUp) => {
  if (argv.length < 3) return SHOW_USAGE;
  if (hangingUp || ch.fileSamples(argv[2] as string) === undefined) return ok('200 result=-1');
  const max = int(argv[4], 1024);
  let digits = '';
  for (;;) {
    const d = ch.takeDigit();
    if (d === undefined) return ok(`200 result=${digits} (timeout)`);
    if (d === '#') break;
    digits += d;
    if (digits.length >= max) break;
  }
  return ok(`200 result=${digits}`);
};

const waitForDigit: Run = (ch, argv, hangingUp) => {
  if (argv.length !== 4) return SHOW_USAGE;
  if (hangingUp) return ok('200 result=-1');
  const d = ch.takeDigit();
  return ok(`200 result=${d === undefined ? 0 : code(d)}`);
};

const recordFile: Run = (ch, argv, hangingUp) => {
  if (argv.length < 6) return SHOW_USAGE;
  const path = argv[2] as string;
  if (!(ch.script.recordWritable?.(path) ?? true)) {
    ch.failed = true;
    return ok('200 result=-1 (writefile)');
  }
  ch.recordings.push(path);
  const timeoutMs = int(argv[5], -1);
  const silence = argv.slice(6).find((a) => a.startsWith('s='));
  const limitMs = timeoutMs > 0 ? timeoutMs : 60_000;
  const heardMs = silence ? Math.min(limitMs, int(silence.slice(2), 0) * 1000) : limitMs;
  if (hangingUp) return ok(`200 result=-1 (hangup) endpos=${Math.floor(heardMs * 4)}`);
  const escape = argv[4] as string;
  const digit = ch.takeDigit((d) => escape.includes(d));
  if (digit !== undefined) return ok(`200 result=${code(digit)} (dtmf) endpos=${Math.floor(heardMs * 4)}`);
  return ok(`200 result=0 (timeout) endpos=${heardMs * 8}`);
};

const setVariable: Run = (ch, argv) => {
  if (argv.length !== 4) return SHOW_USAGE;
  ch.setVariable(argv[2] as string, argv[3] as string);
  return ok('200 result=1');
};

const getVariable: Run = (ch, argv) => {
  if (argv.length !== 3) return SHOW_USAGE;
  const v = ch.resolve(argv[2] as string);
  return ok(v === undefined ? '200 result=0' : `200 result=1 (${v})`);
};

const getFullVariable: Run = (ch, argv) => {
  if (argv.length < 4 || argv.length > 5) return SHOW_USAGE;
  if (argv[4] !== undefined && argv[4] !== ch.env.channel) return ok('200 result=0');
  return ok(`200 result=1 (${ch.expand(argv[3] as string)})`);
};

/** Dialplan applications the simulated PBX has; anything else answers -2 like a missing app. */
const APPS: Readonly<Record<string, (ch: SimulatedAgiChannel, data: string) => CommandOutcome>> = {
  noop: () => ok('200 result=0'),
  wait: () => ok('200 result=0'),
  verbose: () => ok('200 result=0'),
  log: () => ok('200 result=0'),
  ringing: () => ok('200 result=0'),
  progress: () => ok('200 result=0'),
  playback: (ch, data) => {
    ch.variables.set('PLAYBACKSTATUS', ch.fileSamples(data.split(',')[0] ?? '') === undefined ? 'FAILED' : 'SUCCESS');
    return ok('200 result=0');
  },
  answer: (ch) => answer(ch, [], false) as CommandOutcome,
  set: (ch, data) => {
    const eq = data.indexOf('=');
    if (eq > 0) ch.setVariable(data.slice(0, eq), data.slice(eq + 1));
    return ok('200 result=0');
  },
  hangup: () => ({ lines: ['200 result=-1'], hangsUp: true }),
};

const exec: Run = (ch, argv, hangingUp) => {
  if (argv.length < 2) return SHOW_USAGE;
  const app = APPS[(argv[1] as string).toLowerCase()];
  if (!app) return ok('200 result=-2');
  if (hangingUp) return ok('200 result=-1');
  return app(ch, argv[2] ?? '');
};

const location = (part: 'context' | 'extension' | 'priority'): Run => (ch, argv) => {
  if (argv.length !== 3) return SHOW_USAGE;
  ch.setLocation(part, argv[2] as string);
  return ok('200 result=0');
};

const hangup: Run = (ch, argv) => {
  if (argv.length > 1 && argv[1] !== ch.env.channel) return ok('200 result=-1');
  return { lines: ['200 result=1'], hangsUp: true };
};

const channelStatus: Run = (ch, argv) => {
  if (argv.length > 3) return SHOW_USAGE;
  if (argv[2] !== undefined && argv[2] !== ch.env.channel) return ok('200 result=-1');
  return ok(`200 result=${ch.state}`);
};

const verbose: Run = (_ch, argv) => (argv.length < 2 ? SHOW_USAGE : ok('200 result=1'));
const zero: Run = () => ok('200 result=0');

function cmd(words: string, dead: boolean, run: Run): SimulatedAgiCommand {
  return { words: words.split(' '), dead, run };
}

/** The commands of res_agi.c with their dead flags; the ones an engine uses are simulated in full. */
const COMMANDS: readonly SimulatedAgiCommand[] = [
  cmd('answer', false, answer),
  cmd('asyncagi break', true, zero),
  cmd('channel status', false, channelStatus),
  cmd('database del', true, () => ok('200 result=0')),
  cmd('database deltree', true, () => ok('200 result=0')),
  cmd('database get', true, () => ok('200 result=0')),
  cmd('database put', true, () => ok('200 result=1')),
  cmd('exec', true, exec),
  cmd('get data', false, getData),
  cmd('get full variable', true, getFullVariable),
  cmd('get option', false, () => ok('200 result=0 endpos=0')),
  cmd('get variable', true, getVariable),
  cmd('gosub', false, zero),
  cmd('hangup', false, hangup),
  cmd('noop', true, zero),
  cmd('receive char', false, zero),
  cmd('record file', false, recordFile),
  cmd('say digits', false, zero),
  cmd('say number', false, zero),
  cmd('set autohangup', false, zero),
  cmd('set callerid', false, () => ok('200 result=1')),
  cmd('set context', false, location('context')),
  cmd('set extension', false, location('extension')),
  cmd('set music', false, zero),
  cmd('set priority', false, location('priority')),
  cmd('set variable', true, setVariable),
  cmd('speech destroy', true, zero),
  cmd('speech unload grammar', true, zero),
  cmd('stream file', false, streamFile),
  cmd('control stream file', false, () => ok('200 result=0 endpos=0')),
  cmd('verbose', true, verbose),
  cmd('wait for digit', false, waitForDigit),
];

/** res_agi.c `find_command` with exact=0: the command words must all match, case-insensitively; the rest are arguments. */
export function findAgiCommand(argv: readonly string[]): SimulatedAgiCommand | undefined {
  return COMMANDS.find((c) => c.words.length <= argv.length && c.words.every((w, i) => w === (argv[i] as string).toLowerCase()));
}
