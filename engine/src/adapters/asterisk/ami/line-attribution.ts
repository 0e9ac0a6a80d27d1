/**
 * Which configured line (outbound number) a channel counts against, and which endpoint it runs on.
 * Pure functions.
 *
 * Rule, in order:
 * 1. the channel variable named by `lineVariable` (e.g. `SALEHI_LINE`, set by the engine on every leg
 *    it creates and exported to AMI with manager.conf `channelvars=SALEHI_LINE`) when it names a line;
 * 2. otherwise the caller number, the connected number or the extension, when one of them is a
 *    configured line (outbound calls present the line as caller ID; inbound calls dial it as DID).
 * Numbers compare after normalisation (digits only, leading zeros dropped), and a longer number matches
 * a shorter line when it ends with it and the line has at least 8 digits (`+982191302954` vs
 * `02191302954`). Local channel halves are never counted: the real legs (PJSIP) are.
 */
import type { AmiChannelSnap } from './ami-event-map';

export interface LineMatcher {
  readonly line: string;
  readonly digits: string;
}

export function normalizeNumber(value: string): string {
  return value.replace(/\D/g, '').replace(/^0+/, '');
}

export function lineMatchers(lines: readonly string[]): LineMatcher[] {
  return lines.map((line) => ({ line, digits: normalizeNumber(line) })).filter((m) => m.digits !== '');
}

function sameNumber(candidate: string | undefined, m: LineMatcher): boolean {
  if (!candidate) return false;
  const digits = normalizeNumber(candidate);
  if (digits === '' || digits.length < m.digits.length) return false;
  if (digits === m.digits) return true;
  return m.digits.length >= 8 && digits.endsWith(m.digits);
}

/** Technology of a channel name (`PJSIP/x-1` → `PJSIP`); '' for names without one (`OutgoingSpoolFailed`). */
export function technologyOf(name: string): string {
  const slash = name.indexOf('/');
  return slash > 0 ? name.slice(0, slash) : '';
}

/** The PJSIP endpoint of a channel name (`PJSIP/TO-CUCM-Gaptel-0000001c` → `TO-CUCM-Gaptel`). */
export function endpointOf(name: string): string | undefined {
  if (technologyOf(name) !== 'PJSIP') return undefined;
  const rest = name.slice(name.indexOf('/') + 1);
  const dash = rest.lastIndexOf('-');
  return dash > 0 ? rest.slice(0, dash) : undefined;
}

/** True for channels that occupy a line or trunk (not Local halves, not dummy channels). */
export function isRealLeg(name: string): boolean {
  const tech = technologyOf(name);
  return tech !== '' && tech !== 'Local';
}

export function attributeLine(snap: AmiChannelSnap, matchers: readonly LineMatcher[], lineVariable?: string): string | undefined {
  if (matchers.length === 0 || !isRealLeg(snap.name)) return undefined;
  const tagged = lineVariable ? snap.variables.get(lineVariable) : undefined;
  if (tagged) {
    const byTag = matchers.find((m) => sameNumber(tagged, m));
    if (byTag) return byTag.line;
  }
  for (const candidate of [snap.callerNumber, snap.connectedNumber, snap.extension]) {
    const hit = matchers.find((m) => sameNumber(candidate, m));
    if (hit) return hit.line;
  }
  return undefined;
}
