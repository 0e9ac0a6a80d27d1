import assert from 'node:assert/strict';
import { normalizePersian } from '../../../../engine/src/classify/persian-normalize';
import { MAX_TOKENS, tokenize } from '../../../../engine/src/classify/tokenizer';

const ZWNJ = '\u200c';

interface Row {
  readonly rule: string;
  readonly input: string;
  readonly expected: string;
}

const ROWS: readonly Row[] = [
  // 1. NFKC
  { rule: 'NFKC: presentation-form letters', input: '\uFE91\uFEE0\uFEEA', expected: 'بله' },
  { rule: 'NFKC: lam-alef ligature', input: '\uFEFB', expected: 'لا' },
  { rule: 'NFKC: full-width Latin', input: 'ＹＥＳ', expected: 'yes' },
  // 2. zero-width and bidi controls → space
  { rule: 'ZWNJ → space', input: `نمی${ZWNJ}خوام`, expected: 'نمی خوام' },
  { rule: 'ZWSP → space', input: 'نه\u200bممنون', expected: 'نه ممنون' },
  { rule: 'ZWJ → space', input: 'نه\u200dممنون', expected: 'نه ممنون' },
  { rule: 'LRM / RLM → space', input: '\u200eبله\u200f', expected: 'بله' },
  { rule: 'bidi embedding and isolate → space', input: '\u202bبله\u202c \u2067نه\u2069', expected: 'بله نه' },
  { rule: 'BOM and word joiner → space', input: '\ufeffبله\u2060نه', expected: 'بله نه' },
  { rule: 'soft hyphen → space', input: 'yes\u00adplease', expected: 'yes please' },
  // 3. diacritics and tatweel removed
  { rule: 'fatha and kasra removed', input: 'بَلِه', expected: 'بله' },
  { rule: 'tanwin removed (حتماً)', input: 'حتماً', expected: 'حتما' },
  { rule: 'shadda and sukun removed', input: 'اوّلْ', expected: 'اول' },
  { rule: 'hamza above U+0654 removed', input: 'خانهٔ', expected: 'خانه' },
  { rule: 'superscript alef U+0670 removed', input: 'موسیٰ', expected: 'موسی' },
  { rule: 'tatweel removed', input: 'بلـــه', expected: 'بله' },
  // 4. letter variants
  { rule: 'Arabic yeh ي → ی', input: 'بلي', expected: 'بلی' },
  { rule: 'alef maksura ى → ی', input: 'بلى', expected: 'بلی' },
  { rule: 'Arabic kaf ك → ک', input: 'كجا', expected: 'کجا' },
  { rule: 'teh marbuta ة → ه', input: 'شمارة', expected: 'شماره' },
  { rule: 'heh with yeh ۀ → ه', input: 'شمارۀ', expected: 'شماره' },
  { rule: 'heh doachashmee ھ → ه', input: 'بلھ', expected: 'بله' },
  { rule: 'alef hamza above أ → ا', input: 'أوكي', expected: 'اوکی' },
  { rule: 'alef hamza below إ → ا', input: 'إلا', expected: 'الا' },
  { rule: 'alef madda آ → ا (آره = اره)', input: 'آره', expected: 'اره' },
  { rule: 'alef wasla ٱ → ا', input: 'ٱره', expected: 'اره' },
  { rule: 'waw hamza ؤ → و', input: 'مسؤول', expected: 'مسوول' },
  { rule: 'yeh hamza ئ → ی', input: 'بفرمائید', expected: 'بفرمایید' },
  { rule: 'standalone hamza ء dropped', input: 'اجزاء', expected: 'اجزا' },
  // 5. digits
  { rule: 'Persian digits → ASCII', input: '۰۱۲۳۴۵۶۷۸۹', expected: '0123456789' },
  { rule: 'Arabic-Indic digits → ASCII', input: '٠١٢٣٤٥٦٧٨٩', expected: '0123456789' },
  // 6. punctuation → space
  { rule: 'Persian comma and question mark', input: 'نه،ممنون؟', expected: 'نه ممنون' },
  { rule: 'Persian semicolon and guillemets', input: '«بله»؛نه', expected: 'بله نه' },
  { rule: 'ASCII punctuation and apostrophe', input: "who's calling?!", expected: 'who s calling' },
  { rule: 'ellipsis, dashes, quotes', input: 'بله…نه—“ok”', expected: 'بله نه ok' },
  { rule: 'Persian percent and decimal separators', input: '۵٪ ۲٫۵', expected: '5 2 5' },
  { rule: 'emoji', input: 'بله👍', expected: 'بله' },
  // 7. Latin lower-cased
  { rule: 'Latin lower-cased', input: 'No Thanks', expected: 'no thanks' },
  // 8. elongation
  { rule: 'run of 3+ letters → one (Persian)', input: 'آرهههههه', expected: 'اره' },
  { rule: 'run of 3+ letters → one (Latin)', input: 'nooo yesss', expected: 'no yes' },
  { rule: 'doubled final heh → one', input: 'نهه بلهه', expected: 'نه بله' },
  { rule: 'legit double letters inside a word are kept', input: 'ممنون', expected: 'ممنون' },
  // 9. whitespace
  { rule: 'whitespace collapsed and trimmed', input: '  بله \t\n  حتما  ', expected: 'بله حتما' },
  { rule: 'empty stays empty', input: '', expected: '' },
  { rule: 'only punctuation becomes empty', input: '؟؟؟ ...', expected: '' },
];

describe('normalizePersian', () => {
  for (const row of ROWS) {
    it(row.rule, () => {
      assert.equal(normalizePersian(row.input), row.expected);
    });
  }

  it('makes "نمی‌خوام", "نمیخوام" and "نمی خوام" differ only by spaces', () => {
    const forms = [`نمی${ZWNJ}خوام`, 'نمیخوام', 'نمی خوام'].map((f) => normalizePersian(f).replace(/ /g, ''));

    assert.deepEqual(new Set(forms), new Set(['نمیخوام']));
  });

  it('is idempotent', () => {
    for (const row of ROWS) assert.equal(normalizePersian(normalizePersian(row.input)), row.expected, row.rule);
  });

  it('returns "" for a non-string instead of throwing', () => {
    assert.equal(normalizePersian(undefined as unknown as string), '');
    assert.equal(normalizePersian(42 as unknown as string), '');
  });
});

describe('tokenize', () => {
  it('splits the normalised text into words', () => {
    assert.deepEqual(tokenize(`نه، نمی${ZWNJ}خوام!`), ['نه', 'نمی', 'خوام']);
  });

  it('returns no words for empty or punctuation-only text', () => {
    assert.deepEqual(tokenize(''), []);
    assert.deepEqual(tokenize(' ؟ '), []);
  });

  it(`keeps at most ${MAX_TOKENS} words of a runaway transcript`, () => {
    const words = tokenize('بله '.repeat(MAX_TOKENS + 50));

    assert.equal(words.length, MAX_TOKENS);
  });
});
