/**
 * Child process for the two-engine test (not a test file itself): one whole engine (dialer + stt plugins,
 * PostgreSQL store on the parent's schema, real ARI/AMI adapters) against a PBX simulator that runs in
 * the PARENT, so the parent sees every originate of both engines. The simulator STT hears "no thanks".
 *
 * Prints plain lines `campaign <id>`, `ready`, `done`, and the engine's warn/error log as JSON lines.
 * Usage: node dialer-two-engines.child.js <config json>
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

/** What the parent hands over (one JSON file per engine). */
export interface TwoEnginesChildConfig {
  readonly pgUrl: string;
  readonly schema: string;
  readonly ariUrl: string;
  readonly ariWsUrl: string;
  readonly amiPort: number;
  readonly lines: readonly string[];
  /** `lines.limits` as legacy env values (MAX_CONCURRENT_CALLS, ...). */
  readonly limitsEnv: Record<string, string>;
  /** CSV of the campaign's contacts; only the engine with `create` makes and starts the campaign. */
  readonly contactsCsv: string;
  readonly create: boolean;
  readonly dialer: Record<string, unknown>;
}

function say(line: string): void {
  process.stdout.write(`${line}\n`);
}

function build(c: TwoEnginesChildConfig): Engine {
  const config = loadConfig({
    env: {
      ...c.limitsEnv,
      OUTBOUND_NUMBERS: c.lines.join(','),
      ORIGINATION_TIMEOUT: '2',
      SALEHI__asterisk__ari__url: c.ariUrl,
      SALEHI__asterisk__ari__wsUrl: c.ariWsUrl,
      SALEHI__asterisk__ami__port: String(c.amiPort),
      SALEHI__asterisk__agi__port: '0',
      SALEHI__store__driver: 'postgres',
      SALEHI__store__postgres__url: c.pgUrl,
      SALEHI__store__postgres__schema: c.schema,
      SALEHI__store__postgres__poolSize: '4',
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

/** Waits until a campaign has completed, none is running and no call is live here, then stops cleanly. */
async function runToTheEnd(engine: Engine): Promise<void> {
  const store = resolveToken(engine.container, CALL_STORE_PORT);
  const registry = resolveToken(engine.container, SESSION_REGISTRY);
  for (;;) {
    await new Promise((r) => setTimeout(r, 100));
    const completed = await store.listCampaigns({ state: 'completed', limit: 1 });
    const running = await store.listCampaigns({ state: 'running', limit: 1 });
    if (completed.items.length > 0 && running.items.length === 0 && registry.size() === 0) break;
  }
  await engine.stop();
  say('done');
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: dialer-two-engines.child.js <config json>');
  const c = JSON.parse(readFileSync(path, 'utf8')) as TwoEnginesChildConfig;
  const engine = build(c);
  await engine.start();
  if (c.create) say(`campaign ${await startCampaignThroughApi(engine, 'two engines', c.contactsCsv)}`);
  say('ready');
  await runToTheEnd(engine);
}

main().catch((err: unknown) => {
  process.stderr.write(`${String(err instanceof Error ? err.stack : err)}\n`);
  process.exitCode = 1;
});
