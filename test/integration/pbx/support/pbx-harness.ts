import { AmiConnection } from '../../../../engine/src/adapters/asterisk/ami/ami-connection';
import type { AmiFrame } from '../../../../engine/src/adapters/asterisk/ami/ami-frame';
import { AmiLineMonitor } from '../../../../engine/src/adapters/asterisk/ami/ami-line-monitor.adapter';
import { AriTelephonyAdapter } from '../../../../engine/src/adapters/asterisk/ari/ari-telephony.adapter';
import type { CallEvent } from '../../../../engine/src/ports/call-event';
import type { LineMonitorEventName, LineMonitorEvents } from '../../../../engine/src/ports/line-monitor.port';
import { PbxSimulator, type PbxSimulatorOptions, type PbxUser } from '../../../../engine/src/simulator/pbx-simulator';
import { CaptureLogger } from '../../../fakes/capture-logger';

export const LINE = '02191302954';
export const TRUNK = 'TO-CUCM-Gaptel';
export const USER: PbxUser = { username: 'salehi', password: 's3cret' };
export const APP = 'salehi';
/** Fast reconnects: both links try at least every 500 ms, so a restarted PBX is found quickly. */
export const FAST_BACKOFF = { initialMs: 50, maxMs: 500, factor: 2, jitter: 0.1 } as const;

/** Starts a simulator with our line, the test user and simulated time 50× faster than real time. */
export function startPbx(options: PbxSimulatorOptions = {}): Promise<PbxSimulator> {
  return PbxSimulator.start({ speed: 0.02, users: [USER], lines: [LINE], logger: new CaptureLogger(), ...options });
}

/** Items seen so far plus waiting for one that matches (already seen or still to come). */
export class Seen<T> {
  readonly items: T[] = [];
  private readonly waiters: Array<{ pred: (item: T) => boolean; resolve: (item: T) => void }> = [];

  push = (item: T): void => {
    this.items.push(item);
    for (const w of [...this.waiters]) {
      if (!w.pred(item)) continue;
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve(item);
    }
  };

  waitFor<U extends T = T>(pred: (item: T) => boolean, timeoutMs = 5000, what = 'an item'): Promise<U> {
    const seen = this.items.find(pred);
    if (seen !== undefined) return Promise.resolve(seen as U);
    return new Promise<U>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${what} not seen within ${timeoutMs} ms`)), timeoutMs);
      this.waiters.push({ pred, resolve: (item) => (clearTimeout(timer), resolve(item as U)) });
    });
  }
}

/** Waits until `check()` holds; resolves with the ms it took. */
export async function until(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<number> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > timeoutMs) throw new Error(`${what} not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return Date.now() - start;
}

export interface AriLink {
  readonly adapter: AriTelephonyAdapter;
  readonly events: Seen<CallEvent>;
  waitFor<T extends CallEvent['type']>(type: T, channelId: string, timeoutMs?: number): Promise<Extract<CallEvent, { type: T }>>;
}

/** The engine's ARI adapter connected to the simulator, with every normalised event recorded. */
export async function connectAri(sim: PbxSimulator, logger = new CaptureLogger()): Promise<AriLink> {
  const adapter = new AriTelephonyAdapter(
    { url: sim.ariUrl, wsUrl: sim.ariWsUrl, app: APP, username: USER.username, password: USER.password, requestTimeoutSec: 2 },
    { logger },
    { pingIntervalMs: 0, settleDelayMs: 20, backoff: { ...FAST_BACKOFF, jitter: 0 } },
  );
  const events = new Seen<CallEvent>();
  adapter.onEvent(events.push);
  adapter.start();
  await adapter.whenConnected();
  return {
    adapter,
    events,
    waitFor: (type, channelId, timeoutMs = 5000) =>
      events.waitFor((e) => e.type === type && 'channelId' in e && e.channelId === channelId, timeoutMs, `${type} of ${channelId}`),
  };
}

type MonitorSeen = { [E in LineMonitorEventName]: Seen<LineMonitorEvents[E]> };

export interface AmiLink {
  readonly connection: AmiConnection;
  readonly monitor: AmiLineMonitor;
  readonly seen: MonitorSeen;
  readonly frames: Seen<AmiFrame>;
}

const MONITOR_EVENTS: readonly LineMonitorEventName[] = [
  'registration.changed', 'endpoint.changed', 'contact.changed', 'line.usage.changed', 'channel.ended', 'channel.recovered',
  'asterisk.booted', 'asterisk.shutdown', 'connection.lost', 'connection.restored', 'state.resynced',
];

/** The engine's AMI connection + line monitor on the simulator, started and resynced once. */
export async function connectAmi(sim: PbxSimulator, lines: readonly string[] = [LINE], logger = new CaptureLogger()): Promise<AmiLink> {
  const connection = new AmiConnection({ host: sim.host, port: sim.amiPort, username: USER.username, secret: USER.password, backoff: FAST_BACKOFF, actionTimeoutMs: 2000, logger });
  const monitor = new AmiLineMonitor({ connection, lines, lineVariable: 'SALEHI_LINE', bootWaitMs: 200, logger });
  const seen = {} as Record<LineMonitorEventName, Seen<unknown>>;
  for (const name of MONITOR_EVENTS) {
    seen[name] = new Seen<unknown>();
    monitor.on(name, seen[name].push);
  }
  const frames = new Seen<AmiFrame>();
  connection.onEvent(frames.push);
  await monitor.start();
  await seen['state.resynced'].waitFor(() => true, 5000, 'the first AMI resync');
  return { connection, monitor, seen: seen as unknown as MonitorSeen, frames };
}
