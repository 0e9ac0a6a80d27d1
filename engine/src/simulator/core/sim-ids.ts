import { randomUUID } from 'node:crypto';

/**
 * Identifiers as Asterisk makes them: uniqueids `<epoch>.<n>`, channel name suffixes as an
 * 8-digit hex counter that restarts at 0 on every boot (captures/ari-11b-restart.ari.txt), SIP
 * Call-IDs as UUIDs.
 */
export class SimIds {
  private uniqueSeq = 0;
  private nameSeq = 0;
  private epoch: number;

  constructor(private readonly now: () => number) {
    this.epoch = Math.floor(now() / 1000);
  }

  /** A fresh `uniqueid` for a channel made without a given id. */
  uniqueId(): string {
    this.uniqueSeq += 1;
    return `${this.epoch}.${this.uniqueSeq}`;
  }

  /** The next `-0000001f` style channel name suffix. */
  nameSuffix(): string {
    const suffix = this.nameSeq.toString(16).padStart(8, '0');
    this.nameSeq += 1;
    return suffix;
  }

  callId(): string {
    return randomUUID();
  }

  uuid(): string {
    return randomUUID();
  }

  /** A restarted PBX counts from zero again. */
  reset(): void {
    this.uniqueSeq = 0;
    this.nameSeq = 0;
    this.epoch = Math.floor(this.now() / 1000);
  }
}
