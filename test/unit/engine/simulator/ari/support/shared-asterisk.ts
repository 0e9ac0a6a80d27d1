import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../../../../helpers/repo-root';

/**
 * The shared Asterisk reference folder (real ARI docs, wire captures): `../shared/asterisk` next
 * to the repository, or `/work/shared/asterisk`. Missing reference files are a failure, never a skip.
 */
export function sharedAsteriskDir(): string {
  const candidates = [join(repoRoot(), '..', 'shared', 'asterisk'), '/work/shared/asterisk'];
  const found = candidates.find((dir) => existsSync(join(dir, 'ari-api-docs')) && existsSync(join(dir, 'captures')));
  if (!found) {
    throw new Error(`Asterisk reference files not found: looked for ari-api-docs/ and captures/ in ${candidates.join(' and ')}`);
  }
  return found;
}
