import { EngineError } from '../../../errors';
import type { InboundCallEnv } from '../../../ports/inbound-gateway.port';

/** Limits on the environment block (Asterisk sends ~25 lines, ~550 bytes). */
export interface AgiEnvLimits {
  readonly maxLines: number;
  readonly maxBytes: number;
}

/** Asterisk writes `agi_<name>: <value>`; names are lower-case words (res_agi.c setup_env). */
const ENV_LINE = /^agi_([a-z0-9_]+): ?(.*)$/i;
const REQUIRED = ['request', 'channel'] as const;

function protocolError(message: string, details?: unknown): EngineError {
  return new EngineError('CE_AGI_PROTOCOL', message, { details });
}

/**
 * Collects the environment block line by line: `add()` returns true at the blank line that ends
 * it. Rejects early (before the blank line) as soon as a limit is crossed or a line is not an
 * `agi_*` line, so a peer that is not Asterisk is dropped after its first bad line.
 */
export class AgiEnvCollector {
  private readonly entries: Array<[string, string]> = [];
  private bytes = 0;

  constructor(private readonly limits: AgiEnvLimits) {}

  /** @throws EngineError CE_AGI_LIMIT or CE_AGI_PROTOCOL */
  add(line: string): boolean {
    this.bytes += Buffer.byteLength(line) + 1;
    if (this.bytes > this.limits.maxBytes) {
      throw new EngineError('CE_AGI_LIMIT', `environment block larger than ${this.limits.maxBytes} bytes`, { details: { limit: 'envBytes' } });
    }
    if (line === '') {
      if (this.entries.length === 0) throw protocolError('empty environment block');
      return true;
    }
    if (this.entries.length >= this.limits.maxLines) {
      throw new EngineError('CE_AGI_LIMIT', `environment block longer than ${this.limits.maxLines} lines`, { details: { limit: 'envLines' } });
    }
    const m = ENV_LINE.exec(line);
    if (!m) throw protocolError('environment line is not "agi_<name>: <value>"', { line: line.slice(0, 80) });
    this.entries.push([(m[1] as string).toLowerCase(), m[2] as string]);
    return false;
  }

  /** The parsed environment (call after add() returned true). */
  result(): InboundCallEnv {
    return parseAgiEnvironment(this.entries);
  }
}

function known(value: string | undefined): string | undefined {
  return value === undefined || value === '' || value === 'unknown' ? undefined : value;
}

function int(value: string | undefined, fallback: number): number {
  const n = Number.parseInt(value ?? '', 10);
  return Number.isFinite(n) ? n : fallback;
}

/** Collects `agi_arg_1..N` in order; stops at the first gap as Asterisk numbers them densely. */
function collectArgs(raw: Readonly<Record<string, string>>): string[] {
  const args: string[] = [];
  for (let i = 1; raw[`arg_${i}`] !== undefined; i++) args.push(raw[`arg_${i}`] as string);
  return args;
}

/**
 * Turns `[name, value]` pairs (without the `agi_` prefix) into the typed environment. `unknown`
 * (what Asterisk sends for an absent caller ID, DNID or RDNIS) becomes undefined.
 * @throws EngineError CE_AGI_PROTOCOL when `agi_request` or `agi_channel` is missing.
 */
export function parseAgiEnvironment(entries: ReadonlyArray<readonly [string, string]>): InboundCallEnv {
  const raw: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const [k, v] of entries) raw[k] = v;
  const missing = REQUIRED.filter((k) => raw[k] === undefined || raw[k] === '');
  if (missing.length > 0) throw protocolError(`environment block lacks ${missing.map((k) => `agi_${k}`).join(', ')}`);
  return {
    request: raw.request as string,
    script: raw.network_script ?? '',
    channel: raw.channel as string,
    channelType: raw.type ?? '',
    uniqueId: raw.uniqueid ?? '',
    language: raw.language ?? '',
    pbxVersion: raw.version ?? '',
    callerId: known(raw.callerid),
    callerIdName: known(raw.calleridname),
    callingPres: int(raw.callingpres, 0),
    dnid: known(raw.dnid),
    rdnis: known(raw.rdnis),
    context: raw.context ?? '',
    extension: raw.extension ?? '',
    priority: int(raw.priority, 0),
    accountCode: raw.accountcode ?? '',
    args: collectArgs(raw),
    raw: Object.freeze(raw),
  };
}

/** A route name and its query parameters, from the script part of the request URL. */
export interface AgiRouteTarget {
  readonly route: string;
  readonly params: Readonly<Record<string, string>>;
}

/**
 * `inbound?did=123` → `{ route: 'inbound', params: { did: '123' } }`. Asterisk passes the script
 * verbatim (no URL decoding), so we decode the query like a URL query (`%xx`, `+`); leading and
 * trailing slashes of the path are ignored; for a repeated key the last value wins.
 */
export function parseAgiScript(script: string): AgiRouteTarget {
  const q = script.indexOf('?');
  const path = (q === -1 ? script : script.slice(0, q)).replace(/^\/+|\/+$/g, '');
  const params: Record<string, string> = Object.create(null) as Record<string, string>;
  if (q !== -1) {
    for (const [k, v] of new URLSearchParams(script.slice(q + 1))) params[k] = v;
  }
  return { route: safeDecode(path), params: Object.freeze(params) };
}

function safeDecode(path: string): string {
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
