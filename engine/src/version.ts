import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The package version, read once from the nearest package.json of this package above this file. */
function readVersion(): string {
  let dir = __dirname;
  for (let i = 0; i < 6; i++) {
    try {
      const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as { name?: string; version?: string };
      if (pkg.name === 'salehi-call-engine' && pkg.version) return pkg.version;
    } catch {
      // not here: look one folder up
    }
    dir = join(dir, '..');
  }
  return '0.0.0';
}

export const ENGINE_VERSION = readVersion();
