import type { LineMonitorEventName, LineMonitorEvents } from '../../../ports/line-monitor.port';

/** One domain event the line state wants emitted; the adapter delivers them in order. */
export type MonitorEmit = { [E in LineMonitorEventName]: { readonly event: E; readonly payload: LineMonitorEvents[E] } }[LineMonitorEventName];

export function emit<E extends LineMonitorEventName>(event: E, payload: LineMonitorEvents[E]): MonitorEmit {
  return { event, payload } as MonitorEmit;
}
