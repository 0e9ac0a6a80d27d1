import 'reflect-metadata';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseCliArgs } from '../../../engine/src/cli/cli-args';
import { simulateCommand } from '../../../engine/src/cli/simulate.command';
import { configSchema } from '../../../engine/src/config/config.schema';
import { applyDerivedDefaults } from '../../../engine/src/config/load-config';
import { isEngineError } from '../../../engine/src/errors';
import type { PbxSimulator } from '../../../engine/src/simulator/pbx-simulator';
import { CaptureLogger } from '../../fakes/capture-logger';
import { freePort } from './support/engine-config';

const COMMAND = join(__dirname, '..', '..', '..', 'engine', 'src', 'cli', 'simulate.command.js');
const ARGS = join(__dirname, '..', '..', '..', 'engine', 'src', 'cli', 'cli-args.js');
const OUTPUT = join(__dirname, '..', '..', '..', 'engine', 'src', 'cli', 'cli-output.js');

function lines(): { out: string[]; err: string[]; io: { out(t: string): void; err(t: string): void } } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, io: { out: (t) => void out.push(t), err: (t) => void err.push(t) } };
}

/** The first line the AMI port writes (the banner). */
function amiBanner(port: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.setEncoding('utf8');
    socket.once('data', (text: string) => {
      socket.destroy();
      resolve(text);
    });
    socket.once('error', reject);
  });
}

describe('salehi-engine simulate', function () {
  this.timeout(20_000);

  it('listens where the engine config points (users, app, trunk, lines from it), prints it, stops when told', async () => {
    const config = applyDerivedDefaults(configSchema.parse({ asterisk: { ari: { username: 'demo', password: 'pw' }, ami: { username: 'mgr', password: 'pw2' } }, lines: { numbers: ['02191302954'] } }));
    const { out, io } = lines();
    let stop!: () => void;
    let sim: PbxSimulator | undefined;
    const running = simulateCommand(parseCliArgs(['simulate', '--ari-port', '0', '--ami-port', '0', '--agi-port', '4599', '--speed', '0.01']), io, {
      config,
      logger: new CaptureLogger(),
      until: new Promise<void>((resolve) => (stop = resolve)),
      onStarted: (s) => (sim = s),
    });
    while (!sim) await new Promise((r) => setTimeout(r, 5));
    const auth = `Basic ${Buffer.from('demo:pw').toString('base64')}`;
    const ping = await fetch(`${sim.ariUrl}/asterisk/ping`, { headers: { authorization: auth } });
    assert.equal(ping.status, 200);
    assert.equal(await amiBanner(sim.amiPort), 'Asterisk Call Manager/9.0.0\r\n');
    assert.deepEqual(sim.agiTarget, { host: '127.0.0.1', port: 4599 });
    assert.deepEqual(sim.world.endpoints.listRegistrations().map((r) => [r.name, r.clientUri]), [['TO-CUCM-Gaptel', 'sip:02191302954@carrier.example']]);
    assert.ok(out.some((l) => l.includes(sim?.ariUrl ?? '?')) && out.some((l) => l.includes(`AMI      127.0.0.1:${sim?.amiPort}`)), out.join('\n'));
    assert.ok(out.some((l) => l.includes('users    demo, mgr')));
    stop();
    assert.equal(await running, 0);
    assert.equal(out.at(-1), 'PBX simulator stopped');
    await assert.rejects(fetch(`${sim.ariUrl}/asterisk/ping`, { headers: { authorization: auth } }));
  });

  it('refuses bad flags with CE_CONFIG_INVALID before opening anything', async () => {
    const config = applyDerivedDefaults(configSchema.parse({}));
    for (const argv of [['--ari-port', '70000'], ['--speed', '0'], ['--ami-port', 'x']]) {
      await assert.rejects(simulateCommand(parseCliArgs(['simulate', ...argv]), lines().io, { config, until: Promise.resolve() }), (err: unknown) => isEngineError(err, 'CE_CONFIG_INVALID'));
    }
  });

  it('as a process: defaults from a clean environment, exits 0 on SIGTERM', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'salehi-sim-'));
    const [ari, ami] = [await freePort(), await freePort()];
    const script = `const c=require(${JSON.stringify(COMMAND)});const a=require(${JSON.stringify(ARGS)});const o=require(${JSON.stringify(OUTPUT)});`
      + `c.simulateCommand(a.parseCliArgs(['simulate','--ari-port','${ari}','--ami-port','${ami}']),o.processOutput).then((code)=>process.exit(code),(e)=>{process.stderr.write(String(e));process.exit(1);});`;
    const child = spawn(process.execPath, ['-e', script], { cwd: dir, env: { PATH: process.env.PATH ?? '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (b: Buffer) => (stdout += b.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      for (let i = 0; i < 400 && !stdout.includes('Stop with'); i++) await new Promise((r) => setTimeout(r, 25));
      assert.match(stdout, new RegExp(`ARI      http://127\\.0\\.0\\.1:${ari}/ari`));
      assert.match(stdout, /FastAGI  inbound calls connect to agi:\/\/127\.0\.0\.1:4573\/inbound/);
      assert.equal(await amiBanner(ami), 'Asterisk Call Manager/9.0.0\r\n');
      child.kill('SIGTERM');
      assert.equal(await exited, 0);
      assert.match(stdout, /PBX simulator stopped\n$/);
    } finally {
      if (child.exitCode === null) child.kill('SIGKILL');
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
