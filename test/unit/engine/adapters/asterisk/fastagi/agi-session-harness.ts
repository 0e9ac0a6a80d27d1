import { AgiCommandQueue } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-command-queue';
import { parseAgiEnvironment } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-env-parser';
import { createAgiMetrics } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-metrics';
import { AgiResponseReader } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-result-parser';
import { AgiSession } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-session';
import { CaptureLogger } from '../../../../../fakes/capture-logger';
import { FakeTransport, RecordingMetrics } from './fastagi-test-kit';

export interface SessionHarness {
  readonly session: AgiSession;
  readonly queue: AgiCommandQueue;
  readonly transport: FakeTransport;
  readonly metrics: RecordingMetrics;
  readonly logger: CaptureLogger;
  /** Feeds lines from "Asterisk" (each line without its newline). */
  answer(...lines: string[]): void;
}

export interface HarnessOptions {
  readonly commandMs?: number;
  readonly mediaMs?: number;
  readonly idleTimeoutMs?: number;
  readonly maxCommands?: number;
}

/** An AgiSession over a fake transport: no socket, so sinon fake timers drive every timeout. */
export function makeSession(opts: HarnessOptions = {}): SessionHarness {
  const transport = new FakeTransport();
  const metrics = new RecordingMetrics();
  const logger = new CaptureLogger();
  const reader = new AgiResponseReader();
  const queue = new AgiCommandQueue({
    transport,
    logger,
    metrics: createAgiMetrics(metrics),
    idleTimeoutMs: opts.idleTimeoutMs ?? 0,
    maxCommands: opts.maxCommands ?? 1000,
    maxLineBytes: 8192,
    now: () => Date.now(),
  });
  const env = parseAgiEnvironment([
    ['request', 'agi://127.0.0.1:4573/inbound?did=1'],
    ['network_script', 'inbound?did=1'],
    ['channel', 'PJSIP/carrier-00000001'],
    ['uniqueid', '1700000000.1'],
  ]);
  const session = new AgiSession({
    id: 'agi-test',
    route: 'inbound',
    params: { did: '1' },
    env,
    queue,
    timeouts: { commandMs: opts.commandMs ?? 1000, mediaMs: opts.mediaMs ?? 5000 },
  });
  const answer = (...lines: string[]): void => {
    for (const line of lines) {
      const event = reader.next(line);
      if (event) queue.receive(event);
    }
  };
  return { session, queue, transport, metrics, logger, answer };
}
