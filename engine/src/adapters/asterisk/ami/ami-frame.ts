/** One `Name: value` line of an AMI message, in wire order. */
export type AmiHeader = readonly [name: string, value: string];

/**
 * One AMI message from the PBX (a response or an event). Header lookup is case-insensitive and the
 * first match wins, as in Asterisk's own `astman_get_header`; repeated headers (`ChanVariable`,
 * `Output`, `Contacts`) are read with `all()`. Values are kept verbatim (an empty value stays '').
 * A Map backs the lookup so hostile header names such as `__proto__` are plain keys.
 */
export class AmiFrame {
  /** Lower-cased name → first value; built on the first lookup. */
  private index: Map<string, string> | undefined;

  constructor(readonly headers: readonly AmiHeader[]) {}

  /** First value of a header, undefined when absent. */
  get(name: string): string | undefined {
    return this.lookup().get(name.toLowerCase());
  }

  /** Every value of a repeated header, in wire order. */
  all(name: string): readonly string[] {
    const key = name.toLowerCase();
    const values: string[] = [];
    for (const [n, value] of this.headers) if (n.length === key.length && n.toLowerCase() === key) values.push(value);
    return values;
  }

  has(name: string): boolean {
    return this.lookup().has(name.toLowerCase());
  }

  /** The event name for events, undefined for responses. */
  get event(): string | undefined {
    return this.get('Event');
  }

  /** `Success`, `Error`, `Goodbye` for responses (also present on OriginateResponse events). */
  get response(): string | undefined {
    return this.get('Response');
  }

  get actionId(): string | undefined {
    const id = this.get('ActionID');
    return id === '' ? undefined : id;
  }

  /** True for events (a frame with an `Event:` header, even when it also carries `Response:`). */
  get isEvent(): boolean {
    return this.has('Event');
  }

  /** An integer header, undefined when absent or not a decimal integer. */
  int(name: string): number | undefined {
    const v = this.get(name);
    if (v === undefined || !/^-?\d{1,15}$/.test(v.trim())) return undefined;
    return Number(v.trim());
  }

  private lookup(): Map<string, string> {
    if (this.index) return this.index;
    const index = new Map<string, string>();
    for (const [name, value] of this.headers) {
      const key = name.toLowerCase();
      if (!index.has(key)) index.set(key, value);
    }
    this.index = index;
    return index;
  }
}
