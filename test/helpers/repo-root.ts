import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** The repository root (the nearest folder above the compiled test holding package.json and engine/). */
export function repoRoot(from: string = __dirname): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'engine'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error(`repository root not found above ${from}`);
    dir = up;
  }
}
