import type { NewContact } from '../../../engine/src/index';
import { normalisePhone, type PhoneRejectReason } from './phone-number';

/**
 * Legacy `STATIC_CONTACTS` (config `plugins.dialer.staticContacts`): the numbers dialled when no
 * panel is configured. Each is normalised like any other number; invalid ones are reported (with
 * their position in the list) and left out, duplicates are dialled once.
 */

export interface StaticContactIssue {
  /** 0-based position in the list. */
  readonly index: number;
  readonly value: string;
  readonly reason: PhoneRejectReason;
  readonly message: string;
}

export interface StaticContactsResult {
  readonly contacts: readonly NewContact[];
  readonly invalid: readonly StaticContactIssue[];
  /** Positions of numbers already in the list (after normalisation), with the number. */
  readonly duplicates: readonly { readonly index: number; readonly phone: string; readonly firstIndex: number }[];
}

/**
 * Accepts the config list, or the raw legacy value (comma separated; items trimmed, empty items
 * dropped, as the legacy engine split it). `externalId` is `static:<position>` so reports can name it.
 */
export function staticContacts(list: readonly string[] | string): StaticContactsResult {
  const items = typeof list === 'string' ? list.split(',').map((s) => s.trim()).filter((s) => s !== '') : list;
  const contacts: NewContact[] = [];
  const invalid: StaticContactIssue[] = [];
  const duplicates: { index: number; phone: string; firstIndex: number }[] = [];
  const seen = new Map<string, number>();
  items.forEach((value, index) => {
    const checked = normalisePhone(value);
    if (!checked.ok) return void invalid.push({ index, value, reason: checked.reason, message: checked.message });
    const first = seen.get(checked.phone);
    if (first !== undefined) return void duplicates.push({ index, phone: checked.phone, firstIndex: first });
    seen.set(checked.phone, index);
    contacts.push({ phone: checked.phone, externalId: `static:${index}` });
  });
  return { contacts, invalid, duplicates };
}
