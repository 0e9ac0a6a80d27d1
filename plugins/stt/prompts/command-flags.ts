import type { PluginCommandInput } from '../../../engine/src/index';

/** A wrong or missing argument: the command prints its usage and exits 64 (EX_USAGE). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Typed access to the CLI's flags. The engine's parser does not know which flags are switches, so
 * `prompts --dry-run sync` arrives as `dry-run = "sync"`; for the switches named here such a value
 * is given back as a positional and the switch counts as on (`--dry-run=false` still means off).
 */
export class CommandFlags {
  readonly positionals: string[];
  private readonly flags: Record<string, string | true>;

  constructor(input: Pick<PluginCommandInput, 'flags' | 'positionals'>, switches: readonly string[]) {
    this.flags = { ...input.flags };
    this.positionals = [...input.positionals];
    for (const name of switches) {
      const v = this.flags[name];
      if (typeof v === 'string' && v !== 'true' && v !== 'false') {
        this.positionals.push(v);
        this.flags[name] = true;
      }
    }
  }

  bool(name: string): boolean {
    const v = this.flags[name];
    return v !== undefined && v !== 'false';
  }

  str(name: string): string | undefined {
    const v = this.flags[name];
    if (v === true) throw new UsageError(`--${name} needs a value`);
    return v;
  }

  required(name: string): string {
    const v = this.str(name);
    if (v === undefined || v.trim() === '') throw new UsageError(`--${name} is required`);
    return v;
  }

  num(name: string, fallback: number, min: number, max: number): number {
    const v = this.str(name);
    if (v === undefined) return fallback;
    const n = Number(v);
    if (!Number.isFinite(n) || n < min || n > max) throw new UsageError(`--${name} must be a number from ${min} to ${max}`);
    return n;
  }

  /** Comma-separated values of a flag (`--force academy/hello,onhold`). */
  list(name: string): string[] {
    const v = this.str(name);
    return v === undefined ? [] : v.split(',').map((s) => s.trim()).filter(Boolean);
  }
}
