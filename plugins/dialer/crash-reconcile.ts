import { NOT_DIALLED_RESULT, type CallStorePort, type Clock, type Logger } from '../../engine/src/index';

/**
 * After a restart: attempts this instance left in flight. One whose originate was never sent
 * (`pending`) goes back to the queue, eligible at once: nothing was dialled, and the store gives the
 * contact back the attempt it counted (`NOT_DIALLED_RESULT`), so it does not use up one of the
 * contact's `maxAttempts`. One that was dialling or talking has an unknown outcome: the call may have
 * reached the person, so it is settled as `unknown` and NOT redialled automatically (the retry policy
 * never retries an `unknown` outcome); its channel, if Asterisk still has it, is settled by the ARI
 * adapter's reconcile. Then stale claims are released.
 */
export async function reconcileInFlight(store: CallStorePort, instanceId: string, logger: Logger, clock: Clock): Promise<{ requeued: number; settled: number }> {
  let requeued = 0;
  let settled = 0;
  for (const attempt of await store.listInFlightAttempts(instanceId)) {
    if (attempt.direction !== 'outbound') {
      await store.finishAttempt(attempt.id, { result: 'unknown', reason: 'engine restarted during the call' });
      settled++;
      continue;
    }
    if (attempt.state === 'pending') {
      await store.finishAttempt(attempt.id, { result: NOT_DIALLED_RESULT, reason: 'engine stopped before the originate was sent' }, { retryContactAt: clock.now() });
      requeued++;
    } else {
      await store.finishAttempt(attempt.id, { result: 'unknown', reason: `engine restarted while the call was ${attempt.state}` });
      settled++;
    }
  }
  const released = await store.releaseClaims(instanceId);
  if (requeued || settled || released) logger.warn({ requeued, settled, released }, 'reconciled attempts left in flight by the previous run');
  return { requeued, settled };
}
