import { mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../config/load-config';
import { buildEngine, type Engine } from '../build-engine';
import { resolveToken, type Token } from '../di/token';
import { CALL_STORE_PORT, SESSION_REGISTRY } from '../di/tokens';
import { createPinoLogger, pinoDestination } from '../adapters/logging/pino-logger';
import { PbxSimulator } from '../simulator/pbx-simulator';
import { customerBehaviours as say, operatorBehaviours } from '../simulator/core/customer-script';
import type { CustomerScript } from '../simulator/core/customer-script';
import type { AnyPluginManifest } from '../plugin-host/plugin.types';
import type { CallStorePort, Attempt } from '../ports/call-store.port';
import type { CliArgs } from './cli-args';
import type { CliOutput } from './cli-output';
import { renderProgress, renderSummary } from './demo-report';
import { startCampaignThroughApi } from './campaign-api';

const LINES = ['02191302954', '02191302955', '02191302956'];
const OPERATORS = ['09350000001', '09350000002', '09350000003', '09350000004', '09350000005'];

/** The demo's simulated people: a few dozen contacts with mixed behaviours. */
function demoContacts(): Array<{ phone: string; behaviour: CustomerScript }> {
  const mix: Array<[number, () => CustomerScript]> = [
    [7, () => say.saysYes({ hangupAfterSeconds: 60 })],
    // Says yes, then hangs up while on hold: `disconnected`.
    [2, () => say.saysYes({ hangupAfterSeconds: 16 })],
    [7, () => say.saysNo()],
    [3, () => say.asksWhereNumberCameFrom()],
    [3, () => say.saysSomethingUnclear()],
    [3, () => say.staysSilent()],
    [2, () => say.hangsUpDuringPrompt(2)],
    [4, () => say.busy(1)],
    [3, () => say.noAnswer()],
    [3, () => say.poweredOff(38)],
    [2, () => say.rejects()],
  ];
  const people: Array<{ phone: string; behaviour: CustomerScript }> = [];
  for (const [count, make] of mix) for (let i = 0; i < count; i++) people.push({ phone: `0912${String(1000001 + people.length).padStart(7, '0')}`, behaviour: make() });
  return people;
}

export interface DemoDeps {
  readonly plugins: readonly AnyPluginManifest[];
  /** The stt plugin's token for the simulator's "what did the caller say" lookup. */
  readonly simulatorSpeech: Token<(recordingName: string) => string | undefined>;
}

/**
 * `npm run demo`: the built-in PBX simulator plus the engine with the dialer, a campaign of simulated
 * contacts over three lines, live progress, then a summary per line. Nothing outside this process.
 */
export async function demoCommand(args: CliArgs, io: CliOutput, deps: DemoDeps): Promise<number> {
  const speed = Number(args.flags.speed ?? 0.05);
  const dir = mkdtempSync(join(tmpdir(), 'salehi-demo-'));
  const logFile = join(dir, 'engine.log');
  const people = demoContacts();
  const sim = await PbxSimulator.start({ speed, lines: LINES, recordingsDir: join(dir, 'recordings') });
  for (const p of people) sim.script(p.phone, p.behaviour);
  for (const op of OPERATORS) sim.script(op, operatorBehaviours.answers(3));
  let engine: Engine | undefined;
  try {
    engine = await startEngine(sim, dir, logFile, deps, speed);
    const store = resolveToken(engine.container, CALL_STORE_PORT);
    const campaignId = await startCampaignThroughApi(engine, 'Demo campaign', ['phone', ...people.map((p) => p.phone)].join('\n'));
    io.out(`Salehi call engine demo: ${people.length} simulated contacts, ${LINES.length} lines (3 legs each, 2 of them customer calls), simulator at ${speed}x time. Engine log: ${logFile}`);
    const started = Date.now();
    const registry = resolveToken(engine.container, SESSION_REGISTRY);
    for (;;) {
      await new Promise((r) => setTimeout(r, 1000));
      const attempts = await allAttempts(store, campaignId);
      const counts = await store.countContacts(campaignId);
      io.out(renderProgress((Date.now() - started) / 1000, attempts, registry.size(), counts));
      if (counts.pending === 0 && counts.claimed === 0 && registry.size() === 0) break;
      if (Date.now() - started > 10 * 60_000) {
        io.err('demo took more than 10 minutes; stopping');
        break;
      }
    }
    io.out('');
    io.out(renderSummary(await allAttempts(store, campaignId), LINES));
    return 0;
  } finally {
    await engine?.stop();
    await sim.stop();
    if (!args.flags['keep-files']) rmSync(dir, { recursive: true, force: true });
  }
}

async function startEngine(sim: PbxSimulator, dir: string, logFile: string, deps: DemoDeps, speed: number): Promise<Engine> {
  const config = loadConfig({
    env: {
      OUTBOUND_NUMBERS: LINES.join(','),
      // Each line carries 3 legs, at most 2 of them new customer calls: the third is kept for operator legs.
      MAX_CONCURRENT_CALLS: '3',
      MAX_CONCURRENT_OUTBOUND_CALLS: '2',
      MAX_CALLS_PER_MINUTE: '1000',
      MAX_CALLS_PER_DAY: '10000',
      MAX_ORIGINATIONS_PER_SECOND: '20',
      OPERATOR_MOBILE_NUMBERS: OPERATORS.join(','),
      // The simulator runs faster than real time, so the engine's ring and operator timers shrink with it.
      ORIGINATION_TIMEOUT: String(Math.max(2, Math.round(30 * speed * 4))),
      OPERATOR_TIMEOUT: String(Math.max(2, Math.round(30 * speed * 4))),
      SALEHI__asterisk__ari__url: sim.ariUrl,
      SALEHI__asterisk__ari__wsUrl: sim.ariWsUrl,
      SALEHI__asterisk__ami__port: String(sim.amiPort),
      SALEHI__asterisk__agi__port: '0',
      SALEHI__store__sqlite__path: join(dir, 'demo.db'),
      SALEHI__http__port: '0',
      SALEHI__plugins: JSON.stringify({ dialer: { enabled: true, tickMs: 100, maxAttempts: 1 }, stt: { enabled: true, provider: 'simulator' } }),
    },
    envFile: null,
  });
  const logger = createPinoLogger({ level: 'info', redactPaths: [], destination: pinoDestination(openSync(logFile, 'a')) });
  const engine = buildEngine(config, {
    plugins: deps.plugins,
    logger,
    overrides: (c) => c.register(deps.simulatorSpeech, { useValue: (name: string) => sim.world.spokenText.get(name)?.text }),
  });
  await engine.start();
  return engine;
}


async function allAttempts(store: CallStorePort, campaignId: string): Promise<Attempt[]> {
  const out: Attempt[] = [];
  let cursor: string | undefined;
  do {
    const page = await store.listAttempts({ campaignId, limit: 500, ...(cursor ? { cursor } : {}) });
    out.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return out;
}
