/**
 * Child process for the dialer crash test (not a test file itself): the whole engine (dialer + stt
 * plugins, SQLite FILE store, real ARI/AMI adapters) against the PBX simulator that runs in the PARENT,
 * so the simulator outlives every SIGKILL of this process and keeps its request log.
 * The simulator's spoken text lives in the parent; here the simulator STT gets a stand-in that hears
 * "no thanks" in every recording (a silent recording still comes out silent through the silence gate).
 *
 * Prints plain lines `campaign <id>`, `ready`, `done` and the engine's warn/error log as JSON lines
 * (the parent reads the reconciliation figures from them).
 * Usage: node dialer-engine.child.js <config json>
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { buildEngine, type Engine } from '../../../engine/src/build-engine';
import { loadConfig } from '../../../engine/src/config/load-config';
import { startCampaignThroughApi } from '../../../engine/src/cli/campaign-api';
import { resolveToken } from '../../../engine/src/di/token';
import { CALL_STORE_PORT, SESSION_REGISTRY } from '../../../engine/src/di/tokens';
import { createPinoLogger, pinoDestination } from '../../../engine/src/adapters/logging/pino-logger';
import { SPOKEN } from '../../../engine/src/simulator/core/customer-script';
import { dialerPlugin } from '../../../plugins/dialer';
import { sttPlugin, SIMULATOR_SPEECH } from '../../../plugins/stt';

/** What the parent hands over (one JSON file, the same for every restart except `create`). */
export interface CrashChildConfig {
  readonly db: string;
  readonly ariUrl: string;
  readonly ariWsUrl: string;
  readonly amiPort: number;
  readonly lines: readonly string[];
  readonly operators: readonly string[];
  /** CSV of the campaign's contacts; the first run creates and starts the campaign. */
  readonly contactsCsv: string;
  readonly create: boolean;
  readonly dialer: Record<string, unknown>;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function start(c: CrashChildConfig): Engine {
  const config = loadConfig({
    env: {
      OUTBOUND_NUMBERS: c.lines.join(','),
      MAX_CONCURRENT_CALLS: '3',
      MAX_CONCURRENT_OUTBOUND_CALLS: '2',
      MAX_CALLS_PER_MINUTE: '100000',
      MAX_CALLS_PER_DAY: '100000',
      MAX_ORIGINATIONS_PER_SECOND: '100',
      OPERATOR_MOBILE_NUMBERS: c.operators.join(','),
      ORIGINATION_TIMEOUT: '2',
      OPERATOR_TIMEOUT: '2',
      SALEHI__asterisk__ari__url: c.ariUrl,
      SALEHI__asterisk__ari__wsUrl: c.ariWsUrl,
      SALEHI__asterisk__ami__port: String(c.amiPort),
      SALEHI__asterisk__agi__port: '0',
      SALEHI__store__sqlite__path: c.db,
      SALEHI__http__port: '0',
      SALEHI__plugins: JSON.stringify({ dialer: { enabled: true, ...c.dialer }, stt: { enabled: true, provider: 'simulator' } }),
    },
    envFile: null,
  });
  const logger = createPinoLogger({ level: 'warn', redactPaths: [], destination: pinoDestination(1) });
  return buildEngine(config, {
    plugins: [dialerPlugin, sttPlugin],
    logger,
    overrides: (k) => k.register(SIMULATOR_SPEECH, { useValue: () => SPOKEN.no }),
  });
}

/** Waits until no campaign is running, nothing is claimed and no call is live, then stops cleanly. */
async function runToTheEnd(engine: Engine): Promise<void> {
  const store = resolveToken(engine.container, CALL_STORE_PORT);
  const registry = resolveToken(engine.container, SESSION_REGISTRY);
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const running = await store.listCampaigns({ state: 'running', limit: 10 });
    if (running.items.length === 0 && registry.size() === 0) break;
  }
  await engine.stop();
  say('done');
}

async function main(): Promise<void> {
  // The parent holds stdin open: when it goes away (test failed or was stopped), this engine goes too.
  process.stdin.on('end', () => process.exit(1));
  process.stdin.resume();
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: dialer-engine.child.js <config json>');
  const c = JSON.parse(readFileSync(path, 'utf8')) as CrashChildConfig;
  const engine = start(c);
  await engine.start();
  if (c.create) say(`campaign ${await startCampaignThroughApi(engine, 'crash test', c.contactsCsv)}`);
  say('ready');
  await runToTheEnd(engine);
  process.stdin.destroy();
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exitCode = 1;
});
