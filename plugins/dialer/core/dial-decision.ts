import { isOpen, nextOpen, type CallingWindow } from './calling-window';
import { pickLine, type PacingDemand, type PickDecision } from './line-pacing';
import type { LineState } from './line-state';

/**
 * The whole "may the dialer originate now, and on which line?" decision for one contact: first the
 * campaign's calling window (in the contact's zone when the window says so), then line pacing.
 * Pure; `LinePacer.acquireFor(demand, gate)` applies it to live state.
 */

/** The window an outbound attempt must fall in. */
export interface WindowGate {
  readonly window: CallingWindow;
  readonly contactTimeZone?: string | null;
}

export type DialDecision =
  | PickDecision
  /** Outside the window (or on a holiday); `until` = when it next opens, null = not within a year / bad zone. */
  | { readonly wait: 'window-closed'; readonly until: number | null };

export function dialDecision(now: number, gate: WindowGate, lines: readonly LineState[], demand: PacingDemand): DialDecision {
  if (!isOpen(now, gate.window, gate.contactTimeZone)) {
    return { wait: 'window-closed', until: nextOpen(now, gate.window, gate.contactTimeZone) };
  }
  return pickLine(now, lines, demand);
}
