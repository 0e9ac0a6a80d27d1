import { existsSync } from 'node:fs';
import { isAbsolute, join, resolve } from 'node:path';
import type { EngineConfig } from '../config/config.schema';

/** The package root (where package.json and assets/ live), found from this file in source or dist. */
function packageRoot(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'assets'))) return dir;
    dir = join(dir, '..');
  }
  return process.cwd();
}

/**
 * `scenarios.dir` as given when absolute or present in the working directory; otherwise relative to
 * the engine's own install (so the shipped `assets/scenarios` work from any working directory).
 */
export function resolveScenarioDir(config: EngineConfig, cwd = process.cwd()): string {
  const dir = config.scenarios.dir;
  if (isAbsolute(dir)) return dir;
  const inCwd = resolve(cwd, dir);
  return existsSync(inCwd) ? inCwd : resolve(packageRoot(), dir);
}
