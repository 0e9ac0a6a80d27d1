/**
 * Random call plans for the call-flow property test: who is called, how they answer and reply, when
 * they hang up, how the operators behave, and how chaotic the PBX link is. Every plan comes from one
 * seed, so a failing run replays exactly. `expectedResults` is the oracle for calm runs.
 */
import { CALM, type ChaosKnobs } from '../fakes/chaos-telephony';
import { SeededRandom } from './seeded-random';

export type Reply = 'yes' | 'no' | 'number' | 'unclear' | 'silence';
export type DialBehaviour = 'answer' | 'busy' | 'no-answer' | 'power-off' | 'reject';
/** `hangup-at-once`: picks up and hangs up within a few hundred ms (races the bridge). */
export type OperatorBehaviour = 'answer' | 'no-answer' | 'busy' | 'hangup-after-bridge' | 'hangup-at-once';

/** When the customer hangs up (n counts from 1; prompts exclude hold music; `time` counts from the answer). */
export type CustomerHangup =
  | { readonly at: 'never' }
  | { readonly at: 'prompt' | 'recording' | 'stt'; readonly n: number }
  | { readonly at: 'operator-ringing' | 'bridged' }
  | { readonly at: 'time'; readonly ms: number };

export interface CallPlan {
  readonly seed: number;
  readonly direction: 'outbound' | 'inbound';
  readonly scenario: 'academy' | 'academy-repeat';
  readonly dial: DialBehaviour;
  readonly answerAfterMs: number;
  /** Inbound callers reach Stasis unanswered (`ring`) unless something answered them first. */
  readonly inboundState: 'ring' | 'up';
  /** The customer's reply to each transcription, in order ('silence' once they run out). */
  readonly replies: readonly Reply[];
  readonly hangup: CustomerHangup;
  /** Behaviour of the 1st, 2nd, ... operator leg ('no-answer' once they run out). */
  readonly operators: readonly OperatorBehaviour[];
  /** Both agents are on other calls until then (ms from the start): the transfer waits on hold. */
  readonly agentsBusyMs?: number;
  /** The line's slots are all taken until then (ms from the start): the operator leg waits for one. */
  readonly lineFullMs?: number;
  readonly sttMs: readonly [number, number];
  /** Chance that one transcription fails (provider timeout, failure or quota). */
  readonly sttFailRate: number;
  /** No chaos at all: the oracle applies. */
  readonly calm: boolean;
  readonly knobs: ChaosKnobs;
}

export const REPLY_TEXT: Readonly<Record<Reply, string>> = { yes: 'بله حتما', no: 'نه ممنون', number: 'شماره منو از کجا آوردید', unclear: 'شاید بعدا', silence: '' };

export function randomPlan(seed: number): CallPlan {
  const rng = new SeededRandom(seed);
  const calm = rng.chance(0.3);
  const direction = rng.chance(0.15) ? 'inbound' : 'outbound';
  return {
    seed,
    direction,
    scenario: rng.pick(['academy', 'academy-repeat'] as const),
    dial: rng.weighted<DialBehaviour>([['answer', 60], ['busy', 10], ['no-answer', 10], ['power-off', 8], ['reject', 7]]),
    // Now and then the answer comes just before the PBX's 30 s ring timeout (races the origination timer).
    answerAfterMs: rng.chance(0.05) ? rng.int(29_000, 29_999) : rng.int(500, 25_000),
    inboundState: rng.chance(0.8) ? 'ring' : 'up',
    replies: Array.from({ length: rng.int(1, 4) }, () => rng.weighted<Reply>([['yes', 30], ['no', 25], ['number', 15], ['unclear', 15], ['silence', 15]])),
    hangup: randomHangup(rng, direction),
    operators: Array.from({ length: 2 }, () =>
      rng.weighted<OperatorBehaviour>([['answer', 45], ['no-answer', 20], ['busy', 15], ['hangup-after-bridge', 15], ['hangup-at-once', 5]]),
    ),
    sttMs: calm ? [300, 2_000] : [200, rng.pick([1_500, 6_000, 25_000])],
    sttFailRate: calm ? 0 : rng.pick([0, 0, 0.1, 0.3]),
    ...(!calm && rng.chance(0.2) ? { agentsBusyMs: rng.int(0, 45_000) } : {}),
    ...(!calm && rng.chance(0.15) ? { lineFullMs: rng.int(0, 45_000) } : {}),
    calm,
    knobs: calm ? CALM : randomKnobs(rng),
  };
}

