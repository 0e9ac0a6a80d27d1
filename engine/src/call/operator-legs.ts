import type { TelephonyPort } from '../ports/telephony.port';
import type { OperatorLeg } from './operator-transfer';

/**
 * The operator legs of one call: placed (ringing ones included), ended, and the one bridged to the
 * customer. No operator leg survives its customer: `teardown` hangs up every leg still placed.
 */
export class OperatorLegs {
  private readonly placed = new Set<string>();
  /** Kept: a leg's end can arrive before the transfer confirms the bridge. */
  private readonly ended = new Set<string>();
  private bridged?: OperatorLeg;

  get connected(): OperatorLeg | undefined {
    return this.bridged;
  }

  attach(channelId: string): void {
    this.placed.add(channelId);
  }

  detach(channelId: string): void {
    this.placed.delete(channelId);
  }

  /** A leg's channel ended; true when it was the bridged operator (the customer's call is over too). */
  legEnded(channelId: string): boolean {
    this.ended.add(channelId);
    return channelId === this.bridged?.channelId;
  }

  /** The transfer bridged `leg`; true when that leg had already ended meanwhile. */
  bridgedTo(leg: OperatorLeg): boolean {
    this.bridged = leg;
    return this.ended.has(leg.channelId);
  }

  async teardown(telephony: TelephonyPort): Promise<void> {
    await Promise.all([...this.placed].map((id) => telephony.hangup(id, 'normal').catch(() => false)));
    const leg = this.bridged;
    if (!leg) return;
    await telephony.destroyBridge(leg.bridgeId).catch(() => undefined);
    leg.release();
  }
}
