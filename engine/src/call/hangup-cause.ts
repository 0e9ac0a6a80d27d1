/**
 * Hangup causes → telephony outcome → call result. Pure functions, shared by every adapter (AMI line
 * monitor, ARI call control) and the dialer.
 *
 * Sources: asterisk/PROTOCOLS.md §5 (Q.850 causes as Asterisk 20 reports them), PRODUCT.md §5 (result
 * words, "cause 38 means power_off" for Iranian carriers), EXTERNAL-APIS.md §7 (the legacy panel mapping
 * 17→BUSY, 18/19/20→POWER_OFF, 21/34/41/42→BANNED; its sibling mapped 38→POWER_OFF too).
 *
 * Decisions (documented in engine/docs/adr/ami-client.md):
 * - answered (the channel reached Up) → `completed`, whatever the later cause: answered calls end with
 *   16, 0 (Local halves, restarts, application-form originates) or anything else, and the flow decides
 *   the business result.
 * - 18/19 → `missed`, NOT power_off as the legacy panel mapping had it: 19 is also what our own
 *   originate timeout produces for a phone that simply rang out, so calling it power_off would report
 *   every unanswered ring as a switched-off phone. 20 (subscriber absent) and 38 (the Iranian
 *   carriers' "phone off / out of coverage") → `power_off`.
 * - 21 (call rejected) → `banned`, as legacy reported it (the carriers reject calls to numbers that
 *   are barred from campaign calls).
 * - 34/41/42 (and 27) → `congestion`: kept apart from `banned` so the dialer can see a congested trunk
 *   (many congestion outcomes in a row are a trunk problem, not a number problem), but REPORTED as
 *   `banned`, exactly as the legacy panel mapping did (see `outcomeToResult`).
 * - 1/3/22/28 → `invalid_number`; everything else unanswered → `failed`.
 * - cause 0 before answer carries no information (a Local `;1` whose `;2` ran Busy() ends with 0):
 *   the dial status, when known, decides instead (`attemptOutcome`).
 */
import type { DialStatus } from '../ports/call-event';

/** What happened to one call attempt at the telephony level. */
export type CallOutcome =
  | 'completed'
  | 'busy'
  | 'missed'
  | 'power_off'
  | 'banned'
  | 'congestion'
  | 'invalid_number'
  | 'failed'
  /** The end was never seen (the PBX connection dropped); check the PBX before retrying. */
  | 'unknown';

/** `Cause-txt` strings of Asterisk 20 (`main/channel.c causes[]`) for the causes a dialer meets. */
const CAUSE_TEXT: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  2: 'No route to specified transmit network',
  3: 'No route to destination',
  6: 'Channel unacceptable',
  7: 'Call awarded and being delivered in an established channel',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  22: 'Number changed',
  23: 'Redirected to new destination',
  26: 'Answered elsewhere',
  27: 'Destination out of order',
  28: 'Invalid number format',
  29: 'Facility rejected',
  30: 'Response to STATus ENQuiry',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  42: 'Switching equipment congestion',
  43: 'Access information discarded',
  44: 'Requested channel not available',
  45: 'Pre-empted',
  50: 'Facility not subscribed',
  52: 'Outgoing call barred',
  54: 'Incoming call barred',
  57: 'Bearer capability not authorized',
  58: 'Bearer capability not available',
  65: 'Bearer capability not implemented',
  66: 'Channel not implemented',
  69: 'Facility not implemented',
  81: 'Invalid call reference value',
  88: 'Incompatible destination',
  95: 'Invalid message unspecified',
  96: 'Mandatory information element is missing',
  97: 'Message type nonexist.',
  98: 'Wrong message',
  99: 'Info. element nonexist or not implemented',
  100: 'Invalid information element contents',
  101: 'Message not compatible with call state',
  102: 'Recover on timer expiry',
  103: 'Mandatory IE length error',
  111: 'Protocol error, unspecified',
  127: 'Interworking, unspecified',
};

/** The PBX's text for a cause (`Cause-txt`), `Unknown` for causes it has no text for. */
export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

const UNANSWERED: ReadonlyMap<number, CallOutcome> = new Map<number, CallOutcome>([
  [17, 'busy'],
  [18, 'missed'],
  [19, 'missed'],
  [20, 'power_off'],
  [38, 'power_off'],
  [21, 'banned'],
  [27, 'congestion'],
  [34, 'congestion'],
  [41, 'congestion'],
  [42, 'congestion'],
  [1, 'invalid_number'],
  [3, 'invalid_number'],
  [22, 'invalid_number'],
  [28, 'invalid_number'],
]);

/** Outcome of one attempt from its final Q.850 cause and whether it was ever answered. */
export function hangupCauseToOutcome(cause: number, answered: boolean): CallOutcome {
  if (answered) return 'completed';
  return UNANSWERED.get(cause) ?? 'failed';
}

/** Outcome implied by a final dial status alone (used when the cause says nothing, i.e. 0). */
export function dialStatusToOutcome(status: DialStatus): CallOutcome | undefined {
  switch (status) {
    case 'answered':
      return 'completed';
    case 'busy':
      return 'busy';
    case 'no-answer':
      return 'missed';
    case 'congestion':
      return 'congestion';
    case 'unavailable':
    case 'cancelled':
    case 'other':
      return 'failed';
    default:
      return undefined;
  }
}

/**
 * The outcome of an attempt from everything known about its dialed leg: answered wins; a real cause
 * (not 0) decides next; with cause 0 the final dial status decides; otherwise `failed`.
 */
export function attemptOutcome(input: { readonly cause: number; readonly answered: boolean; readonly dialStatus?: DialStatus }): CallOutcome {
  if (input.answered || input.dialStatus === 'answered') return 'completed';
  if (input.cause !== 0) return hangupCauseToOutcome(input.cause, false);
  const byDial = input.dialStatus === undefined ? undefined : dialStatusToOutcome(input.dialStatus);
  return byDial ?? 'failed';
}

/**
 * The PRODUCT.md §5 result word for an unanswered outcome (`completed` has none: the scenario decides).
 * `congestion` is reported as `banned` to keep the legacy panel's 34/41/42→BANNED mapping.
 */
export function outcomeToResult(outcome: CallOutcome, cause = 0): string | undefined {
  switch (outcome) {
    case 'completed':
      return undefined;
    case 'busy':
    case 'missed':
    case 'power_off':
    case 'banned':
      return outcome;
    case 'congestion':
      return 'banned';
    case 'invalid_number':
      return 'failed:invalid_number';
    case 'unknown':
      return 'failed:outcome_unknown';
    case 'failed':
      return `failed:cause_${cause}`;
  }
}
