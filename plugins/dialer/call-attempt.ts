import type { Attempt, CallReport, CallService, CallStorePort, Campaign, Contact, LineLease, Logger, CallResult } from '../../engine/src/index';
import { buildDialString, lineCallerId } from './core/phone-number';
import { nextAttempt, type RetryPolicy } from './core/retry-policy';

export interface AttemptDeps {
  readonly store: CallStorePort;
  readonly calls: CallService;
  readonly logger: Logger;
  readonly instanceId: string;
  readonly dialTemplate: string;
  readonly trunk: string;
  readonly policy: RetryPolicy;
  readonly testTarget?: string;
  readonly now: () => number;
  /** Told once the attempt row is written (the campaign's originate counts see it at once). */
  readonly onCreated?: (attempt: Attempt) => void;
}

/**
 * One call attempt, crash-safe: the ledger row exists BEFORE the originate is sent; the call's one
 * result is written with the retry decision in the same transaction (the contact is requeued or closed).
 */
export async function runAttempt(d: AttemptDeps, campaign: Campaign, contact: Contact, lease: LineLease): Promise<CallReport | undefined> {
  const attempt = await d.store.createAttempt({
    direction: 'outbound',
    phone: contact.phone,
    campaignId: campaign.id,
    contactId: contact.id,
    lineId: lease.line,
    scenario: campaign.settings.scenario,
    instanceId: d.instanceId,
  });
  d.onCreated?.(attempt);
  let report: CallReport | undefined;
  try {
    const dialled = d.testTarget ?? contact.phone;
    const endpoint = buildDialString(d.dialTemplate, dialled, d.trunk);
    await d.store.advanceAttempt(attempt.id, 'dialing', { channelId: `salehi-${attempt.id}` });
    report = await d.calls.placeOutbound({
      phone: contact.phone,
      endpoint,
      callerId: lineCallerId(lease.line),
      line: lease.line,
      campaignId: campaign.id,
      attemptId: attempt.id,
      scenario: campaign.settings.scenario,
      variables: { SALEHI_TRUNK: d.trunk, SALEHI_LINE: lease.line },
    });
  } catch (err) {
    d.logger.error({ err, attemptId: attempt.id }, 'attempt failed before a call result');
  } finally {
    lease.release();
  }
  const result = (report?.result ?? 'failed:dialer_error') as CallResult;
  const decision = nextAttempt(result, contact.attemptCount + 1, d.policy, d.now(), { verified: true });
  await d.store.finishAttempt(
    attempt.id,
    {
      result,
      ...(report?.reason ? { reason: report.reason.slice(0, 500) } : {}),
      ...(report?.cause !== undefined ? { hangupCause: report.cause } : {}),
      ...(report?.causeText ? { hangupCauseText: report.causeText } : {}),
      ...(report?.transcript ? { transcript: report.transcript } : {}),
      ...(report?.intent ? { intent: report.intent } : {}),
      endedAt: report?.endedAt ?? d.now(),
    },
    decision.kind === 'retry' ? { retryContactAt: decision.retryAt } : {},
  );
  return report;
}
