import 'reflect-metadata';
import { join } from 'node:path';
import { buildEngine, type Engine } from '../../../../engine/src/build-engine';
import type { CallReport } from '../../../../engine/src/call/call-report';
import { resolveToken } from '../../../../engine/src/di/token';
import { CALL_SERVICE, ENGINE_EVENTS, LINE_MONITOR_PORT, TELEPHONY_PORT } from '../../../../engine/src/di/tokens';
import type { EngineEventOf } from '../../../../engine/src/ports/engine-events.port';
import type { AriRequestRecord } from '../../../../engine/src/simulator/ari-request-log';
import type { CustomerScript } from '../../../../engine/src/simulator/core/customer-script';
import type { MediaDurationOptions } from '../../../../engine/src/simulator/core/media-durations';
import type { PbxSimulator } from '../../../../engine/src/simulator/pbx-simulator';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { repoRoot } from '../../../helpers/repo-root';
import { engineConfigFor, freePort } from '../../pbx/support/engine-config';
import { LINE, Seen, startPbx, TRUNK, until } from '../../pbx/support/pbx-harness';

export { LINE, TRUNK, until };

/** The scenarios of these tests (amd-check, dtmf-menu, dnc-optout). */
export const STEP_FLOWS_DIR = join(repoRoot(), 'test', 'fixtures', 'scenarios', 'step-flows');

export interface PlacedCall {
  readonly report: CallReport;
  /** The ARI commands of the call, compacted (see `compact`). */
  readonly commands: readonly string[];
  readonly requests: readonly AriRequestRecord[];
}

export interface FlowEngine {
  readonly sim: PbxSimulator;
  readonly engine: Engine;
  readonly logger: CaptureLogger;
  /** Every `call.result.recorded` event, in order. */
  readonly results: Seen<EngineEventOf<'call.result.recorded'>>;
  /** Places one outbound call to a fresh number answered by `script`; resolves when every leg is gone. */
  call(scenario: string, script: CustomerScript): Promise<PlacedCall>;
  /** Prints the engine log and the ARI requests (for a failed test). */
  dump(): void;
  stop(): Promise<void>;
}

/**
 * The whole engine (buildEngine: real ARI/AMI/FastAGI adapters, SQLite :memory:) on the built-in PBX
 * simulator (simulated time 50× faster), loading the scenarios of test/fixtures/scenarios/step-flows.
 */
export async function startFlowEngine(media: MediaDurationOptions = {}): Promise<FlowEngine> {
  const sim = await startPbx({ media });
  const agiPort = await freePort();
  sim.setAgiTarget({ host: '127.0.0.1', port: agiPort });
  const logger = new CaptureLogger();
  const engine = buildEngine(engineConfigFor(sim, agiPort, { scenarios: { dir: STEP_FLOWS_DIR } }), { logger });
  const results = new Seen<EngineEventOf<'call.result.recorded'>>();
  resolveToken(engine.container, ENGINE_EVENTS).on('call.result.recorded', results.push);
  await engine.start();
  const telephony = resolveToken(engine.container, TELEPHONY_PORT);
  const monitor = resolveToken(engine.container, LINE_MONITOR_PORT);
  await until(() => telephony.isConnected() && monitor.connectionStatus().pbxBooted, 5000, 'the engine connected to ARI and AMI');
  await until(() => logger.find('info', /ARI reconcile done/) !== undefined, 2000, 'the first reconcile');
  let n = 0;
  return {
    sim,
    engine,
    logger,
    results,
    async call(scenario, script) {
      const phone = `0912${String(3000000 + n++).padStart(7, '0')}`;
      sim.script(phone, script);
      sim.requests.clear();
      const report = await resolveToken(engine.container, CALL_SERVICE).placeOutbound({ phone, endpoint: `PJSIP/${phone}@${TRUNK}`, callerId: LINE, line: LINE, scenario });
      await until(() => sim.world.channels.list().length === 0, 5000, 'every leg hung up');
      const requests = sim.ariRequests();
      return { report, requests, commands: requests.map((r) => compact(r, report.callId)) };
    },
    dump() {
      for (const r of logger.records.filter((x) => x.level !== 'trace')) process.stderr.write(`${r.level} ${r.msg} ${JSON.stringify(r.obj ?? {})}\n`);
      for (const r of sim.ariRequests()) process.stderr.write(`${r.method} ${r.path} ${r.status} ${JSON.stringify(r.params)}\n`);
    },
    async stop() {
      await engine.stop();
      await sim.stop();
    },
  };
}

/** One ARI request as a short, stable word: what the engine did, without generated ids. */
export function compact(r: AriRequestRecord, callId: string): string {
  switch (r.operation) {
    case 'channels.originate':
    case 'channels.originateWithId':
      return 'originate';
    case 'channels.play':
    case 'channels.playWithId':
      return `play ${(r.params['media'] ?? '').replace('sound:custom/steps/', '')}`;
    case 'channels.continueInDialplan':
      return `continue ${r.params['context'] ?? ''},${r.params['extension'] ?? ''},${r.params['priority'] ?? ''}`;
    case 'channels.hangup':
      return r.path === `/channels/salehi-${callId}` ? 'hangup customer' : `hangup ${r.path}`;
    default:
      return r.operation;
  }
}
