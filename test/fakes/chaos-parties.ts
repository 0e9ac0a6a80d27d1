/**
 * The people in a chaotic test call: the customer (answers or not, replies, hangs up at the planned
 * moment) and the operators (answer, ring out, busy, hang up after the bridge), plus the STT provider
 * that "hears" the customer's replies. They act on the ChaosTelephony PBX through `farEndHangup`.
 */
import { EngineError, type ErrorCode } from '../../engine/src/errors';
import type { OriginateRequest, RecordRequest } from '../../engine/src/ports/telephony.port';
import type { SttPort, SttRequest, SttResult } from '../../engine/src/ports/stt.port';
import type { ChaosTelephony, DialOutcome, FarEnds, Moment } from './chaos-telephony';
import { REPLY_TEXT, type CallPlan, type OperatorBehaviour } from '../helpers/chaos-call-plan';
import type { SeededRandom } from '../helpers/seeded-random';

/** Prompt lengths (ms) by prompt name; hold music is one loop. */
const PROMPT_MS: Readonly<Record<string, number>> = { hello: 4_000, yes: 3_000, goodby: 2_500, number: 5_000, onhold: 8_000, alo: 1_200, repeat: 3_000, processing: 2_000 };

const STT_FAILURES: readonly ErrorCode[] = ['CE_STT_TIMEOUT', 'CE_STT_FAILED', 'CE_STT_QUOTA'];

export class ChaosParties implements FarEnds {
  /** Operator legs in the order they were dialled. */
  readonly legs: string[] = [];
  /** Operator legs that were put into a bridge. */
  readonly bridgedLegs = new Set<string>();
  private readonly legBehaviour = new Map<string, OperatorBehaviour>();
  private prompts = 0;
  private recordings = 0;

  constructor(
    private readonly plan: CallPlan,
    private readonly rng: SeededRandom,
    private readonly pbx: ChaosTelephony,
    readonly customer: string,
  ) {}

  /** For an inbound caller, who is there from the start: arms a hangup at a planned time. */
  arrived(): void {
    if (this.plan.hangup.at === 'time') this.pbx.farEndHangup(this.customer, this.plan.hangup.ms);
  }

  dial(req: OriginateRequest): DialOutcome {
    if (req.appArgs?.[0] === 'operator') return this.dialOperator(req);
    switch (this.plan.dial) {
      case 'answer':
        return { kind: 'answer', afterMs: this.plan.answerAfterMs };
      case 'busy':
        return { kind: 'fail', afterMs: this.rng.int(2_000, 8_000), cause: 17, status: 'busy' };
      case 'power-off':
        return { kind: 'fail', afterMs: this.rng.int(1_000, 4_000), cause: 38, status: 'unavailable' };
      case 'reject':
        return { kind: 'fail', afterMs: this.rng.int(2_000, 20_000), cause: 21, status: 'no-answer' };
      case 'no-answer':
        return { kind: 'ring' };
    }
  }

  recordingMs(_channelId: string, req: RecordRequest): number {
    const reply = this.plan.replies[this.recordings++] ?? 'silence';
    const silenceMs = (req.maxSilenceSec ?? 2) * 1000;
    return reply === 'silence' ? silenceMs : this.rng.int(800, 5_000) + silenceMs;
  }

  promptMs(media: string): number {
    return (PROMPT_MS[media.split('/').pop() ?? ''] ?? 3_000) + this.rng.int(0, 400);
  }

  moment(channelId: string, m: Moment): void {
    if (channelId === this.customer) this.customerMoment(m);
    else this.operatorMoment(channelId, m);
  }

  private customerMoment(m: Moment): void {
    const h = this.plan.hangup;
    const during = (ms: number): void => this.pbx.farEndHangup(this.customer, this.rng.int(0, Math.max(0, ms - 1)));
    if (m.kind === 'answered' && h.at === 'time') this.pbx.farEndHangup(this.customer, h.ms);
    if (m.kind === 'playback' && !m.media.includes('onhold') && h.at === 'prompt' && ++this.prompts === h.n) during(m.durationMs);
    if (m.kind === 'recording' && h.at === 'recording' && this.recordings === h.n) during(m.durationMs);
    if (m.kind === 'bridged' && h.at === 'bridged') this.pbx.farEndHangup(this.customer, this.rng.int(1_000, 60_000));
  }

  private operatorMoment(leg: string, m: Moment): void {
    const behaviour = this.legBehaviour.get(leg);
    if (m.kind === 'answered' && behaviour === 'hangup-at-once') this.pbx.farEndHangup(leg, this.rng.int(0, 300));
    if (m.kind !== 'bridged') return;
    this.bridgedLegs.add(leg);
    if (behaviour === 'hangup-after-bridge') this.pbx.farEndHangup(leg, this.rng.int(0, 30_000));
  }

  private dialOperator(req: OriginateRequest): DialOutcome {
    const behaviour = this.plan.operators[this.legs.length] ?? 'no-answer';
    this.legs.push(req.channelId);
    this.legBehaviour.set(req.channelId, behaviour);
    const outcome: DialOutcome =
      behaviour === 'busy'
        ? { kind: 'fail', afterMs: this.rng.int(500, 3_000), cause: 17, status: 'busy' }
        : behaviour === 'no-answer'
          ? { kind: 'ring' }
          : { kind: 'answer', afterMs: this.rng.int(1_000, 15_000) };
    // The customer gives up while the FIRST operator still rings.
    if (this.plan.hangup.at === 'operator-ringing' && this.legs.length === 1) {
      const ringsMs = outcome.kind === 'ring' ? (req.timeoutSec ?? 30) * 1000 : outcome.afterMs;
      this.pbx.farEndHangup(this.customer, this.rng.int(0, ringsMs - 1));
    }
    return outcome;
  }
}

/** STT that hears the customer's planned replies in order, slowly; honours the abort signal. */
export class ChaosStt implements SttPort {
  private n = 0;

  constructor(
    private readonly plan: CallPlan,
    private readonly rng: SeededRandom,
    private readonly pbx: ChaosTelephony,
    private readonly customer: string,
  ) {}

  async transcribe(req: SttRequest): Promise<SttResult> {
    const n = ++this.n;
    const text = REPLY_TEXT[this.plan.replies[n - 1] ?? 'silence'];
    const ms = this.rng.int(...this.plan.sttMs);
    if (this.plan.hangup.at === 'stt' && this.plan.hangup.n === n) this.pbx.farEndHangup(this.customer, this.rng.int(0, ms - 1));
    await this.pbx.link.timers.sleep(ms, req.signal, () => Object.assign(new Error('This operation was aborted'), { name: 'AbortError' }));
    if (this.rng.chance(this.plan.sttFailRate)) throw new EngineError(this.rng.pick(STT_FAILURES), 'the chaos STT provider failed');
    return { text, status: text ? 'ok' : 'silent', provider: 'chaos', timings: { precheckMs: 0, enhanceMs: 0, requestMs: ms } };
  }
}
