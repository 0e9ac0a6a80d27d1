import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repo-root';
import { ERROR_CATALOGUE, EngineError, CallGoneError, PluginStartError, isEngineError, type ErrorCode } from '../../../engine/src/errors';


describe('error catalogue', () => {
  const documented = new Map<string, string>();
  before(() => {
    const md = readFileSync(join(repoRoot(), 'engine', 'docs', 'errors.md'), 'utf8');
    for (const m of md.matchAll(/^\| (CE_[A-Z0-9_]+) \| (\d{3}) \|/gm)) documented.set(m[1] as string, m[2] as string);
  });

  it('documents every code with its HTTP status in engine/docs/errors.md', () => {
    const codes = Object.keys(ERROR_CATALOGUE) as ErrorCode[];
    const missing = codes.filter((c) => !documented.has(c));
    assert.deepEqual(missing, [], `undocumented codes: ${missing.join(', ')}`);
    for (const c of codes) assert.equal(documented.get(c), String(ERROR_CATALOGUE[c].statusCode), `status of ${c} differs in the docs`);
  });

  it('documents no code that does not exist', () => {
    const stale = [...documented.keys()].filter((c) => !(c in ERROR_CATALOGUE));
    assert.deepEqual(stale, []);
  });

  it('follows the CE_<AREA>_<WHAT> naming', () => {
    for (const c of Object.keys(ERROR_CATALOGUE)) assert.match(c, /^CE_[A-Z0-9]+_[A-Z0-9_]+$/);
  });

  it('carries code, status, cause and details', () => {
    const cause = new Error('socket closed');
    const err = new EngineError('CE_STORE_NOT_FOUND', 'no campaign 7', { cause, details: { id: 7 } });
    assert.equal(err.code, 'CE_STORE_NOT_FOUND');
    assert.equal(err.statusCode, 404);
    assert.equal(err.cause, cause);
    assert.deepEqual(err.details, { id: 7 });
    assert.equal(new EngineError('CE_ENGINE_INTERNAL').message, 'Internal error');
    assert.ok(isEngineError(new CallGoneError(), 'CE_CALL_GONE'));
    assert.ok(!isEngineError(new Error('x')));
    const start = new PluginStartError('dialer', cause);
    assert.equal(start.code, 'CE_PLUGIN_START_FAILED');
    assert.match(start.message, /dialer.*socket closed/);
  });
});
