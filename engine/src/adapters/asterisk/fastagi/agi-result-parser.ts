/**
 * Result lines Asterisk writes on a FastAGI socket (res_agi.c `agi_handle_command`, confirmed in
 * captures/agi-13a-cmds.agi.txt and agi-13c-sighup-default.agi.txt):
 *   200 result=<value>[ (<data>)][ endpos=<n>]
 *   510 Invalid or unknown command
 *   511 Command Not Permitted on a dead channel or intercept routine
 *   520-Invalid command syntax.  Proper usage follows:  ...usage lines...  520 End of proper usage.
 *   520 Invalid command syntax.  Proper usage not available.
 *   HANGUP   (not a result: the caller hung up; written between results)
 */

/** One complete answer to one command. */
export type AgiResponse =
  | { readonly code: 200; readonly result: string; readonly data?: string; readonly endpos?: number; readonly line: string }
  | { readonly code: 510; readonly line: string }
  | { readonly code: 511; readonly line: string }
  | { readonly code: 520; readonly usage: string; readonly line: string };

/** What the reader produced from one line: nothing yet (inside a 520 block), a response, or a hangup notice. */
export type AgiInboundEvent =
  | { readonly kind: 'response'; readonly response: AgiResponse }
  | { readonly kind: 'hangup' }
  | { readonly kind: 'malformed'; readonly line: string };

// The data group is greedy so a value containing ')' (or even ' endpos=') stays whole: the data
// ends at the last ')' that is followed only by an optional endpos.
const RESULT_200 = /^200 result=(\S*)(?: \((.*)\))?(?: endpos=(-?\d+))?$/s;

/** Parses a `200 result=...` line; undefined if it does not have that shape. */
export function parseResult200(line: string): Extract<AgiResponse, { code: 200 }> | undefined {
  const m = RESULT_200.exec(line);
  if (!m) return undefined;
  const data = m[2];
  const endpos = m[3];
  return {
    code: 200,
    result: m[1] as string,
    ...(data !== undefined ? { data } : {}),
    ...(endpos !== undefined ? { endpos: Number.parseInt(endpos, 10) } : {}),
    line,
  };
}

/**
 * Stateful: turns lines into events. Inside a `520-` block every line is usage text (even one
 * that reads `HANGUP`) until the line starting `520 `, because Asterisk writes the block in one go
 * from the command handler and nothing else can interleave with it.
 */
export class AgiResponseReader {
  private usage: string[] | undefined;
  private usageBytes = 0;

  constructor(private readonly maxUsageBytes = 64 * 1024) {}

  /** True while inside a multi-line 520 block. */
  get inUsageBlock(): boolean {
    return this.usage !== undefined;
  }

  next(line: string): AgiInboundEvent | undefined {
    if (this.usage !== undefined) return this.continueUsage(line);
    if (line === 'HANGUP') return { kind: 'hangup' };
    const code = line.slice(0, 4);
    if (code === '200 ') {
      const response = parseResult200(line);
      return response ? { kind: 'response', response } : { kind: 'malformed', line };
    }
    if (code === '510 ') return { kind: 'response', response: { code: 510, line } };
    if (code === '511 ') return { kind: 'response', response: { code: 511, line } };
    if (code === '520 ') return { kind: 'response', response: { code: 520, usage: '', line } };
    if (code === '520-') {
      this.usage = [];
      this.usageBytes = 0;
      return undefined;
    }
    return { kind: 'malformed', line };
  }

  private continueUsage(line: string): AgiInboundEvent | undefined {
    const lines = this.usage as string[];
    if (line.startsWith('520 ')) {
      this.usage = undefined;
      return { kind: 'response', response: { code: 520, usage: lines.join('\n'), line } };
    }
    this.usageBytes += line.length + 1;
    // A usage block without end would otherwise grow without bound; 64 KiB is ~60x the longest real one.
    if (this.usageBytes > this.maxUsageBytes) {
      this.usage = undefined;
      return { kind: 'malformed', line: '520- block without end' };
    }
    lines.push(line);
    return undefined;
  }
}
