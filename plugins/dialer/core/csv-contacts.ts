import { EngineError, type JsonObject, type NewContact } from '../../../engine/src/index';
import { headerlessColumns, mapColumns, type ColumnMap } from './csv-columns';
import { CsvRecordReader, hasFirstLine, sniffDelimiter, type CsvDelimiter, type CsvRecord } from './csv-records';
import { normalisePhone } from './phone-number';
import { isKnownTimeZone } from './zoned-time';

/**
 * Contacts from a CSV upload: streamed (a Node Readable or any async iterable of text or bytes, UTF-8,
 * BOM dropped), delimiter sniffed from the header (`,` `;` TAB), a header row naming the phone column
 * (see csv-columns.ts; a file whose first cell is already a valid number is read as header-less).
 * Every row's number goes through `normalisePhone`; bad rows and in-file duplicates are reported with
 * their line numbers and never stop the import. Only a whole-file problem throws `CE_IMPORT_INVALID`.
 */

export interface CsvContact extends NewContact {
  /** Line of the file the row starts on (1 = the header). */
  readonly line: number;
}

export interface CsvRowIssue {
  readonly line: number;
  /** A `PhoneRejectReason`, or `invalid_time_zone` / `unterminated_quote`. */
  readonly reason: string;
  readonly message: string;
  /** The offending cell as written (at most 80 characters). */
  readonly value: string;
}

export interface CsvDuplicate {
  readonly line: number;
  readonly phone: string;
  /** Line of the first row with this number (the one kept). */
  readonly firstLine: number;
}

export interface CsvProgress {
  /** Data rows read so far (good and bad). */
  readonly rows: number;
  readonly bytes: number;
}

export interface CsvImportOptions {
  readonly onProgress?: (progress: CsvProgress) => void;
  /** Progress is reported at most once per this many rows (and once at the end). Default 1000. */
  readonly progressEveryRows?: number;
  /** More data rows than this → `CE_IMPORT_INVALID`. Default 1,000,000. */
  readonly maxRows?: number;
  /** One record longer than this (characters) → `CE_IMPORT_INVALID`. Default 65,536. */
  readonly maxRecordChars?: number;
}

export interface CsvImportResult {
  readonly contacts: readonly CsvContact[];
  readonly invalid: readonly CsvRowIssue[];
  readonly duplicates: readonly CsvDuplicate[];
  readonly rows: number;
  readonly bytes: number;
  readonly delimiter: CsvDelimiter;
  /** False when the file had no header row (phone in column 1). */
  readonly header: boolean;
}

const SNIFF_LIMIT = 65_536;

function clip(value: string): string {
  return value.length > 80 ? `${value.slice(0, 77)}...` : value;
}

class ContactCollector {
  readonly contacts: CsvContact[] = [];
  readonly invalid: CsvRowIssue[] = [];
  readonly duplicates: CsvDuplicate[] = [];
  rows = 0;
  columns: ColumnMap | null = null;
  header = true;
  private readonly firstLine = new Map<string, number>();

  constructor(private readonly maxRows: number) {}

  accept(record: CsvRecord): void {
    if (this.columns === null) return this.onHeader(record);
    if (record.fields.every((f) => f.trim() === '')) return;
    this.rows += 1;
    if (this.rows > this.maxRows) {
      throw new EngineError('CE_IMPORT_INVALID', `more than ${this.maxRows} data rows`, { details: { line: record.line } });
    }
    this.onRow(record, this.columns);
  }

  unterminated(line: number): void {
    this.rows += 1;
    this.invalid.push({ line, reason: 'unterminated_quote', message: 'a quoted field is never closed (the rest of the file is in it)', value: '' });
  }

  private onHeader(record: CsvRecord): void {
    if (record.fields.every((f) => f.trim() === '')) return;
    const mapped = mapColumns(record.fields);
    if (mapped !== null) {
      this.columns = mapped;
      return;
    }
    if (normalisePhone(record.fields[0] ?? '').ok) {
      this.header = false;
      this.columns = headerlessColumns(record.fields.length);
      return this.accept(record);
    }
    throw new EngineError('CE_IMPORT_INVALID', 'the header row has no phone column (phone, number, mobile, شماره, موبایل, ...)', {
      details: { line: record.line, columns: record.fields.map(clip) },
    });
  }

