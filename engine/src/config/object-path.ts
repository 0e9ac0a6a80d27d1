/**
 * Small helpers over plain JSON-like objects, used to build the config layers (file, legacy env,
 * overrides) before the one schema parses them. Arrays and scalars replace; objects merge.
 */

export type PlainObject = Record<string, unknown>;

export function isPlainObject(value: unknown): value is PlainObject {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/**
 * Merges `top` over `base` into a new object. `null` and `undefined` in `top` mean "not set" (an empty
 * YAML key such as `plugins:` reads as null and must not wipe the defaults below it).
 */
export function deepMerge(base: PlainObject, top: PlainObject): PlainObject {
  const out: PlainObject = { ...base };
  for (const [key, value] of Object.entries(top)) {
    if (value === null || value === undefined) continue;
    const below = out[key];
    assign(out, key, isPlainObject(value) && isPlainObject(below) ? deepMerge(below, value) : cloneValue(value));
  }
  return out;
}

/** Defines an own property, so a key named `__proto__` from a file stays data and never swaps a prototype. */
function assign(target: PlainObject, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function cloneValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(cloneValue);
  if (isPlainObject(value)) return deepMerge({}, value);
  return value;
}

/** Sets `value` at `segments` inside `target`, creating objects on the way (mutates `target`). */
export function setPath(target: PlainObject, segments: readonly string[], value: unknown): void {
  let node = target;
  segments.forEach((seg, i) => {
    if (i === segments.length - 1) {
      assign(node, seg, value);
      return;
    }
    const next = node[seg];
    if (!isPlainObject(next)) assign(node, seg, {});
    node = node[seg] as PlainObject;
  });
}

export function getPath(source: unknown, segments: readonly string[]): unknown {
  let node = source;
  for (const seg of segments) {
    if (!isPlainObject(node)) return undefined;
    node = node[seg];
  }
  return node;
}

/** Every leaf (non-object value, arrays count as leaves) with its path segments. */
export function leafPaths(source: unknown, prefix: readonly string[] = []): string[][] {
  if (!isPlainObject(source)) return prefix.length ? [[...prefix]] : [];
  const out: string[][] = [];
  for (const [key, value] of Object.entries(source)) {
    if (value === null || value === undefined) continue;
    out.push(...leafPaths(value, [...prefix, key]));
  }
  return out;
}

/** Freezes an object graph in place so no consumer can change the config after boot. */
export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value as object)) deepFreeze(child);
  }
  return value;
}

/** Replaces the value at an existing path of objects and arrays (mutates); a missing parent is left alone. */
export function replaceAt(target: unknown, segments: readonly (string | number)[], value: unknown): void {
  let node: unknown = target;
  for (const seg of segments.slice(0, -1)) {
    if (node === null || typeof node !== 'object') return;
    node = (node as Record<string | number, unknown>)[seg];
  }
  const last = segments[segments.length - 1];
  if (last === undefined || node === null || typeof node !== 'object') return;
  Object.defineProperty(node, last, { value, enumerable: true, writable: true, configurable: true });
}
