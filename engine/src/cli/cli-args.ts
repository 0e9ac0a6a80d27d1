import { EngineError } from '../errors';

export interface CliArgs {
  readonly command: string;
  readonly flags: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
}

/**
 * `salehi-engine <command> [--flag value | --flag=value | --switch] [positionals]`.
 * Flags named in `booleans` never take a value.
 */
export function parseCliArgs(argv: readonly string[], booleans: readonly string[] = []): CliArgs {
  const [command = 'help', ...rest] = argv;
  const flags: Record<string, string | true> = {};
  const positionals: string[] = [];
  for (let i = 0; i < rest.length; i++) {
    const arg = rest[i] as string;
    if (!arg.startsWith('--')) {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const name = arg.slice(2, eq === -1 ? undefined : eq);
    if (!name) throw new EngineError('CE_CONFIG_INVALID', `Bad argument '${arg}'`);
    if (eq !== -1) flags[name] = arg.slice(eq + 1);
    else if (booleans.includes(name) || i + 1 >= rest.length || (rest[i + 1] as string).startsWith('--')) flags[name] = true;
    else flags[name] = rest[++i] as string;
  }
  return { command, flags, positionals };
}

export function stringFlag(args: CliArgs, name: string): string | undefined {
  const v = args.flags[name];
  if (v === true) throw new EngineError('CE_CONFIG_INVALID', `--${name} needs a value`);
  return v;
}
