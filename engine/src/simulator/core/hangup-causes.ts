/**
 * Q.850 hangup causes as Asterisk 20 names them (`main/channel.c causes[]`), the SIP → cause
 * mapping of `ast_sip_hangup_sip2cause` (`res/res_pjsip.c`) and the dial status words derived from
 * a cause (`main/dial.c`, `apps/app_dial.c handle_cause`).
 */

export const CAUSE = {
  UNKNOWN: 0,
  UNALLOCATED: 1,
  NO_ROUTE_DESTINATION: 3,
  NORMAL_CLEARING: 16,
  USER_BUSY: 17,
  NO_USER_RESPONSE: 18,
  NO_ANSWER: 19,
  SUBSCRIBER_ABSENT: 20,
  CALL_REJECTED: 21,
  NUMBER_CHANGED: 22,
  ANSWERED_ELSEWHERE: 26,
  DESTINATION_OUT_OF_ORDER: 27,
  INVALID_NUMBER_FORMAT: 28,
  FACILITY_REJECTED: 29,
  NORMAL_UNSPECIFIED: 31,
  NORMAL_CIRCUIT_CONGESTION: 34,
  NETWORK_OUT_OF_ORDER: 38,
  NORMAL_TEMPORARY_FAILURE: 41,
  SWITCH_CONGESTION: 42,
  BEARERCAPABILITY_NOTAVAIL: 58,
  RECOVERY_ON_TIMER_EXPIRE: 102,
  INTERWORKING: 127,
} as const;

/**
 * Soft-hangup flags: the `cause` of a `soft:true` hangup request is one of these, not a Q.850
 * cause (captures/ari-08-stasis-e2e.ari.txt: 32 for ARI DELETE; ari-11b: 4 for a restart).
 */
export const SOFT_HANGUP = { SHUTDOWN: 4, APPUNLOAD: 16, EXPLICIT: 32 } as const;

const CAUSE_TEXT: Readonly<Record<number, string>> = {
  0: 'Unknown',
  1: 'Unallocated (unassigned) number',
  2: 'No route to specified transmit network',
  3: 'No route to destination',
  16: 'Normal Clearing',
  17: 'User busy',
  18: 'No user responding',
  19: 'User alerting, no answer',
  20: 'Subscriber absent',
  21: 'Call Rejected',
  22: 'Number changed',
  26: 'Answered elsewhere',
  27: 'Destination out of order',
  28: 'Invalid number format',
  29: 'Facility rejected',
  31: 'Normal, unspecified',
  34: 'Circuit/channel congestion',
  38: 'Network out of order',
  41: 'Temporary failure',
  42: 'Switching equipment congestion',
  58: 'Bearer capability not available',
  102: 'Recover on timer expiry',
  127: 'Interworking, unspecified',
};

/** `cause_txt` of a ChannelDestroyed event (`ast_cause2str`). */
export function causeText(cause: number): string {
  return CAUSE_TEXT[cause] ?? 'Unknown';
}

const SIP_TO_CAUSE: Readonly<Record<number, number>> = {
  401: 21, 403: 21, 404: 1, 405: 127, 407: 21, 408: 18, 409: 41, 410: 22, 411: 127, 413: 127,
  414: 127, 415: 127, 420: 3, 480: 19, 481: 127, 482: 127, 483: 19, 484: 28, 485: 1, 486: 17,
  487: 127, 488: 58, 491: 127, 493: 127, 500: 38, 501: 29, 502: 27, 503: 34, 504: 102, 505: 127,
  600: 17, 603: 21, 604: 1, 606: 58,
};

/** The Q.850 cause Asterisk gives a PJSIP channel whose INVITE got this final response. */
export function sipToCause(sipCode: number): number {
  const mapped = SIP_TO_CAUSE[sipCode];
  if (mapped !== undefined) return mapped;
  if (sipCode >= 500 && sipCode < 600) return CAUSE.NORMAL_CIRCUIT_CONGESTION;
  return CAUSE.INTERWORKING;
}

/**
 * The status of the final ARI `Dial` event for a leg that failed with `cause`: BUSY and
 * CONGESTION come from the control frames chan_pjsip queues; every other failure ends the dial
 * as a hangup, which `main/dial.c` reports as NOANSWER (confirmed for 480, 404 and 603).
 */
export function finalDialStatus(cause: number): 'BUSY' | 'CONGESTION' | 'NOANSWER' {
  if (cause === CAUSE.USER_BUSY) return 'BUSY';
  if (cause === CAUSE.NORMAL_CIRCUIT_CONGESTION || cause === CAUSE.SWITCH_CONGESTION) return 'CONGESTION';
  return 'NOANSWER';
}

/** `DIALSTATUS` that `Dial()` sets after the callee failed with `cause` (`app_dial.c handle_cause`). */
export function dialStatusVariable(cause: number): 'BUSY' | 'CONGESTION' | 'CHANUNAVAIL' | 'NOANSWER' {
  switch (cause) {
    case CAUSE.USER_BUSY:
      return 'BUSY';
    case CAUSE.NORMAL_CIRCUIT_CONGESTION:
      return 'CONGESTION';
    case CAUSE.NO_ANSWER:
    case CAUSE.NORMAL_CLEARING:
      return 'NOANSWER';
    default:
      return 'CHANUNAVAIL';
  }
}

/** ARI `DELETE /channels/{id}?reason=` words and their causes (`resource_channels.c`). */
export const HANGUP_REASONS: Readonly<Record<string, number>> = {
  normal: 16,
  busy: 17,
  congestion: 34,
  no_answer: 19,
  timeout: 18,
  rejected: 21,
  unallocated: 1,
  normal_unspecified: 31,
  number_incomplete: 28,
  codec_mismatch: 58,
  interworking: 127,
  failure: 38,
  answered_elsewhere: 26,
};
