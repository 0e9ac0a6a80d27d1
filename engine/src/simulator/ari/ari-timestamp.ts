/**
 * ARI's timestamp format, `YYYY-MM-DDTHH:MM:SS.mmm+0000` (milliseconds, offset without colon).
 * Asterisk prints its local zone; the simulator always runs in UTC.
 */
export function ariTimestamp(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

/** The HTTP `Date:` header value. */
export function httpDate(ms: number): string {
  return new Date(ms).toUTCString();
}
