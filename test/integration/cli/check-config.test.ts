import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { repoRoot } from '../../helpers/repo-root';

const MAIN = join(__dirname, '..', '..', '..', 'engine', 'src', 'main.js');

/** Runs the real CLI in a child process with a clean environment (no inherited SALEHI_* or legacy vars). */
function cli(args: string[], cwd: string, env: Record<string, string> = {}) {
  const res = spawnSync(process.execPath, ['-e', `require(${JSON.stringify(MAIN)}).runCli(${JSON.stringify(args)})`], {
    cwd,
    env: { PATH: process.env.PATH ?? '', ...env },
    encoding: 'utf8',
    timeout: 20000,
  });
  return { code: res.status, stdout: res.stdout, stderr: res.stderr };
}

describe('salehi-engine check-config', function () {
  this.timeout(30000);
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'salehi-cli-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('accepts engine.example.yaml and masks its secrets', () => {
    const r = cli(['check-config', '--config', join(repoRoot(), 'engine.example.yaml')], dir, { ARI_PASSWORD: 'ari-pass-xyz' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /company:/);
    assert.ok(!r.stdout.includes('ari-pass-xyz'), 'secret printed');
  });

  it('accepts the legacy .env.example alone (read from the working directory)', () => {
    copyFileSync(join(repoRoot(), '.env.example'), join(dir, '.env'));
    const r = cli(['check-config'], dir);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /no file: defaults \+ environment/);
    // .env.example carries sample secrets: none may be printed.
    assert.ok(!/gapgpt_sample_key|vira_stt_sample_key|panel_sample_token/.test(r.stdout), 'a sample secret was printed');
  });

  it('lists every error of a broken file with its path and exits 2', () => {
    const bad = join(dir, 'bad.yaml');
    writeFileSync(bad, 'timezone: Mars/Base\nhttp:\n  port: "eighty"\n  colour: blue\nlines:\n  numbers: ["0912&x"]\n');
    const r = cli(['check-config', '--config', bad], dir);
    assert.equal(r.code, 2);
    for (const path of ['timezone', 'http.port', 'http.colour', 'lines.numbers[0]']) assert.ok(r.stderr.includes(`- ${path}:`), `missing ${path} in:\n${r.stderr}`);
  });

  it('exits 2 for a missing file and prints the version', () => {
    assert.equal(cli(['check-config', '--config', join(dir, 'nope.yaml')], dir).code, 2);
    const v = cli(['version'], dir);
    assert.equal(v.code, 0);
    assert.match(v.stdout.trim(), /^\d+\.\d+\.\d+$/);
  });
});
