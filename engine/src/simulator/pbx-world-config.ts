import type { EndpointConfig, RegistrationConfig } from './core/endpoint-registry';
import { DEFAULT_CONTEXTS } from './core/sim-world';
import type { DialplanContextConfig } from './core/world-context';

/** A carrier trunk of the simulated PBX (a PJSIP endpoint in `from-trunk`). */
export interface PbxTrunk {
  readonly name: string;
  /**
   * The trunk's outbound registration (registration name = trunk name, as FreePBX names them).
   * Default: a registration to `sip:carrier.example:5060`, registered; `false` = an IP-authenticated
   * trunk without one.
   */
  readonly registration?: false | { readonly serverUri?: string; readonly clientUri?: string; readonly registered?: boolean };
}

export const DEFAULT_TRUNK = 'TO-CUCM-Gaptel';

export interface PbxWorldConfig {
  readonly endpoints: readonly EndpointConfig[];
  readonly registrations: readonly RegistrationConfig[];
  readonly contexts: readonly DialplanContextConfig[];
  readonly defaultTrunk: string;
}

/**
 * The simulated PBX's configuration from the simulator's options: one PJSIP endpoint per trunk
 * (plus operator phones, reachable as `PJSIP/<ext>`), each trunk's outbound registration, and the
 * dialplan contexts of the engine's dialplan files (their Stasis app: `app`).
 */
export function pbxWorldConfig(trunks: readonly PbxTrunk[], phones: readonly string[], lines: readonly string[], app = 'salehi'): PbxWorldConfig {
  const list = trunks.length > 0 ? trunks : [{ name: DEFAULT_TRUNK }];
  const endpoints: EndpointConfig[] = [
    ...list.map((t): EndpointConfig => ({ resource: t.name, kind: 'trunk', context: 'from-trunk', contactUri: `sip:${t.name}@carrier.example:5060` })),
    ...phones.map((p): EndpointConfig => ({ resource: p, kind: 'phone', context: 'from-internal' })),
  ];
  const registrations = list.flatMap((t): RegistrationConfig[] => {
    if (t.registration === false) return [];
    const reg = t.registration ?? {};
    const user = lines[0]?.replace(/\D/g, '') || t.name;
    return [{
      name: t.name,
      endpoint: t.name,
      serverUri: reg.serverUri ?? 'sip:carrier.example:5060',
      clientUri: reg.clientUri ?? `sip:${user}@carrier.example`,
      status: reg.registered === false ? 'Unregistered' : 'Registered',
    }];
  });
  const first = list[0]?.name ?? DEFAULT_TRUNK;
  // dialplan/salehi-outbound.conf dials `PJSIP/${EXTEN}@${SALEHI_TRUNK}`.
  const outbound: DialplanContextConfig = { name: 'salehi-outbound', kind: 'dial', trunkVariable: 'SALEHI_TRUNK', trunk: first };
  // dialplan/salehi-amd.conf returns to `Stasis(<asterisk.ari.app>,amd,...)`.
  const contexts = [outbound, ...DEFAULT_CONTEXTS.filter((c) => c.name !== 'salehi-outbound').map((c) => (c.kind === 'amd' ? { ...c, app } : c))];
  return { endpoints, registrations, contexts, defaultTrunk: first };
}
