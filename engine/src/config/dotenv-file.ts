import { existsSync, readFileSync } from 'node:fs';

/**
 * Reads a `.env` file exactly the way the legacy Python engine did (`config/settings.py` `_load_dotenv`),
 * so an existing deployment's file means the same thing here:
 * - each line is stripped of surrounding whitespace; empty lines, lines starting with `#` and lines
 *   without `=` are skipped;
 * - the line is split at the FIRST `=`; key and value are NOT trimmed further and quotes are NOT removed
 *   (`A="x"` gives the four characters `"x"`, `A = 1` defines a variable named `A ` that nothing reads);
 * - no `export` prefix, no inline comments, no escapes, no multi-line values;
 * - when a key appears twice, the FIRST occurrence wins (legacy only set a key that was not set yet).
 * One deliberate difference: a UTF-8 byte-order mark at the start of the file is dropped (legacy kept it
 * glued to the first key, which silently disabled that variable).
 */
export function parseDotEnv(text: string): Record<string, string> {
  const vars: Record<string, string> = {};
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  for (const raw of body.split(/\r\n|\r|\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || !line.includes('=')) continue;
    const at = line.indexOf('=');
    const key = line.slice(0, at);
    if (!Object.prototype.hasOwnProperty.call(vars, key)) {
      Object.defineProperty(vars, key, { value: line.slice(at + 1), enumerable: true, writable: true, configurable: true });
    }
  }
  return vars;
}

/** The variables of a `.env` file, or none when the file does not exist (as legacy: a missing file is fine). */
export function readDotEnvFile(path: string): Record<string, string> {
  if (!existsSync(path)) return {};
  return parseDotEnv(readFileSync(path, 'utf8'));
}

/** The environment the engine sees: `.env` file values under the real environment (a real variable wins). */
export function withDotEnv(env: NodeJS.ProcessEnv, fileVars: Record<string, string>): Record<string, string> {
  const merged: Record<string, string> = { ...fileVars };
  for (const [key, value] of Object.entries(env)) if (value !== undefined) merged[key] = value;
  return merged;
}
