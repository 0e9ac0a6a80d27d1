/**
 * The call's life as a plain typed transition table: states × events → target + named actions.
 * The session feeds normalised events in and runs the actions the table names; nothing else
 * changes the state. Events not in the table for a state are ignored (and logged at debug), which
 * is what makes duplicates and late events harmless.
 */

export type CallState = 'dialing' | 'answered' | 'in_flow' | 'hanging_up' | 'ended';

export type MachineEvent =
  | 'originate.accepted'
  | 'originate.rejected'
  | 'answered'
  | 'entered'
  | 'ended'
  | 'flow.finished'
  | 'timer.origination'
  | 'timer.max_duration'
  | 'timer.hangup_grace';

export type CallAction =
  | 'startFlow'
  | 'armMaxDuration'
  | 'abortFlow'
  | 'hangupChannel'
  | 'resultFromCause'
  | 'resultMissed'
  | 'resultOriginateFailed'
  | 'finalize';

export interface Transition {
  readonly target: CallState;
  readonly actions: readonly CallAction[];
}

type Table = { readonly [S in CallState]: Partial<Readonly<Record<MachineEvent, Transition>>> };

const to = (target: CallState, ...actions: CallAction[]): Transition => ({ target, actions });

export const CALL_MACHINE: Table = {
  dialing: {
    'originate.accepted': to('dialing'),
    'originate.rejected': to('ended', 'resultOriginateFailed', 'finalize'),
    answered: to('answered'),
    entered: to('in_flow', 'armMaxDuration', 'startFlow'),
    ended: to('ended', 'resultFromCause', 'finalize'),
    'timer.origination': to('hanging_up', 'resultMissed', 'hangupChannel'),
  },
  answered: {
    entered: to('in_flow', 'armMaxDuration', 'startFlow'),
    ended: to('ended', 'resultFromCause', 'finalize'),
    'timer.origination': to('hanging_up', 'resultMissed', 'hangupChannel'),
  },
  in_flow: {
    ended: to('ended', 'abortFlow', 'finalize'),
    'flow.finished': to('hanging_up', 'hangupChannel'),
    'timer.max_duration': to('hanging_up', 'abortFlow', 'hangupChannel'),
  },
  hanging_up: {
    ended: to('ended', 'finalize'),
    'timer.hangup_grace': to('ended', 'finalize'),
  },
  ended: {},
};

/** The transition for an event in a state, or undefined when the event means nothing there. */
export function transition(state: CallState, event: MachineEvent): Transition | undefined {
  return CALL_MACHINE[state][event];
}
