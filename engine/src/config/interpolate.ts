import type { ConfigIssue } from './config-issues';
import { joinPath } from './config-issues';
import type { Alternative } from './env-overrides';
import { parseOverrideValue } from './env-overrides';
import { isPlainObject } from './object-path';

/**
 * `${NAME}` references inside string values of the config file, so secrets can stay in the environment
 * (or the `.env` file) while the file only names them:
 * - `${NAME}`: the variable's value; an undefined variable is an error naming the config path and the variable;
 * - `${NAME:-fallback}`: the fallback when the variable is undefined or empty;
 * - `$${`: a literal `${`.
 * Only values are interpolated, never keys. The result is always a string; when a whole value is one
 * reference (`port: ${HTTP_PORT}`) its JSON reading is kept as an alternative the loader tries if the
 * schema wants a number or boolean there.
 */
const REFERENCE = /\$\$\{|\$\{([^}]*)\}|\$\{/g;
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const WHOLE = /^\$\{[^}]*\}$/;

export interface InterpolationResult {
  readonly value: unknown;
  readonly issues: ConfigIssue[];
  readonly alternatives: ReadonlyMap<string, Alternative>;
}

type Env = Readonly<Record<string, string | undefined>>;

function resolveRef(inner: string, env: Env): { text: string } | { error: string } {
  const cut = inner.indexOf(':-');
  const name = cut === -1 ? inner : inner.slice(0, cut);
  if (!NAME.test(name)) return { error: `bad reference \${${inner}}: expected \${NAME} or \${NAME:-fallback}` };
  const value = env[name];
  if (cut !== -1) return { text: value === undefined || value === '' ? inner.slice(cut + 2) : value };
  if (value === undefined) return { error: `environment variable ${name} is not set (referenced as \${${name}})` };
  return { text: value };
}

function interpolateString(text: string, env: Env, path: string, issues: ConfigIssue[]): string {
  return text.replace(REFERENCE, (match: string, inner: string | undefined) => {
    if (match === '$${') return '${';
    if (inner === undefined) {
      issues.push({ path, message: 'unclosed ${ (write $${ for a literal ${)' });
      return match;
    }
    const ref = resolveRef(inner, env);
    if ('error' in ref) {
      issues.push({ path, message: ref.error });
      return match;
    }
    return ref.text;
  });
}

/** Returns a copy of `value` with every reference replaced; all problems are collected, none thrown. */
export function interpolateEnv(value: unknown, env: Env): InterpolationResult {
  const issues: ConfigIssue[] = [];
  const alternatives = new Map<string, Alternative>();
  const walk = (node: unknown, segments: (string | number)[]): unknown => {
    if (typeof node === 'string') {
      const path = joinPath('', segments);
      const out = interpolateString(node, env, path, issues);
      if (WHOLE.test(node) && out !== node) {
        const reading = parseOverrideValue(out);
        if (typeof reading !== 'string') alternatives.set(path, { segments: [...segments], value: reading });
      }
      return out;
    }
    if (Array.isArray(node)) return node.map((item, i) => walk(item, [...segments, i]));
    if (isPlainObject(node)) {
      const copy: Record<string, unknown> = {};
      for (const [key, child] of Object.entries(node)) {
        Object.defineProperty(copy, key, { value: walk(child, [...segments, key]), enumerable: true, writable: true, configurable: true });
      }
      return copy;
    }
    return node;
  };
  return { value: walk(value, []), issues, alternatives };
}
