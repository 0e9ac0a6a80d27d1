import type { EngineEventsPort, Logger } from '../../engine/src/index';

/**
 * Turns a provider's quota refusal into the engine event that pauses the dialer (and, through the
 * sms-alerts plugin, texts the admins). The event bus is attached in the plugin's start(); a refusal
 * before that (nothing dials before start) is only logged.
 */
export class QuotaAlarm {
  private events?: EngineEventsPort;

  constructor(private readonly logger: Logger) {}

  attach(events: EngineEventsPort): void {
    this.events = events;
  }

  detach(): void {
    this.events = undefined;
  }

  raise(provider: string, result: `failed:${string}`, detail?: string): void {
    this.logger.error({ provider, result, detail }, 'speech-to-text quota exhausted; the dialer must pause');
    this.events?.emit({ type: 'quota.exhausted', provider, result, ...(detail ? { detail } : {}) });
  }
}