function randomHangup(rng: SeededRandom, direction: 'outbound' | 'inbound'): CustomerHangup {
  const at = rng.weighted<CustomerHangup['at']>(
    direction === 'inbound'
      ? [['never', 40], ['operator-ringing', 25], ['bridged', 25], ['time', 10]]
      : [['never', 35], ['prompt', 12], ['recording', 12], ['stt', 10], ['operator-ringing', 10], ['bridged', 12], ['time', 9]],
  );
  if (at === 'prompt' || at === 'recording' || at === 'stt') return { at, n: rng.int(1, at === 'prompt' ? 4 : 3) };
  if (at === 'time') return { at, ms: rng.int(0, 400_000) };
  return { at };
}

function randomKnobs(rng: SeededRandom): ChaosKnobs {
  return {
    requestMs: [1, rng.pick([5, 50, 300, 1_500])],
    eventDelayMs: [0, rng.pick([0, 20, 200, 2_000, 8_000])],
    duplicateRate: rng.pick([0, 0.05, 0.3]),
    dropMediaEndRate: rng.pick([0, 0.05, 0.2, 0.6]),
    requestTimeoutRate: rng.pick([0, 0, 0.02, 0.1]),
    requestTimeoutMs: 10_000,
  };
}

/**
 * The results a CALM run may end with, or undefined when the plan does not determine one (a hangup
 * at a random time). Asterisk ends a prompt (PlaybackFinished) before the channel's hangup events,
 * so a caller who hangs up during a prompt lets the flow take that prompt's next step first: during
 * "goodby" the result is still set (not_interested / unknown), during "yes" the transfer notices the
 * caller is gone (disconnected).
 */
export function expectedResults(plan: CallPlan): readonly string[] | undefined {
  if (!plan.calm) return undefined;
  if (plan.hangup.at === 'time') return undefined;
  if (plan.direction === 'inbound') return transferResult(plan, 'inbound_call');
  const failed: Partial<Record<DialBehaviour, string>> = { busy: 'busy', 'no-answer': 'missed', 'power-off': 'power_off', reject: 'banned' };
  return failed[plan.dial] ? [failed[plan.dial] as string] : answeredResults(plan);
}

/** Walks the academy flows (assets/scenarios/academy*.yaml) with the customer's replies. */
function answeredResults(plan: CallPlan): readonly string[] {
  const h = plan.hangup;
  let prompts = 0;
  let takes = 0;
  const counters = { empty: 0, number: 0, unclear: 0 };
  const hungDuringPrompt = (): boolean => h.at === 'prompt' && ++prompts === h.n;
  if (hungDuringPrompt()) return ['hangup']; // hello
  for (;;) {
    takes++;
    if ((h.at === 'recording' || h.at === 'stt') && h.n === takes) return ['hangup'];
    const reply = plan.replies[takes - 1] ?? 'silence';
    if (reply === 'silence') {
      if (counters.empty++ >= 1) return ['hangup'];
      if (hungDuringPrompt()) return ['hangup']; // alo
      continue;
    }
    if (reply === 'no') return ['not_interested'];
    if (reply === 'yes') return hungDuringPrompt() ? ['disconnected'] : transferResult(plan, 'connected_to_operator');
    const retry = reply === 'number' ? ++counters.number <= 1 : plan.scenario === 'academy-repeat' && ++counters.unclear <= 1;
    if (!retry) return ['unknown'];
    if (hungDuringPrompt()) return ['hangup']; // number / repeat
  }
}

/** Operators tried in turn; the customer may leave while one rings. */
function transferResult(plan: CallPlan, connected: string): readonly string[] {
  if (plan.hangup.at === 'operator-ringing') return ['disconnected'];
  const out = new Set<string>();
  for (const o of plan.operators) {
    if (o === 'answer' || o === 'hangup-after-bridge') return [...out.add(connected)];
    // Hangs up within a few hundred ms of answering: bridged first (connected), or the next agent is tried.
    if (o === 'hangup-at-once') out.add(connected);
  }
  return [...out.add('disconnected')];
}
