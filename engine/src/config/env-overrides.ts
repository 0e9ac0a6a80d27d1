import type { ConfigIssue } from './config-issues';
import { setPath, type PlainObject } from './object-path';

/** Generic overrides: `SALEHI__http__port=9000` sets `http.port`. Double underscore separates path segments. */
export const OVERRIDE_PREFIX = 'SALEHI__';

/** Segments that would reach an object's prototype machinery instead of a config key. */
const FORBIDDEN_SEGMENTS = new Set(['__proto__', 'prototype', 'constructor']);

/** A second reading of a value, tried when the schema rejects the first one for its type. */
export interface Alternative {
  readonly segments: readonly (string | number)[];
  readonly value: unknown;
}

export interface OverrideResult {
  readonly layer: PlainObject;
  readonly issues: ConfigIssue[];
  /** Config path → the variable that set it. */
  readonly sources: ReadonlyMap<string, string>;
  /** Config path → the raw text, for values that parsed as JSON but the schema wants a string. */
  readonly alternatives: ReadonlyMap<string, Alternative>;
}

/** JSON when the text parses as JSON (`9000`, `true`, `["a","b"]`, `{"x":1}`), else the text itself. */
export function parseOverrideValue(raw: string): unknown {
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

function overridePath(name: string): string[] | string {
  const segments = name.slice(OVERRIDE_PREFIX.length).split('__');
  if (segments.some((s) => s === '')) return 'empty path segment (use exactly two underscores between keys)';
  if (segments.some((s) => FORBIDDEN_SEGMENTS.has(s))) return 'forbidden path segment';
  return segments;
}

/**
 * Builds the override layer from every `SALEHI__*` variable. Shorter paths are applied first, so
 * `SALEHI__http={"port":1}` and `SALEHI__http__port=2` give port 2 whatever the environment's order.
 * Keys are case-sensitive and written as in the config file (`SALEHI__lines__limits__perDay=300`).
 */
export function mapOverrides(env: Readonly<Record<string, string | undefined>>): OverrideResult {
  const layer: PlainObject = {};
  const issues: ConfigIssue[] = [];
  const sources = new Map<string, string>();
  const alternatives = new Map<string, Alternative>();
  const entries: { name: string; segments: string[]; raw: string }[] = [];
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith(OVERRIDE_PREFIX) || raw === undefined) continue;
    const segments = overridePath(name);
    if (typeof segments === 'string') issues.push({ path: `env:${name}`, message: segments });
    else entries.push({ name, segments, raw });
  }
  entries.sort((a, b) => a.segments.length - b.segments.length || a.name.localeCompare(b.name));
  for (const { name, segments, raw } of entries) {
    const value = parseOverrideValue(raw);
    const path = segments.join('.');
    setPath(layer, segments, value);
    sources.set(path, name);
    if (typeof value !== 'string') alternatives.set(path, { segments, value: raw });
  }
  return { layer, issues, sources, alternatives };
}
