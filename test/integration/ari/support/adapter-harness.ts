import { AriTelephonyAdapter, type AriTuning } from '../../../../engine/src/adapters/asterisk/ari/ari-telephony.adapter';
import type { CallEvent } from '../../../../engine/src/ports/call-event';
import type { MetricsPort } from '../../../../engine/src/ports/metrics.port';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { AriTestServer } from './ari-test-server';

export interface Harness {
  readonly server: AriTestServer;
  readonly adapter: AriTelephonyAdapter;
  readonly logger: CaptureLogger;
  readonly events: CallEvent[];
  /** Resolves with the first event (already received or coming) that matches. Rejects after `timeoutMs`. */
  waitFor<T extends CallEvent = CallEvent>(pred: (e: CallEvent) => boolean, timeoutMs?: number): Promise<T>;
  stop(): Promise<void>;
}

/** A started adapter connected to a fresh test server; short delays so tests stay fast. */
export async function startHarness(
  opts: { requestTimeoutSec?: number; tuning?: AriTuning; connect?: boolean; metrics?: MetricsPort } = {},
): Promise<Harness> {
  const server = await AriTestServer.start();
  const logger = new CaptureLogger();
  const adapter = new AriTelephonyAdapter(
    {
      url: server.baseUrl,
      wsUrl: server.wsUrl,
      app: 'salehi',
      username: server.username,
      password: server.password,
      requestTimeoutSec: opts.requestTimeoutSec ?? 2,
    },
    { logger, ...(opts.metrics ? { metrics: opts.metrics } : {}) },
    { pingIntervalMs: 0, settleDelayMs: 20, backoff: { initialMs: 20, maxMs: 100, factor: 2, jitter: 0 }, ...opts.tuning },
  );
  const events: CallEvent[] = [];
  const waiters: Array<{ pred: (e: CallEvent) => boolean; resolve: (e: CallEvent) => void }> = [];
  adapter.onEvent((e) => {
    events.push(e);
    for (const w of [...waiters]) {
      if (w.pred(e)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(e);
      }
    }
  });
  if (opts.connect !== false) {
    adapter.start();
    await adapter.whenConnected();
  }
  return {
    server,
    adapter,
    logger,
    events,
    waitFor: <T extends CallEvent>(pred: (e: CallEvent) => boolean, timeoutMs = 3000) => {
      const seen = events.find(pred);
      if (seen) return Promise.resolve(seen as T);
      return new Promise<T>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('event not received in time')), timeoutMs);
        waiters.push({
          pred,
          resolve: (e) => {
            clearTimeout(timer);
            resolve(e as T);
          },
        });
      });
    },
    stop: async () => {
      await adapter.stop();
      await server.close();
    },
  };
}

/** Waits until `check` is true (polling on the event loop), for state changes that have no event. */
export async function until(check: () => boolean, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
