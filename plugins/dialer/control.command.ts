import type { PluginCommand } from '../../engine/src/index';

const ACTIONS = ['pause', 'resume', 'status'] as const;

/**
 * `salehi-engine dialer pause|resume|status [--reason TEXT]`: controls the RUNNING engine through its
 * HTTP API (address and bearer token from the same config), so an admin's pause is audited like an API one.
 */
export const dialerControlCommand: PluginCommand = {
  name: 'dialer',
  summary: 'pause, resume or show the running dialer (dialer pause|resume|status [--reason TEXT])',
  async run({ positionals, flags, io, config }) {
    const action = positionals[0] as (typeof ACTIONS)[number] | undefined;
    if (!action || !ACTIONS.includes(action)) {
      io.err('usage: salehi-engine dialer pause|resume|status [--reason TEXT]');
      return 64;
    }
    const host = config.http.host === '0.0.0.0' || config.http.host === '::' ? '127.0.0.1' : config.http.host;
    const url = `http://${host.includes(':') ? `[${host}]` : host}:${config.http.port}/api/dialer/${action}`;
    const headers: Record<string, string> = { 'content-type': 'application/json', ...(config.http.token ? { authorization: `Bearer ${config.http.token}` } : {}) };
    const reason = typeof flags.reason === 'string' ? flags.reason : `${action} from the CLI`;
    let res: Response;
    try {
      res = await fetch(url, action === 'status' ? { headers } : { method: 'POST', headers, body: JSON.stringify({ reason }) });
    } catch (err) {
      io.err(`cannot reach the engine at ${url}: ${err instanceof Error ? err.message : String(err)}`);
      return 1;
    }
    const text = await res.text();
    if (!res.ok) {
      io.err(`engine answered ${res.status}: ${text}`);
      return 1;
    }
    io.out(text);
    return 0;
  },
};
