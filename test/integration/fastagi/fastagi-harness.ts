import { FastAgiServer } from '../../../engine/src/adapters/asterisk/fastagi/fastagi-server';
import type { FastAgiServerOptions } from '../../../engine/src/adapters/asterisk/fastagi/fastagi-options';
import type { InboundRouteHandler } from '../../../engine/src/ports/inbound-gateway.port';
import type { SimulatedChannelEnv } from '../../../engine/src/simulator/agi/agi-env-builder';
import { CaptureLogger, type LogRecord } from '../../fakes/capture-logger';
import { RecordingMetrics } from '../../unit/engine/adapters/asterisk/fastagi/fastagi-test-kit';

export interface RunningServer {
  readonly server: FastAgiServer;
  readonly port: number;
  readonly logger: CaptureLogger;
  readonly metrics: RecordingMetrics;
}

/** A FastAGI server on a free loopback port with in-memory logs and metrics. */
export async function startServer(routes: Record<string, InboundRouteHandler>, overrides: Partial<FastAgiServerOptions> = {}): Promise<RunningServer> {
  const logger = new CaptureLogger();
  const metrics = new RecordingMetrics();
  const server = new FastAgiServer({ host: '127.0.0.1', port: 0, allow: ['127.0.0.1', '::1', '::ffff:127.0.0.1'], logger, metrics, lingerMs: 500, ...overrides });
  for (const [name, handler] of Object.entries(routes)) server.route(name, handler);
  const { port } = await server.listen();
  return { server, port, logger, metrics };
}

let uniq = 0;

/** An inbound PJSIP call from the carrier, as the example dialplan of PROTOCOLS.md §4.1 would start it. */
export function inboundEnv(url: string, overrides: Partial<SimulatedChannelEnv> = {}): SimulatedChannelEnv {
  uniq++;
  return {
    request: url,
    args: [`1740824130.${uniq}`],
    channel: `PJSIP/carrier-${String(uniq).padStart(8, '0')}`,
    uniqueId: `1740824130.${uniq}`,
    callerId: '4055550100',
    callerIdName: 'Acme Caller',
    dnid: '4055550123',
    context: 'engine-inbound',
    extension: '4055550123',
    priority: 3,
    ...overrides,
  };
}

/** Warn/error records, the "one clear line per bad connection" the server promises. */
export function problems(logger: CaptureLogger): LogRecord[] {
  return logger.records.filter((r) => r.level === 'warn' || r.level === 'error');
}

/** Polls until `cond` holds (socket events are asynchronous); fails after `ms`. */
export async function eventually(cond: () => boolean, ms = 2000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
