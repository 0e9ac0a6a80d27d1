import type { EngineConfig } from '../config/config.schema';
import type { CallStorePort } from '../ports/call-store.port';
import type { CallReport } from '../call/call-report';
import type { CallResult } from '../ports/call-ledger.types';

/** Inbound calls have no campaign: their attempt row is written when the call is over. */
export async function recordInboundReport(store: CallStorePort, r: CallReport, config: EngineConfig): Promise<void> {
  const attempt = await store.createAttempt({
    id: r.callId,
    direction: 'inbound',
    phone: (r.phone || 'unknown').slice(0, 64),
    ...(r.line ? { lineId: r.line } : {}),
    channelId: r.channelId,
    scenario: r.scenario,
    instanceId: config.company,
  });
  await store.finishAttempt(attempt.id, {
    result: r.result as CallResult,
    ...(r.reason ? { reason: r.reason } : {}),
    ...(r.cause !== undefined ? { hangupCause: r.cause } : {}),
    ...(r.causeText ? { hangupCauseText: r.causeText } : {}),
    ...(r.transcript ? { transcript: r.transcript } : {}),
    ...(r.intent ? { intent: r.intent } : {}),
    endedAt: r.endedAt,
  });
}
