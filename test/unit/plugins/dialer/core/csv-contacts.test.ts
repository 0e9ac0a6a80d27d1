import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { isEngineError } from '../../../../../engine/src/index';
import { headerKey, mapColumns } from '../../../../../plugins/dialer/core/csv-columns';
import { parseCsvContacts, type CsvImportOptions, type CsvImportResult } from '../../../../../plugins/dialer/core/csv-contacts';
import { CsvRecordReader, sniffDelimiter } from '../../../../../plugins/dialer/core/csv-records';
import { propertySeed, seededRandom } from './seeded-random';

async function* chunks(parts: readonly (string | Uint8Array)[]): AsyncGenerator<string | Uint8Array> {
  for (const p of parts) yield p;
}

function parse(text: string, options?: CsvImportOptions): Promise<CsvImportResult> {
  return parseCsvContacts(chunks([text]), options);
}

/** Splits `text` into byte chunks of `size`, cutting through multi-byte characters on purpose. */
function byteChunks(text: string, size: number): Uint8Array[] {
  const bytes = Buffer.from(text, 'utf8');
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += size) out.push(bytes.subarray(i, i + size));
  return out;
}

describe('dialer core: csv-contacts', () => {
  describe('CsvRecordReader (RFC 4180)', () => {
    const cases: readonly [string, string, readonly [number, string[]][]][] = [
      ['simple', 'a,b\n1,2\n', [[1, ['a', 'b']], [2, ['1', '2']]]],
      ['CRLF and no final newline', 'a,b\r\n1,2', [[1, ['a', 'b']], [2, ['1', '2']]]],
      ['lone CR', 'a\r1\r2', [[1, ['a']], [2, ['1']], [3, ['2']]]],
      ['quoted delimiter', '"a,b",c\n', [[1, ['a,b', 'c']]]],
      ['escaped quote', '"say ""hi""",x\n', [[1, ['say "hi"', 'x']]]],
      ['newline inside quotes keeps the record and counts the line', '"line1\nline2",x\ny,z\n', [[1, ['line1\nline2', 'x']], [3, ['y', 'z']]]],
      ['CRLF inside quotes counts one line', '"a\r\nb",x\r\ny\r\n', [[1, ['a\r\nb', 'x']], [3, ['y']]]],
      ['blank lines are skipped but counted', 'a\n\n\nb\n', [[1, ['a']], [4, ['b']]]],
      ['empty fields', ',,\n', [[1, ['', '', '']]]],
      ['quoted empty field is a record', '""\n', [[1, ['']]]],
      ['lenient: quote inside an unquoted field', 'ab"c,d\n', [[1, ['ab"c', 'd']]]],
      ['lenient: text after a closing quote', '"ab"c,d\n', [[1, ['abc', 'd']]]],
    ];
    for (const [name, text, expected] of cases) {
      it(name, () => {
        // Feed it whole and one character at a time: chunk boundaries must not matter.
        for (const pieces of [[text], [...text]]) {
          const r = new CsvRecordReader(',');
          const out = pieces.flatMap((p) => r.push(p));
          const end = r.end();
          assert.equal(end.unterminatedAt, null);
          assert.deepEqual([...out, ...end.records].map((x) => [x.line, x.fields]), expected);
        }
      });
    }

    it('reports an unclosed quote at the end with its line', () => {
      const r = new CsvRecordReader(',');
      r.push('a\n"b,c\nd\n');
      assert.equal(r.end().unterminatedAt, 2);
    });

    it('refuses a runaway record with CE_IMPORT_INVALID', () => {
      const r = new CsvRecordReader(',', 100);
      assert.throws(() => r.push(`"${'x'.repeat(200)}`), (e: unknown) => isEngineError(e, 'CE_IMPORT_INVALID'));
    });

    const delimiters: readonly [string, string][] = [
      ['phone,name', ','], ['phone;name;city', ';'], ['phone\tname', '\t'], ['phone', ','], ['"a;b",c', ','], ['"a,b";c;d', ';'],
    ];
    for (const [header, d] of delimiters) it(`sniffs ${JSON.stringify(d)} from ${JSON.stringify(header)}`, () => assert.equal(sniffDelimiter(`${header}\n1,2;3\t4`), d));
  });

  describe('column names', () => {
    const phones: readonly [string[], number][] = [
      [['Name', 'Phone'], 1], [['phone_number'], 0], [['Phone Number'], 0], [['MOBILE'], 0], [['id', 'number'], 1],
      [['شماره'], 0], [['نام', 'موبایل'], 1], [['شماره موبایل'], 0], [['شماره‌ موبایل'], 0], [['tel'], 0],
      [['number', 'mobile'], 1], // mobile is preferred over a bare "number"
    ];
    for (const [headers, index] of phones) it(`${JSON.stringify(headers)} → phone column ${index}`, () => assert.equal(mapColumns(headers)?.phone, index));
    it('no phone column → null', () => assert.equal(mapColumns(['name', 'city']), null));
    it('headerKey folds case, separators, ZWNJ and Arabic letters', () => {
      assert.equal(headerKey(' Phone_Number '), 'phonenumber');
      assert.equal(headerKey('شماره\u200cموبايل'), 'شمارهموبایل');
    });
  });

  describe('parseCsvContacts', () => {
    it('reads good rows with name, time zone, external id and custom columns', async () => {
      const r = await parse('id,Name,Phone,City,TZ\n7,Ali,0912 123 4567,Tehran,Asia/Tehran\n8,Sara,9351234567,,\n');
      assert.deepEqual(r.contacts, [
        { line: 2, phone: '09121234567', name: 'Ali', timeZone: 'Asia/Tehran', externalId: '7', data: { City: 'Tehran' } },
        { line: 3, phone: '09351234567', name: 'Sara', externalId: '8' },
      ]);
      assert.deepEqual([r.rows, r.delimiter, r.header, r.invalid.length, r.duplicates.length], [2, ',', true, 0, 0]);
    });

    it('reports bad rows with line numbers and reasons and keeps the good ones', async () => {
      const text = 'phone;name\n09121234567;a\n0912&Local/x;b\n"0912\n1234567";c\n;d\n09121234568;e\n12;f\n';
      const r = await parse(text);
      assert.deepEqual(r.contacts.map((c) => [c.line, c.phone]), [[2, '09121234567'], [7, '09121234568']]);
      assert.deepEqual(r.invalid.map((i) => [i.line, i.reason]), [[3, 'forbidden_character'], [4, 'forbidden_character'], [6, 'empty'], [8, 'too_few_digits']]);
      assert.equal(r.invalid[0]!.value, '0912&Local/x');
      assert.equal(r.rows, 6);
    });

    it('reports duplicates within the file (after normalisation) with the first line', async () => {
      const r = await parse('phone\n09121234567\n+98 912 123 4567\n9351234567\n9121234567\n');
      assert.deepEqual(r.contacts.map((c) => c.phone), ['09121234567', '09351234567']);
      assert.deepEqual(r.duplicates, [{ line: 3, phone: '09121234567', firstLine: 2 }, { line: 5, phone: '09121234567', firstLine: 2 }]);
    });

    it('rejects a row with an unknown time zone', async () => {
      const r = await parse('phone,timezone\n09121234567,Mars/Base\n');
      assert.deepEqual(r.invalid.map((i) => [i.line, i.reason, i.value]), [[2, 'invalid_time_zone', 'Mars/Base']]);
    });

    it('handles a BOM, TAB delimiter, Persian headers and cells beyond the header', async () => {
      const r = await parse('\ufeffنام\tشماره\nعلی\t۰۹۱۲۱۲۳۴۵۶۷\textra\n');
      assert.deepEqual(r.contacts, [{ line: 2, phone: '09121234567', name: 'علی', data: { column_3: 'extra' } }]);
      assert.equal(r.delimiter, '\t');
    });

    it('reads a header-less list of numbers', async () => {
      const r = await parse('09121234567\n09121234568\n');
      assert.equal(r.header, false);
      assert.deepEqual(r.contacts.map((c) => [c.line, c.phone]), [[1, '09121234567'], [2, '09121234568']]);
    });

    it('gives the same result whatever the chunking (bytes cut inside UTF-8 characters)', async () => {
      const text = '\ufeffنام,شماره,یادداشت\r\n"علی, رضا",0912-123-4567,"چند\r\nخطی"\r\nسارا,۹۳۵۱۲۳۴۵۶۷,\r\n';
      const whole = await parse(text);
      for (const size of [1, 2, 3, 7, 64]) {
        const r = await parseCsvContacts(chunks(byteChunks(text, size)));
        assert.deepEqual(r.contacts, whole.contacts, `chunk size ${size}`);
        assert.equal(r.bytes, Buffer.byteLength(text));
      }
      assert.deepEqual(whole.contacts.map((c) => [c.line, c.phone, c.name]), [[2, '09121234567', 'علی, رضا'], [4, '09351234567', 'سارا']]);
    });

    it('streams from a Node Readable and reports progress', async () => {
      const lines = ['phone', ...Array.from({ length: 2500 }, (_v, i) => `0912${String(i).padStart(7, '0')}`)];
      const progress: { rows: number; bytes: number }[] = [];
      const r = await parseCsvContacts(Readable.from(byteChunks(lines.join('\n'), 1000)), { onProgress: (p) => progress.push(p), progressEveryRows: 1000 });
      assert.equal(r.contacts.length, 2500);
      assert.ok(progress.length >= 3, `progress ${JSON.stringify(progress)}`);
      assert.deepEqual(progress[progress.length - 1], { rows: 2500, bytes: r.bytes });
      for (let i = 1; i < progress.length; i++) assert.ok(progress[i]!.rows >= progress[i - 1]!.rows);
    });

    it('an unclosed quote is a bad row at its line, earlier rows are kept', async () => {
      const r = await parse('phone\n09121234567\n"0912,x\n09121234568\n');
      assert.deepEqual(r.contacts.map((c) => c.phone), ['09121234567']);
      assert.deepEqual(r.invalid.map((i) => [i.line, i.reason]), [[3, 'unterminated_quote']]);
    });

    const fatal: readonly [string, string, CsvImportOptions?][] = [
      ['an empty file', ''],
      ['only blank lines', '\n\n\r\n'],
      ['no phone column', 'name,city\nali,tehran\n'],
      ['too many rows', 'phone\n09121234567\n09121234568\n09121234569\n', { maxRows: 2 }],
      ['a runaway record', `phone\n"${'9'.repeat(5000)}`, { maxRecordChars: 1000 }],
    ];
    for (const [name, text, options] of fatal) {
      it(`refuses ${name} with CE_IMPORT_INVALID`, async () => {
        await assert.rejects(parse(text, options), (e: unknown) => isEngineError(e, 'CE_IMPORT_INVALID'));
      });
    }

    it('a header with no rows is an empty import, not an error', async () => {
      const r = await parse('phone,name\n');
      assert.deepEqual([r.contacts.length, r.rows], [0, 0]);
    });

    it('property: random CSV bytes never crash it, and every contact is dialable', async () => {
      const seed = propertySeed();
      const rnd = seededRandom(seed);
      const alphabet = ['0', '9', '1', '2', '"', ',', ';', '\t', '\n', '\r', ' ', '&', 'a', '+', '-', 'ش', '\ufeff'];
      for (let i = 0; i < 300; i++) {
        const body = Array.from({ length: rnd.int(0, 200) }, () => rnd.pick(alphabet)).join('');
        const text = rnd.chance(0.7) ? `phone,name\n${body}` : body;
        try {
          const r = await parseCsvContacts(chunks(byteChunks(text, rnd.int(1, 50))));
          for (const c of r.contacts) assert.match(c.phone, /^\+?\d{3,15}$/, `seed ${seed}`);
          const lines = [...r.contacts.map((c) => c.line), ...r.invalid.map((x) => x.line), ...r.duplicates.map((x) => x.line)];
          assert.equal(new Set(lines).size, lines.length, `seed ${seed}: a line reported twice`);
        } catch (e) {
          assert.ok(isEngineError(e, 'CE_IMPORT_INVALID'), `seed ${seed}: ${JSON.stringify(text)} threw ${String(e)}`);
        }
      }
    });
  });
});
