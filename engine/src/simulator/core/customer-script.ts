import { CAUSE } from './hangup-causes';

/** How the far end ends an INVITE that is not answered with 200 OK. */
export interface RejectOutcome {
  readonly kind: 'reject';
  /** Final SIP response, e.g. 486. Becomes the `tech_cause`. */
  readonly sipCode: number;
  /** Q.850 cause from a `Reason:` header; absent = derived from the SIP code. */
  readonly cause?: number;
}

/** What Asterisk's AMD() concludes (AMDSTATUS); `HANGUP` is not scripted: it is what a hangup during AMD gives. */
export type AmdStatus = 'HUMAN' | 'MACHINE' | 'NOTSURE';

/** The scripted result of AMD() on this person's channel (dialplan/salehi-amd.conf). */
export interface AmdVerdict {
  readonly status: AmdStatus;
  /** AMDCAUSE, e.g. `HUMAN-815-800`, `MAXWORDS-3-2`, `TOOLONG-5000` (captures/ami-07-amd). */
  readonly cause?: string;
  /** Simulated seconds AMD() listens before it decides (about 3 s in captures/ami-07-amd). */
  readonly seconds?: number;
}

/**
 * Keys the person presses (DTMF): `digits` one by one, the first `afterSeconds` after the
 * `onPrompt`-th prompt (1 = the first) started playing to them, then one every `gapSeconds`.
 * Tied to prompts, not to the clock, so a press never comes before the engine listens for it.
 */
export interface KeyPresses {
  readonly digits: string;
  /** Default 1. */
  readonly onPrompt?: number;
  /** Default 1 s. */
  readonly afterSeconds?: number;
  /** Default 1 s. */
  readonly gapSeconds?: number;
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
  /** What AMD() decides; default: a silent person is a MACHINE (initial silence), anyone else HUMAN. */
  readonly amd?: AmdVerdict;
  /** Keys pressed while the call is up. */
  readonly keys?: readonly KeyPresses[];
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
  /** An answering machine's greeting ("please leave your message after the tone"). */
  voicemailGreeting: 'لطفاً پیغام خود را پس از شنیدن صدای بوق بگذارید',
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
  /** A voicemail box: answers, plays its greeting; AMD() says MACHINE (MAXWORDS-3-2, as captured). */
  answeringMachine: (options: AnswerOptions = {}): CustomerScript => ({
    ...answering('answering-machine', [SPOKEN.voicemailGreeting], options),
    amd: { status: 'MACHINE', cause: 'MAXWORDS-3-2', seconds: 3 },
  }),
  /** Answers with a greeting AMD() cannot place: NOTSURE after its whole analysis time (TOOLONG-5000). */
  puzzlesAmd: (options: AnswerOptions = {}): CustomerScript => ({
    ...answering('puzzles-amd', [SPOKEN.unclear], options),
    amd: { status: 'NOTSURE', cause: 'TOOLONG-5000', seconds: 5 },
  }),
  /** A person who answers (AMD: HUMAN) and presses `digits` once the first prompt starts (timing: KeyPresses). */
  pressesKeys: (digits: string, keys: Omit<KeyPresses, 'digits'> = {}, options: AnswerOptions = {}): CustomerScript => ({
    ...answering('presses-keys', [''], options),
    amd: { status: 'HUMAN', cause: 'HUMAN-815-800', seconds: 3 },
    keys: [{ digits, ...keys }],
  }),
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
