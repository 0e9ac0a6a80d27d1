import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

// The compiled CLI entry sits at <dist>/engine/src/main.js; this file at <dist>/test/integration/engine/.
const MAIN = join(__dirname, '..', '..', '..', 'engine', 'src', 'main.js');
const TOKEN = 'integration-token-123';

interface Started {
  child: ChildProcess;
  base: string;
  exit: Promise<number | null>;
}

/** Starts `salehi-engine start` in a child process on an ephemeral port and waits for its address. */
function startEngine(cwd: string, env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(MAIN)}).runCli(['start'])`], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('engine did not start in 15 s')), 15000);
    let stderr = '';
    child.stderr?.on('data', (d) => (stderr += String(d)));
    void exit.then((code) => reject(new Error(`engine exited early with ${code}: ${stderr}`)));
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const rec = JSON.parse(line) as { msg?: string; address?: string };
      if (rec.msg === 'http api listening' && rec.address) {
        clearTimeout(timer);
        resolve({ child, base: rec.address, exit });
      }
    });
  });
}

describe('salehi-engine start (child process)', function () {
  this.timeout(30000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'salehi-engine-'));
    writeFileSync(join(dir, "engine.yaml"), `asterisk:\n  enabled: false\nplugins:\n  dialer: { enabled: false }\n  stt: { enabled: false }\n  llm: { enabled: false }\nhttp:\n  port: 0\n  token: ${TOKEN}\nstore:\n  sqlite:\n    path: ${join(dir, 'db.sqlite')}\n`);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('serves /health openly, the rest behind the token, and exits 0 on SIGTERM', async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, SALEHI_CONFIG: join(dir, 'engine.yaml') };
    const { child, base, exit } = await startEngine(dir, env);
    try {
      const health = await fetch(`${base}/health`);
      assert.equal(health.status, 200);
      assert.equal(((await health.json()) as { status: string }).status, 'ok');
      for (const path of ['/ready', '/metrics', '/docs/json', '/api/plugins', '/api/nothing']) {
        assert.equal((await fetch(`${base}${path}`)).status, 401, `${path} without token`);
      }
      const auth = { authorization: `Bearer ${TOKEN}` };
      assert.equal((await fetch(`${base}/ready`, { headers: auth })).status, 200);
      const metrics = await (await fetch(`${base}/metrics`, { headers: auth })).text();
      assert.match(metrics, /process_cpu_user_seconds_total/);
      const doc = (await (await fetch(`${base}/docs/json`, { headers: auth })).json()) as { paths: Record<string, unknown> };
      assert.ok(doc.paths['/health'] && doc.paths['/ready']);
    } finally {
      child.kill('SIGTERM');
    }
    assert.equal(await exit, 0);
  });

  it('refuses to listen on a public address without a token', async () => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, SALEHI__http__host: '0.0.0.0', SALEHI__http__port: '0' };
    const child = spawn(process.execPath, ['-e', `require(${JSON.stringify(MAIN)}).runCli(['start'])`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(stderr, /CE_HTTP_INSECURE_BIND/);
  });
});
