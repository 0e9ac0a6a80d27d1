import { isOpen, nextOpen, windowZone, type CallingWindow } from './calling-window';

/**
 * The per-contact window check at dial time. A window that follows contacts' own zones
 * (`useContactTimeZone`) is read in the contact's zone when it has one: the campaign's cron-kept state
 * cannot know that zone, so the pure functions decide, right before the originate. Other contacts
 * follow the campaign's state. Pure.
 */

/** A contact given back is not claimed again sooner than this (no claim-and-give-back loop at an edge). */
export const MIN_DEFER_MS = 60_000;
/** How long a contact waits when its window does not open within `NEXT_OPEN_HORIZON_DAYS`. */
export const NO_OPENING_DEFER_MS = 86_400_000;

export type ContactWindowVerdict =
  | { readonly dial: true }
  /** Closed for this contact now: give it back, claimable from `until`. */
  | { readonly dial: false; readonly until: number }
  /** The contact's zone is unknown: never dial it (fail closed). */
  | { readonly dial: false; readonly invalidZone: string };

/** `campaignOpen`: the campaign's own state now (cron-kept AND pure), used for contacts read in its zone. */
export function contactWindow(now: number, window: CallingWindow, campaignOpen: boolean, contactTimeZone?: string | null): ContactWindowVerdict {
  if (windowZone(window, contactTimeZone) === null) return { dial: false, invalidZone: String(contactTimeZone) };
  const ownZone = window.useContactTimeZone && typeof contactTimeZone === 'string' && contactTimeZone !== '';
  if (ownZone ? isOpen(now, window, contactTimeZone) : campaignOpen) return { dial: true };
  const next = nextOpen(now, window, contactTimeZone);
  return { dial: false, until: next === null ? now + NO_OPENING_DEFER_MS : Math.max(next, now + MIN_DEFER_MS) };
}
