/**
 * The channel a simulated FastAGI call describes in its environment block. Defaults reproduce what
 * Asterisk 20.20.1 sent in captures/agi-12-env.agi.txt; only what differs per call must be given.
 */
export interface SimulatedChannelEnv {
  /** The first AGI() argument, e.g. `agi://127.0.0.1:4573/inbound?did=4055550123`. */
  readonly request: string;
  /** Further AGI() arguments (`agi_arg_1..N`). */
  readonly args?: readonly string[];
  /** e.g. `PJSIP/carrier-sim-00000009`. */
  readonly channel: string;
  /** Default: the technology prefix of `channel` (`PJSIP`, `Local`). */
  readonly type?: string;
  readonly language?: string;
  readonly uniqueId: string;
  readonly version?: string;
  /** Absent = no caller ID (`unknown`, and callingPres 67). */
  readonly callerId?: string;
  readonly callerIdName?: string;
  readonly callingPres?: number;
  readonly callingAni2?: number;
  readonly callingTon?: number;
  readonly callingTns?: number;
  /** Absent = `unknown` (Local/originated channels); the dialed number on trunk calls. */
  readonly dnid?: string;
  readonly rdnis?: string;
  readonly context: string;
  readonly extension: string;
  /** Priority of the AGI() step. Default 2 (a NoOp/Set at 1, AGI at 2, as in the captures). */
  readonly priority?: number;
  readonly enhanced?: string;
  readonly accountCode?: string;
  readonly threadId?: string;
}

/**
 * The script part Asterisk sends as `agi_network_script`: everything after the first `/` that
 * follows `agi://` (or `hagi://`), verbatim; undefined when there is none (res_agi.c launch_netscript).
 */
export function agiScriptOf(request: string): string | undefined {
  const scheme = /^h?agi:\/\//i.exec(request);
  const rest = scheme ? request.slice(scheme[0].length) : request;
  const slash = rest.indexOf('/');
  return slash === -1 ? undefined : rest.slice(slash + 1);
}

/** The environment block, byte for byte in Asterisk's order, ending with the blank line. */
export function buildAgiEnvironment(env: SimulatedChannelEnv): string {
  const script = agiScriptOf(env.request);
  const pairs: Array<[string, string]> = [['network', 'yes']];
  if (script !== undefined) pairs.push(['network_script', script]);
  pairs.push(
    ['request', env.request],
    ['channel', env.channel],
    ['language', env.language ?? 'en'],
    ['type', env.type ?? (env.channel.split('/')[0] as string)],
    ['uniqueid', env.uniqueId],
    ['version', env.version ?? '20.20.1'],
    ['callerid', env.callerId ?? 'unknown'],
    ['calleridname', env.callerIdName ?? 'unknown'],
    ['callingpres', String(env.callingPres ?? (env.callerId === undefined ? 67 : 0))],
    ['callingani2', String(env.callingAni2 ?? 0)],
    ['callington', String(env.callingTon ?? 0)],
    ['callingtns', String(env.callingTns ?? 0)],
    ['dnid', env.dnid ?? 'unknown'],
    ['rdnis', env.rdnis ?? 'unknown'],
    ['context', env.context],
    ['extension', env.extension],
    ['priority', String(env.priority ?? 2)],
    ['enhanced', env.enhanced ?? '0.0'],
    ['accountcode', env.accountCode ?? ''],
    ['threadid', env.threadId ?? '140487973500608'],
  );
  (env.args ?? []).forEach((arg, i) => pairs.push([`arg_${i + 1}`, arg]));
  return `${pairs.map(([k, v]) => `agi_${k}: ${v}\n`).join('')}\n`;
}
