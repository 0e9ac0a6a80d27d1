/**
 * One provider attempt under its own deadline, also cancelled when the caller's signal aborts (the
 * call hung up). The provider sees a single signal; the caller learns which of the two fired.
 */

/** The attempt's deadline passed (retryable once; CE_STT_TIMEOUT after the retry). */
export class AttemptTimeout extends Error {
  constructor(readonly afterMs: number) {
    super(`no answer within ${afterMs} ms`);
    this.name = 'AttemptTimeout';
  }
}

export async function attemptWithTimeout<T>(timeoutMs: number, outer: AbortSignal | undefined, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  if (outer?.aborted) throw outer.reason;
  const ctl = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    ctl.abort(new AttemptTimeout(timeoutMs));
  }, timeoutMs);
  const onOuterAbort = (): void => ctl.abort(outer?.reason);
  outer?.addEventListener('abort', onOuterAbort, { once: true });
  // Raced, so a provider that ignores its signal still cannot hold the caller past the deadline.
  const aborted = new Promise<never>((_, reject) => ctl.signal.addEventListener('abort', () => reject(ctl.signal.reason as Error), { once: true }));
  aborted.catch(() => undefined);
  try {
    return await Promise.race([work(ctl.signal), aborted]);
  } catch (err) {
    if (timedOut && !outer?.aborted) throw new AttemptTimeout(timeoutMs);
    throw err;
  } finally {
    clearTimeout(timer);
    outer?.removeEventListener('abort', onOuterAbort);
  }
}
