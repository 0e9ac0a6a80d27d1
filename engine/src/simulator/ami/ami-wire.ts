/** AMI output framing for the simulator: `Name: value` lines with CRLF and a closing empty line. */
export type WireHeaders = ReadonlyArray<readonly [string, string]>;

export function frameText(headers: WireHeaders): string {
  let out = '';
  for (const [name, value] of headers) out += `${name}: ${value}\r\n`;
  return `${out}\r\n`;
}

/** `Timestamp:` format of Asterisk events and Ping: seconds and microseconds (`1795319926.171686`). */
export function amiTimestamp(epochMs: number): string {
  const sec = Math.floor(epochMs / 1000);
  const usec = Math.round((epochMs - sec * 1000) * 1000);
  return `${sec}.${String(Math.min(usec, 999_999)).padStart(6, '0')}`;
}

export const BANNER = 'Asterisk Call Manager/9.0.0\r\n';

/** A response: `Response`, echoed `ActionID` (only when non-empty), `EventList: start` for lists, `Message`, extras. */
export function responseHeaders(
  response: 'Success' | 'Error' | 'Goodbye',
  actionId: string | undefined,
  opts: { readonly message?: string; readonly listStart?: boolean; readonly extra?: WireHeaders } = {},
): WireHeaders {
  const h: Array<readonly [string, string]> = [['Response', response]];
  if (actionId) h.push(['ActionID', actionId]);
  if (opts.listStart) h.push(['EventList', 'start']);
  if (opts.message !== undefined) h.push(['Message', opts.message]);
  return [...h, ...(opts.extra ?? [])];
}