  private onRow(record: CsvRecord, columns: ColumnMap): void {
    const { fields, line } = record;
    const raw = fields[columns.phone] ?? '';
    const phone = normalisePhone(raw);
    if (!phone.ok) return void this.invalid.push({ line, reason: phone.reason, message: phone.message, value: clip(raw) });
    const tz = columns.timeZone === undefined ? '' : (fields[columns.timeZone] ?? '').trim();
    if (tz !== '' && !isKnownTimeZone(tz)) {
      return void this.invalid.push({ line, reason: 'invalid_time_zone', message: 'not an IANA time zone (e.g. Asia/Tehran)', value: clip(tz) });
    }
    const first = this.firstLine.get(phone.phone);
    if (first !== undefined) return void this.duplicates.push({ line, phone: phone.phone, firstLine: first });
    this.firstLine.set(phone.phone, line);
    this.contacts.push(buildContact(line, phone.phone, tz, fields, columns));
  }
}

function cell(fields: readonly string[], index: number | undefined): string {
  return index === undefined ? '' : (fields[index] ?? '').trim();
}

function buildContact(line: number, phone: string, tz: string, fields: readonly string[], columns: ColumnMap): CsvContact {
  const name = cell(fields, columns.name);
  const externalId = cell(fields, columns.externalId);
  const data: Record<string, string> = {};
  for (const { index, key } of columns.data) {
    const v = fields[index];
    if (v !== undefined && v !== '') data[key] = v;
  }
  // Cells beyond the header's width are kept too, so nothing in the file is silently dropped.
  for (let i = columns.width; i < fields.length; i++) if (fields[i] !== '') data[`column_${i + 1}`] = fields[i]!;
  return {
    line, phone,
    ...(name === '' ? {} : { name: name.slice(0, 200) }),
    ...(tz === '' ? {} : { timeZone: tz }),
    ...(externalId === '' ? {} : { externalId: externalId.slice(0, 200) }),
    ...(Object.keys(data).length === 0 ? {} : { data: data as JsonObject }),
  };
}

/** Text in, records out: holds the start of the file back until the delimiter can be sniffed. */
class CsvTextFeed {
  private reader: CsvRecordReader | null = null;
  private pending = '';
  delimiter: CsvDelimiter = ',';

  constructor(private readonly maxRecordChars: number | undefined) {}

  push(text: string, out: CsvRecord[]): void {
    if (this.reader === null) {
      this.pending += text;
      if (this.pending.length < SNIFF_LIMIT && !hasFirstLine(this.pending)) return;
      this.start(out);
      return;
    }
    this.reader.push(text, out);
  }

  /** Flushes everything; returns the line of an unclosed quoted field, if any. */
  end(out: CsvRecord[]): number | null {
    if (this.reader === null) this.start(out);
    return this.reader!.end(out).unterminatedAt;
  }

  private start(out: CsvRecord[]): void {
    const text = this.pending.charCodeAt(0) === 0xfeff ? this.pending.slice(1) : this.pending;
    this.pending = '';
    this.delimiter = sniffDelimiter(text);
    this.reader = new CsvRecordReader(this.delimiter, this.maxRecordChars);
    this.reader.push(text, out);
  }
}

/**
 * Reads a whole CSV upload. Resolves with the good contacts (first occurrence of each number), the
 * bad rows and the duplicates; rejects with `CE_IMPORT_INVALID` only when the file as a whole cannot
 * be used (empty, no phone column, a runaway record, too many rows).
 */
export async function parseCsvContacts(
  source: AsyncIterable<string | Uint8Array>,
  options: CsvImportOptions = {},
): Promise<CsvImportResult> {
  const every = options.progressEveryRows ?? 1000;
  const collector = new ContactCollector(options.maxRows ?? 1_000_000);
  const feed = new CsvTextFeed(options.maxRecordChars);
  const decoder = new TextDecoder('utf-8');
  const records: CsvRecord[] = [];
  let bytes = 0;
  let reported = 0;
  const drain = (): void => {
    for (const record of records) collector.accept(record);
    records.length = 0;
  };
  for await (const chunk of source) {
    bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk) : chunk.byteLength;
    feed.push(typeof chunk === 'string' ? chunk : decoder.decode(chunk, { stream: true }), records);
    drain();
    if (options.onProgress !== undefined && collector.rows - reported >= every) {
      reported = collector.rows;
      options.onProgress({ rows: collector.rows, bytes });
    }
  }
  feed.push(decoder.decode(), records);
  const unterminatedAt = feed.end(records);
  drain();
  if (unterminatedAt !== null) {
    if (collector.columns === null) throw new EngineError('CE_IMPORT_INVALID', 'the header row has an unclosed quote');
    collector.unterminated(unterminatedAt);
  }
  if (collector.columns === null) throw new EngineError('CE_IMPORT_INVALID', 'the file is empty (no header row)');
  options.onProgress?.({ rows: collector.rows, bytes });
  return {
    contacts: collector.contacts, invalid: collector.invalid, duplicates: collector.duplicates,
    rows: collector.rows, bytes, delimiter: feed.delimiter, header: collector.header,
  };
}
