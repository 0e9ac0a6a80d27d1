import type { DependencyContainer } from 'tsyringe';
import type { EngineConfig } from '../config/config.schema';
import type { Clock } from '../ports/clock.port';
import type { Logger } from '../ports/logger.port';
import type { MetricsPort } from '../ports/metrics.port';
import type { HealthRegistry } from '../ports/health.port';
import type { TelephonyPort } from '../ports/telephony.port';
import type { InboundGatewayPort } from '../ports/inbound-gateway.port';
import type { LineMonitorPort } from '../ports/line-monitor.port';
import { INBOUND_GATEWAY, LINE_MONITOR_PORT, TELEPHONY_PORT } from '../di/tokens';
import { AriTelephonyAdapter } from '../adapters/asterisk/ari/ari-telephony.adapter';
import { AmiConnection } from '../adapters/asterisk/ami/ami-connection';
import { AmiLineMonitor } from '../adapters/asterisk/ami/ami-line-monitor.adapter';
import { FastAgiServer } from '../adapters/asterisk/fastagi/fastagi-server';
import { fastAgiOptionsFromConfig } from '../adapters/asterisk/fastagi/fastagi-options';

export interface TelephonyRuntime {
  readonly telephony: TelephonyPort;
  readonly gateway?: InboundGatewayPort;
  readonly lineMonitor?: LineMonitorPort;
  /** Connects ARI and AMI (both retry forever in the background) and starts FastAGI. */
  start(): Promise<void>;
  /** Stops accepting inbound AGI sessions (first step of shutdown). */
  closeGateway(): Promise<void>;
  /** Closes ARI and AMI (after the calls have drained). */
  close(): Promise<void>;
}

/** Adapters for the three Asterisk interfaces, registered under their port tokens, with health indicators. */
export function wireTelephony(container: DependencyContainer, config: EngineConfig, deps: { logger: Logger; metrics: MetricsPort; clock: Clock; health: HealthRegistry }): TelephonyRuntime {
  const { logger, metrics, clock, health } = deps;
  const maxMs = config.asterisk.reconnectMaxDelaySec * 1000;
  const ari = new AriTelephonyAdapter(config.asterisk.ari, { logger, metrics, clock }, { backoff: { initialMs: 100, maxMs, factor: 2, jitter: 0.2 } });
  container.register(TELEPHONY_PORT, { useValue: ari });
  health.add({ name: 'ari', check: () => (ari.isConnected() ? { ok: true } : { ok: false, detail: `ARI event link to ${config.asterisk.ari.wsUrl} is down` }) });

  let monitor: AmiLineMonitor | undefined;
  if (config.asterisk.ami.enabled) {
    const ami = config.asterisk.ami;
    const connection = new AmiConnection({
      host: ami.host,
      port: ami.port,
      username: ami.username,
      secret: ami.password,
      events: 'system,call',
      actionTimeoutMs: ami.actionTimeoutSec * 1000,
      pingIntervalMs: ami.pingIntervalSec * 1000,
      backoff: { initialMs: Math.min(250, maxMs), maxMs, factor: 2, jitter: 0.2 },
      logger,
      metrics,
    });
    monitor = new AmiLineMonitor({ connection, lines: config.lines.numbers, lineVariable: 'SALEHI_LINE', logger, clock });
    container.register(LINE_MONITOR_PORT, { useValue: monitor });
    const m = monitor;
    health.add({ name: 'ami', check: () => (m.isConnected() ? { ok: true } : { ok: false, detail: `AMI ${ami.host}:${ami.port} is not logged in` }) });
  }

  let gateway: FastAgiServer | undefined;
  if (config.asterisk.agi.enabled) {
    gateway = new FastAgiServer({ ...fastAgiOptionsFromConfig(config.asterisk.agi), logger, metrics });
    container.register(INBOUND_GATEWAY, { useValue: gateway });
    const g = gateway;
    health.add({ name: 'fastagi', check: () => (g.isListening() ? { ok: true } : { ok: false, detail: 'FastAGI server is not listening' }) });
  }

  return {
    telephony: ari,
    ...(gateway ? { gateway } : {}),
    ...(monitor ? { lineMonitor: monitor } : {}),
    async start() {
      ari.start();
      if (monitor) await monitor.start();
      if (gateway) await gateway.listen();
    },
    async closeGateway() {
      await gateway?.close();
    },
    async close() {
      await monitor?.stop();
      await ari.stop();
    },
  };
}
