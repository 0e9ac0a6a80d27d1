import type { PlaybackHandle, StepContext } from '../step-context';

export interface DtmfEntryOptions {
  readonly prompt?: string;
  readonly maxDigits: number;
  readonly terminator?: string;
  /** Wait for the first key, counted from the end of the prompt. */
  readonly firstDigitTimeoutSec: number;
  /** Wait for each further key. */
  readonly interDigitTimeoutSec: number;
}

export interface DtmfEntry {
  /** The keys typed, without the terminator ('' = nothing typed). */
  readonly digits: string;
  /** Ended by a timeout (as opposed to max digits or the terminator). */
  readonly timedOut: boolean;
}

type Key = { readonly kind: 'digit'; readonly digit: string } | { readonly kind: 'terminator' | 'timeout' };

/**
 * Reads one keypad entry, as Asterisk's Read() does: optional prompt, then keys until `maxDigits`,
 * the terminator, or a timeout (first-digit, then inter-digit). Keys pressed while the prompt plays
 * count and stop it (barge-in): a caller who knows the menu is not made to wait. Every key wait is
 * registered before the action that may let the key through, and each is bounded by its timeout.
 */
export async function readDtmfEntry(ctx: StepContext, o: DtmfEntryOptions): Promise<DtmfEntry> {
  const { key, playing } = await firstKey(ctx, o);
  // Listen for the next keys BEFORE stopping the prompt: a key pressed meanwhile is not lost.
  const rest = key.kind === 'digit' && o.maxDigits > 1
    ? handled(ctx.media.collectDigits({ maxDigits: o.maxDigits - 1, timeoutSec: o.interDigitTimeoutSec, terminator: o.terminator }))
    : undefined;
  await playing?.stop();
  if (key.kind !== 'digit') return { digits: '', timedOut: key.kind === 'timeout' };
  if (!rest) return { digits: key.digit, timedOut: false };
  const more = await rest;
  return { digits: key.digit + more.digits, timedOut: more.timedOut };
}

/**
 * The first key: during the prompt (if any) or within `firstDigitTimeoutSec` after it. `playing` is
 * the prompt when a key came while it was still playing (to be stopped).
 */
async function firstKey(ctx: StepContext, o: DtmfEntryOptions): Promise<{ key: Key; playing?: PlaybackHandle }> {
  const listen = (): Promise<Key> => handled(nextKey(ctx, o.firstDigitTimeoutSec, o.terminator));
  let early = listen(); // subscribed before the prompt starts
  if (!o.prompt) return { key: await early };
  const playback = await ctx.media.start(o.prompt);
  const over = handled(playback.done.then(() => 'over' as const));
  for (;;) {
    const first = await Promise.race([early, over]);
    if (first === 'over') break;
    if (first.kind !== 'timeout') return { key: first, playing: playback };
    early = listen(); // still playing: keep listening
  }
  // The prompt is over: a full first-digit wait from now (the earlier listener may still catch a key).
  const fresh = listen();
  return { key: await Promise.race([early.then((k) => (k.kind === 'timeout' ? fresh : k)), fresh]) };
}

async function nextKey(ctx: StepContext, timeoutSec: number, terminator: string | undefined): Promise<Key> {
  const got = await ctx.media.collectDigits({ maxDigits: 1, timeoutSec, terminator });
  if (got.digits) return { kind: 'digit', digit: got.digits };
  return { kind: got.timedOut ? 'timeout' : 'terminator' };
}

/** Marks a promise handled (a call that ends rejects every pending wait) while callers may still await it. */
function handled<T>(p: Promise<T>): Promise<T> {
  p.catch(() => undefined);
  return p;
}
