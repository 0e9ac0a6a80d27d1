import { CAUSE } from './hangup-causes';

/** How the far end ends an INVITE that is not answered with 200 OK. */
export interface RejectOutcome {
  readonly kind: 'reject';
  /** Final SIP response, e.g. 486. Becomes the `tech_cause`. */
  readonly sipCode: number;
  /** Q.850 cause from a `Reason:` header; absent = derived from the SIP code. */
  readonly cause?: number;
}

export type CallOutcome =
  | { readonly kind: 'answer' }
  /** Rings until the originate timeout (our timeout gives cause 19). */
  | { readonly kind: 'no-answer' }
  | RejectOutcome;

/**
 * The scripted behaviour of one simulated person (customer or operator) reached by a dialled
 * number. Durations are simulated seconds (the SimClock scales them).
 */
export interface CustomerScript {
  /** Shown in logs and the spoken-text registry. */
  readonly label?: string;
  /** Seconds of ringing (180 Ringing) before the outcome; 0 = the outcome comes at once. */
  readonly ringSeconds?: number;
  readonly outcome: CallOutcome;
  /** After answering, the person hangs up (BYE) after this many seconds. */
  readonly hangupAfterSeconds?: number;
  /**
   * What the person says, one entry per time the PBX listens (each recording takes the next
   * entry; the last one repeats). `''` = silence. Texts are Persian, as real customers speak.
   */
  readonly utterances?: readonly string[];
  /** Silence before the person starts speaking in each recording. Default 0.5 s. */
  readonly speechDelaySeconds?: number;
}

const answer = { kind: 'answer' } as const;

function rejectWith(sipCode: number, cause?: number): RejectOutcome {
  return cause === undefined ? { kind: 'reject', sipCode } : { kind: 'reject', sipCode, cause };
}

/** Persian phrases the scripted customers say. */
export const SPOKEN = {
  yes: 'بله، لطفاً بفرمایید',
  no: 'نه ممنون، علاقه‌ای ندارم',
  whereDidYouGetMyNumber: 'شماره من را از کجا آوردید؟',
  // No "later" (بعداً) here: the classifier rightly hears "call me later" as a polite no.
  unclear: 'امم... نمی‌دونم، شاید',
} as const;

interface AnswerOptions {
  readonly ringSeconds?: number;
  readonly hangupAfterSeconds?: number;
  readonly speechDelaySeconds?: number;
}

function answering(label: string, utterances: readonly string[], options: AnswerOptions = {}): CustomerScript {
  return { label, ringSeconds: 2, ...options, outcome: answer, utterances };
}

/** Ready-made behaviours for tests and the demo. */
export const customerBehaviours = {
  /** Answers after `ringSeconds` and stays silent. */
  answers: (options: AnswerOptions = {}): CustomerScript => answering('answers', [''], options),
  saysYes: (options: AnswerOptions = {}): CustomerScript => answering('says-yes', [SPOKEN.yes], options),
  saysNo: (options: AnswerOptions = {}): CustomerScript => answering('says-no', [SPOKEN.no], options),
  asksWhereNumberCameFrom: (options: AnswerOptions = {}): CustomerScript =>
    answering('asks-where-number', [SPOKEN.whereDidYouGetMyNumber], options),
  saysSomethingUnclear: (options: AnswerOptions = {}): CustomerScript => answering('unclear', [SPOKEN.unclear], options),
  staysSilent: (options: AnswerOptions = {}): CustomerScript => answering('silent', [''], options),
  /** Answers, then hangs up `afterSeconds` later (typically in the middle of a prompt). */
  hangsUpDuringPrompt: (afterSeconds: number, options: AnswerOptions = {}): CustomerScript =>
    answering('hangs-up-during-prompt', [''], { ...options, hangupAfterSeconds: afterSeconds }),
  /** 486 Busy Here → cause 17. */
  busy: (ringSeconds = 0): CustomerScript => ({ label: 'busy', ringSeconds, outcome: rejectWith(486) }),
  /** Rings until the originate timeout → cause 19 (tech_cause 480). */
  noAnswer: (): CustomerScript => ({ label: 'no-answer', ringSeconds: 0, outcome: { kind: 'no-answer' } }),
  /** 480 Temporarily Unavailable after ringing → cause 19. */
  unavailable: (ringSeconds = 5): CustomerScript => ({ label: 'unavailable', ringSeconds, outcome: rejectWith(480) }),
  /** Handset switched off: 480 with Q.850 cause 20 (subscriber absent), or 500 → 38. */
  poweredOff: (cause: 20 | 38 = 20): CustomerScript => ({
    label: 'powered-off',
    outcome: cause === 20 ? rejectWith(480, CAUSE.SUBSCRIBER_ABSENT) : rejectWith(500),
  }),
  /** 603 Decline → cause 21. */
  rejects: (ringSeconds = 1): CustomerScript => ({ label: 'rejects', ringSeconds, outcome: rejectWith(603) }),
  /** 503 Service Unavailable → cause 34. */
  congestion: (): CustomerScript => ({ label: 'congestion', outcome: rejectWith(503) }),
  /** 404 Not Found → cause 1. */
  unallocated: (): CustomerScript => ({ label: 'unallocated', outcome: rejectWith(404) }),
} as const;

/** Ready-made operator behaviours (operators are reached like customers, by number). */
export const operatorBehaviours = {
  answers: (afterSeconds = 2): CustomerScript => ({ label: 'operator-answers', ringSeconds: afterSeconds, outcome: answer, utterances: [''] }),
  neverAnswers: (): CustomerScript => ({ label: 'operator-no-answer', ringSeconds: 0, outcome: { kind: 'no-answer' } }),
  busy: (): CustomerScript => ({ label: 'operator-busy', outcome: rejectWith(486) }),
} as const;
