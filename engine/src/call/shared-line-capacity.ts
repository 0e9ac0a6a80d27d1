import type { EngineConfig } from '../config/config.schema';
import type { LineCapacityPort, LineLease } from '../ports/operator.port';

/**
 * Line capacity without the dialer: every configured line may carry `lines.limits.concurrent` legs.
 * The dialer plugin replaces it with its own line manager (per-minute/day limits, priorities).
 */
export class SharedLineCapacity implements LineCapacityPort {
  private readonly inUse = new Map<string, number>();
  private readonly lines: readonly string[];

  constructor(private readonly config: EngineConfig) {
    this.lines = config.lines.numbers.length ? config.lines.numbers : ['default'];
  }

  acquire(_kind: 'outbound' | 'inbound' | 'operator', preferredLine?: string): LineLease | undefined {
    const order = preferredLine && this.lines.includes(preferredLine) ? [preferredLine, ...this.lines.filter((l) => l !== preferredLine)] : this.lines;
    const line = order.find((l) => (this.inUse.get(l) ?? 0) < this.config.lines.limits.concurrent);
    if (!line) return undefined;
    this.inUse.set(line, (this.inUse.get(line) ?? 0) + 1);
    let released = false;
    return {
      line,
      release: () => {
        if (released) return;
        released = true;
        this.inUse.set(line, Math.max(0, (this.inUse.get(line) ?? 1) - 1));
      },
    };
  }

  usage(line: string): number {
    return this.inUse.get(line) ?? 0;
  }
}
