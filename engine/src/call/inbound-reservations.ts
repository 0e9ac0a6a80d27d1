import type { LineLease } from '../ports/operator.port';

/**
 * Line slots taken by FastAGI vetting for callers on their way to Stasis. The ARI side takes the
 * slot over when the call enters; a caller that never arrives gives its slot back after a timeout.
 * While reserved, the slot keeps new outbound attempts off that line (legacy behaviour).
 */
export class InboundReservations {
  private readonly pending = new Map<string, { lease: LineLease; timer: NodeJS.Timeout }>();

  reserve(callId: string, lease: LineLease, timeoutMs: number): void {
    const timer = setTimeout(() => {
      this.pending.delete(callId);
      lease.release();
    }, timeoutMs);
    timer.unref();
    this.pending.set(callId, { lease, timer });
  }

  /** Hands the slot to the call's session (undefined when none or expired). */
  take(callId: string): LineLease | undefined {
    const p = this.pending.get(callId);
    if (!p) return undefined;
    clearTimeout(p.timer);
    this.pending.delete(callId);
    return p.lease;
  }

  size(): number {
    return this.pending.size;
  }

  releaseAll(): void {
    for (const [id] of this.pending) this.take(id)?.release();
  }
}
