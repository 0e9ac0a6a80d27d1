/**
 * Which CSV column is which: the header names people actually write (English and Persian) for the
 * phone, name, time zone and external id; every other column is kept as custom data.
 */

/** Accepted header names, normalised (see `headerKey`), in order of preference. */
export const PHONE_HEADERS = [
  'phone', 'phonenumber', 'mobile', 'mobilenumber', 'number', 'tel', 'telephone', 'cell', 'cellphone', 'msisdn',
  'شماره', 'شمارهتلفن', 'شمارهموبایل', 'شمارههمراه', 'موبایل', 'تلفن', 'تلفنهمراه', 'همراه',
] as const;
export const NAME_HEADERS = ['name', 'fullname', 'contactname', 'نام', 'نامونامخانوادگی', 'نامکامل'] as const;
export const TIME_ZONE_HEADERS = ['timezone', 'tz', 'zone', 'منطقهزمانی'] as const;
export const EXTERNAL_ID_HEADERS = ['id', 'externalid', 'contactid', 'numberid', 'شناسه'] as const;

/**
 * Header comparison key: lower case, Arabic yeh/kaf as Persian, and no spaces, `_`, `-`, `.` or ZWNJ,
 * so `Phone Number`, `phone_number` and `شماره‌ی موبایل`-style variants meet.
 */
export function headerKey(header: string): string {
  return header
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\u064a/g, '\u06cc')
    .replace(/\u0643/g, '\u06a9')
    .replace(/[\s_.\-\u200c\u200d]/g, '');
}

export interface ColumnMap {
  /** How many columns the header has; cells beyond it are kept as `column_<n>` data. */
  readonly width: number;
  readonly phone: number;
  readonly name?: number;
  readonly timeZone?: number;
  readonly externalId?: number;
  /** Every other column: its index and the key it gets in `data` (the header as written, made unique). */
  readonly data: readonly { readonly index: number; readonly key: string }[];
}

function findColumn(keys: readonly string[], wanted: readonly string[], taken: ReadonlySet<number>): number | undefined {
  for (const w of wanted) {
    const i = keys.findIndex((k, idx) => k === w && !taken.has(idx));
    if (i !== -1) return i;
  }
  return undefined;
}

function dataKeys(headers: readonly string[], used: ReadonlySet<number>): { index: number; key: string }[] {
  const seen = new Set<string>();
  const out: { index: number; key: string }[] = [];
  headers.forEach((h, index) => {
    if (used.has(index)) return;
    const base = h.trim() === '' ? `column_${index + 1}` : h.trim();
    let key = base;
    for (let n = 2; seen.has(key); n++) key = `${base}_${n}`;
    seen.add(key);
    out.push({ index, key });
  });
  return out;
}

/** Maps a header row to columns, or null when no column is a phone column. */
export function mapColumns(headers: readonly string[]): ColumnMap | null {
  const keys = headers.map(headerKey);
  const taken = new Set<number>();
  const phone = findColumn(keys, PHONE_HEADERS, taken);
  if (phone === undefined) return null;
  taken.add(phone);
  const pick = (wanted: readonly string[]): number | undefined => {
    const i = findColumn(keys, wanted, taken);
    if (i !== undefined) taken.add(i);
    return i;
  };
  const name = pick(NAME_HEADERS);
  const timeZone = pick(TIME_ZONE_HEADERS);
  const externalId = pick(EXTERNAL_ID_HEADERS);
  return {
    width: headers.length,
    phone,
    ...(name === undefined ? {} : { name }),
    ...(timeZone === undefined ? {} : { timeZone }),
    ...(externalId === undefined ? {} : { externalId }),
    data: dataKeys(headers, taken),
  };
}

/** A file without a header row: column 1 is the phone, the rest is data. */
export function headerlessColumns(width: number): ColumnMap {
  return { width, phone: 0, data: Array.from({ length: Math.max(0, width - 1) }, (_v, i) => ({ index: i + 1, key: `column_${i + 2}` })) };
}
