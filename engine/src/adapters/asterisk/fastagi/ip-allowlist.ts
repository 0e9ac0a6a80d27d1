import { BlockList, isIP } from 'node:net';
import { EngineError } from '../../../errors';

const MAPPED_V4 = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/i;

/** `::ffff:127.0.0.1` (how a dual-stack socket reports an IPv4 peer) → `127.0.0.1`. */
function unmap(address: string): string {
  const m = MAPPED_V4.exec(address);
  return m ? (m[1] as string) : address;
}

function family(address: string): 'ipv4' | 'ipv6' | undefined {
  const v = isIP(address);
  return v === 4 ? 'ipv4' : v === 6 ? 'ipv6' : undefined;
}

/**
 * Client allowlist for the FastAGI port (`asterisk.agi.allow`): exact addresses and CIDR blocks,
 * IPv4 and IPv6. IPv4-mapped IPv6 addresses match their IPv4 form in both directions, so
 * `127.0.0.1` also admits `::ffff:127.0.0.1`. Whoever reaches this port can steer inbound calls,
 * so the default is loopback only.
 */
export class IpAllowlist {
  private readonly list = new BlockList();

  /** @throws EngineError CE_CONFIG_INVALID naming the first entry that is not an address or CIDR. */
  constructor(readonly entries: readonly string[]) {
    for (const entry of entries) this.add(entry.trim());
  }

  allows(address: string | undefined): boolean {
    if (!address) return false;
    const plain = unmap(address);
    const fam = family(plain);
    return fam !== undefined && this.list.check(plain, fam);
  }

  private add(entry: string): void {
    const slash = entry.indexOf('/');
    const addr = unmap(slash === -1 ? entry : entry.slice(0, slash));
    const fam = family(addr);
    const bits = slash === -1 ? undefined : Number(entry.slice(slash + 1));
    const maxBits = fam === 'ipv4' ? 32 : 128;
    if (!fam || (bits !== undefined && (!Number.isInteger(bits) || bits < 0 || bits > maxBits) ) || entry.slice(slash + 1) === '') {
      throw new EngineError('CE_CONFIG_INVALID', `asterisk.agi.allow: '${entry}' is not an IP address or CIDR block`, { details: { entry } });
    }
    if (bits === undefined) this.list.addAddress(addr, fam);
    else this.list.addSubnet(addr, bits, fam);
  }
}
