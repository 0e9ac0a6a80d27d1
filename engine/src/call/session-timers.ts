/** A call's named one-shot timers (origination, max duration, hangup grace): re-arming replaces. */
export class SessionTimers {
  private readonly timers = new Map<string, NodeJS.Timeout>();

  arm(name: string, ms: number, onFire: () => void): void {
    this.clear(name);
    this.timers.set(name, setTimeout(() => {
      this.timers.delete(name);
      onFire();
    }, ms));
  }

  clear(name: string): void {
    const t = this.timers.get(name);
    if (t) clearTimeout(t);
    this.timers.delete(name);
  }

  clearAll(): void {
    for (const name of [...this.timers.keys()]) this.clear(name);
  }
}
