import { EngineError } from '../../../engine/src/index';

/**
 * An incremental RFC 4180 reader: text goes in chunk by chunk (a chunk may end anywhere, even inside
 * a quoted field or between CR and LF), complete records come out with the line number they start
 * on. Quoted fields may hold the delimiter, `""` (a quote) and line breaks. CRLF, LF and lone CR all
 * end a line. Blank lines are skipped. Lenient where RFC 4180 is silent: a quote inside an unquoted
 * field, or text after a closing quote, is kept as written.
 */

export interface CsvRecord {
  /** 1-based physical line on which the record starts. */
  readonly line: number;
  readonly fields: readonly string[];
}

export const CSV_DELIMITERS = [',', ';', '\t'] as const;
export type CsvDelimiter = (typeof CSV_DELIMITERS)[number];

const QUOTE = 34;
const CR = 13;
const LF = 10;

export class CsvRecordReader {
  private fields: string[] = [];
  private field = '';
  /** The current field began with a quote. */
  private quoted = false;
  private inQuotes = false;
  /** The previous character closed a quoted section (a following quote is an escaped quote). */
  private closedQuote = false;
  /** The previous character was a CR (so an LF right after it is the same line break). */
  private lastCr = false;
  private line = 1;
  private recordLine = 1;
  /** Characters of the current record that arrived in earlier chunks. */
  private carried = 0;
  private readonly delim: number;

  constructor(delimiter: CsvDelimiter, private readonly maxRecordChars = 65_536) {
    this.delim = delimiter.charCodeAt(0);
  }

  /** Feeds the next piece of text; appends the records it completed to `out` and returns it. */
  push(text: string, out: CsvRecord[] = []): CsvRecord[] {
    let seg = 0;
    let recStart = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      const afterCr = this.lastCr;
      this.lastCr = c === CR;
      if (this.inQuotes) {
        if (c === QUOTE) {
          this.field += text.slice(seg, i);
          seg = i + 1;
          this.inQuotes = false;
          this.closedQuote = true;
        } else if (c === CR || (c === LF && !afterCr)) this.line += 1;
        continue;
      }
      if (c === LF && afterCr) {
        // The LF of a CRLF whose CR already ended the record.
        seg = i + 1;
        recStart = i + 1;
        continue;
      }
      if (c !== QUOTE && c !== this.delim && c !== CR && c !== LF) {
        this.closedQuote = false;
        continue;
      }
      this.field += text.slice(seg, i);
      seg = i + 1;
      if (c === QUOTE) this.onQuote();
      else if (c === this.delim) this.endField();
      else {
        this.endRecord(out);
        this.line += 1;
        this.recordLine = this.line;
        recStart = i + 1;
      }
    }
    if (seg < text.length) this.field += text.slice(seg);
    this.carried += text.length - recStart;
    this.checkSize();
    return out;
  }

  /**
   * Flushes the last record at the end of input. A quoted field still open at the end is reported as
   * `unterminatedAt` (the line its record starts on) instead of a record.
   */
  end(out: CsvRecord[] = []): { readonly records: CsvRecord[]; readonly unterminatedAt: number | null } {
    if (this.inQuotes) return { records: out, unterminatedAt: this.recordLine };
    this.endRecord(out);
    return { records: out, unterminatedAt: null };
  }

  private onQuote(): void {
    if (this.closedQuote) {
      // `""` inside a quoted field: a literal quote, and the field continues quoted.
      this.field += '"';
      this.inQuotes = true;
      this.closedQuote = false;
    } else if (this.field === '' && !this.quoted) {
      this.inQuotes = true;
      this.quoted = true;
    } else {
      this.field += '"';
    }
  }

  private endField(): void {
    this.fields.push(this.field);
    this.field = '';
    this.quoted = false;
    this.closedQuote = false;
  }

  private endRecord(out: CsvRecord[]): void {
    const blank = this.fields.length === 0 && this.field === '' && !this.quoted;
    this.endField();
    if (!blank) out.push({ line: this.recordLine, fields: this.fields });
    this.fields = [];
    this.carried = 0;
  }

  private checkSize(): void {
    if (this.carried > this.maxRecordChars) {
      throw new EngineError('CE_IMPORT_INVALID', `the record starting on line ${this.recordLine} is longer than ${this.maxRecordChars} characters (an unclosed quote?)`, {
        details: { line: this.recordLine },
      });
    }
  }
}

/**
 * Picks the delimiter from the header line: the most frequent of `,` `;` TAB outside quotes
 * (ties in that order; none at all = a one-column file, `,`).
 */
export function sniffDelimiter(headerText: string): CsvDelimiter {
  const counts = new Map<CsvDelimiter, number>(CSV_DELIMITERS.map((d) => [d, 0]));
  let inQuotes = false;
  for (const ch of headerText) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) break;
    else if (!inQuotes && counts.has(ch as CsvDelimiter)) counts.set(ch as CsvDelimiter, counts.get(ch as CsvDelimiter)! + 1);
  }
  let best: CsvDelimiter = ',';
  for (const d of CSV_DELIMITERS) if (counts.get(d)! > counts.get(best)!) best = d;
  return best;
}

/** True once `text` holds a whole first line (a line break outside quotes). */
export function hasFirstLine(text: string): boolean {
  let inQuotes = false;
  for (const ch of text) {
    if (ch === '"') inQuotes = !inQuotes;
    else if (!inQuotes && (ch === '\n' || ch === '\r')) return true;
  }
  return false;
}
