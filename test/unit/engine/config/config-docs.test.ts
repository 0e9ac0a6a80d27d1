import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LEGACY_ENV_VARS, LEGACY_VAR_NAMES } from '../../../../engine/src/config/legacy-env';
import { parseDotEnv } from '../../../../engine/src/config/dotenv-file';
import { repoRoot } from '../../../helpers/repo-root';

describe('configuration docs and examples stay in sync with the code', () => {
  const root = repoRoot();
  const doc = readFileSync(join(root, 'engine', 'docs', 'configuration.md'), 'utf8');
  const envExample = parseDotEnv(readFileSync(join(root, '.env.example'), 'utf8'));

  it('configuration.md documents every legacy variable next to the config path it maps to', () => {
    for (const name of LEGACY_VAR_NAMES) {
      const row = doc.split('\n').find((line) => line.startsWith('|') && line.includes(`\`${name}\``));
      assert.ok(row, `${name} has no table row`);
      assert.ok(row.includes(`\`${LEGACY_ENV_VARS[name].target}\``), `${name}'s row does not name ${LEGACY_ENV_VARS[name].target}`);
    }
  });

  it('.env.example sets every legacy variable', () => {
    const missing = LEGACY_VAR_NAMES.filter((name) => !(name in envExample));
    assert.deepEqual(missing, []);
  });
});
