import type { CustomerScript } from './customer-script';
import type { SimClock, SimTimer } from './sim-clock';

const DEFAULT_SPEECH_DELAY_SECONDS = 0.5;

/**
 * One scripted person on one call: knows when they answered, hangs up when the script says so,
 * and hands out what they say each time the PBX listens (records).
 */
export class PartySession {
  /** What the flow does when the person hangs up (a BYE on their leg). */
  onHangup?: () => void;
  private turn = 0;
  private hangupTimer?: SimTimer;
  private answeredAtMs?: number;
  private ended = false;

  constructor(
    readonly script: CustomerScript,
    readonly number: string,
    private readonly clock: SimClock,
  ) {}

  get label(): string {
    return this.script.label ?? 'scripted';
  }

  get speechDelaySeconds(): number {
    return this.script.speechDelaySeconds ?? DEFAULT_SPEECH_DELAY_SECONDS;
  }

  /** Simulated seconds since the person answered (undefined before the answer). */
  secondsSinceAnswer(): number | undefined {
    return this.answeredAtMs === undefined ? undefined : (this.clock.simNow() - this.answeredAtMs) / 1000;
  }

  /** The call was answered: start the clock of the scripted hangup. */
  answered(): void {
    if (this.ended || this.answeredAtMs !== undefined) return;
    this.answeredAtMs = this.clock.simNow();
    const after = this.script.hangupAfterSeconds;
    if (after === undefined) return;
    this.hangupTimer = this.clock.after(after * 1000, () => {
      this.hangupTimer = undefined;
      if (!this.ended) this.onHangup?.();
    });
  }

  /** What the person says the next time the PBX records them (`''` = silence). */
  nextUtterance(): string {
    const utterances = this.script.utterances ?? [];
    if (utterances.length === 0) return '';
    const text = utterances[Math.min(this.turn, utterances.length - 1)] ?? '';
    this.turn += 1;
    return text;
  }

  /** The call is over: no more scripted actions. */
  end(): void {
    this.ended = true;
    this.hangupTimer?.cancel();
    this.hangupTimer = undefined;
  }
}
