import type { CounterMetric, GaugeMetric, HistogramMetric, MetricsPort } from '../../../ports/metrics.port';

/** The AMI adapter's instruments; a no-op set when no MetricsPort is given (tools, some tests). */
export interface AmiMetrics {
  readonly reconnects: CounterMetric;
  readonly connected: GaugeMetric;
  readonly actionSeconds: HistogramMetric;
  /** Events received; `rate(ami_events_total[1m])` is events per second. */
  readonly events: CounterMetric;
  readonly connectionErrors: CounterMetric;
}

const noop = { inc: () => undefined, set: () => undefined, dec: () => undefined, observe: () => undefined };

// Loopback round trips are sub-millisecond; a loaded Asterisk answers lists in tens of milliseconds.
const ACTION_BUCKETS = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

// Event names come from the peer: only these are used as label values, so a hostile or chatty PBX
// cannot blow up the metric's cardinality.
const LABELLED_EVENTS = new Set([
  'Newchannel', 'Newstate', 'Hangup', 'HangupRequest', 'SoftHangupRequest', 'DialBegin', 'DialState', 'DialEnd',
  'OriginateResponse', 'Registry', 'ContactStatus', 'PeerStatus', 'DeviceStateChange', 'FullyBooted', 'Shutdown',
  'Newexten', 'VarSet', 'NewCallerid', 'NewConnectedLine', 'LocalBridge', 'BridgeEnter', 'BridgeLeave', 'Cdr',
]);

export function eventLabel(name: string | undefined): string {
  return name !== undefined && LABELLED_EVENTS.has(name) ? name : 'other';
}

export function createAmiMetrics(metrics: MetricsPort | undefined): AmiMetrics {
  if (!metrics) return { reconnects: noop, connected: noop, actionSeconds: noop, events: noop, connectionErrors: noop };
  return {
    reconnects: metrics.counter('ami_reconnects_total', 'AMI connections re-established after a loss'),
    connected: metrics.gauge('ami_connected', '1 while the AMI connection is up and logged in'),
    actionSeconds: metrics.histogram('ami_action_duration_seconds', 'AMI action round trip (lists: until the last item), by action and outcome', ['action', 'outcome'], ACTION_BUCKETS),
    events: metrics.counter('ami_events_total', 'AMI events received, by event name', ['event']),
    connectionErrors: metrics.counter('ami_connection_errors_total', 'AMI connection attempts or connections that failed, by reason', ['reason']),
  };
}
