import assert from 'node:assert/strict';
import { compileLexicon } from '../../../../engine/src/classify/intent-lexicon';
import { parsePattern } from '../../../../engine/src/classify/phrase-pattern';
import { findPhrases } from '../../../../engine/src/classify/phrase-matcher';
import { tokenize } from '../../../../engine/src/classify/tokenizer';

/** The phrases (as written) found in `text` with a small lexicon. */
function found(text: string, tokens: Record<string, string[]>): string[] {
  const lexicon = compileLexicon({ strong: tokens });
  return findPhrases(tokenize(text), lexicon).map((m) => m.entry.pattern.source);
}

describe('parsePattern', () => {
  const cases: readonly { source: string; segments: { text: string; prefix: boolean }[] }[] = [
    { source: 'بله', segments: [{ text: 'بله', prefix: false }] },
    { source: 'نه ممنون', segments: [{ text: 'نهممنون', prefix: false }] },
    { source: 'نمی‌خوام', segments: [{ text: 'نمیخوام', prefix: false }] },
    { source: 'از کجا آورد*', segments: [{ text: 'ازکجااورد', prefix: true }] },
    { source: 'شماره ... از کجا', segments: [{ text: 'شماره', prefix: false }, { text: 'ازکجا', prefix: false }] },
    { source: 'شماره…حذف*', segments: [{ text: 'شماره', prefix: false }, { text: 'حذف', prefix: true }] },
  ];
  for (const c of cases) {
    it(`parses "${c.source}"`, () => {
      assert.deepEqual(parsePattern(c.source)?.segments, c.segments);
    });
  }

  for (const bad of ['', '   ', '؟!', '*', 'ن*', '... شماره', 'شماره ...']) {
    it(`rejects "${bad}"`, () => {
      assert.equal(parsePattern(bad), null);
    });
  }

  it('gives two spellings of one phrase the same key', () => {
    assert.equal(parsePattern('نمی‌خوام')?.key, parsePattern('نمي خوام')?.key);
  });
});

describe('findPhrases', () => {
  const table: readonly { name: string; text: string; tokens: Record<string, string[]>; expected: string[] }[] = [
    { name: 'a word matches as a whole word', text: 'بله حتما', tokens: { yes: ['بله'] }, expected: ['بله'] },
    { name: '"اره" does not match inside "شماره"', text: 'شماره', tokens: { yes: ['اره'] }, expected: [] },
    { name: '"اره" does not match inside "دوباره"', text: 'دوباره', tokens: { yes: ['اره'] }, expected: [] },
    { name: '"نه" does not match inside "خونه"', text: 'خونه', tokens: { no: ['نه'] }, expected: [] },
    { name: '"نه" does not match inside "نهار"', text: 'نهار', tokens: { no: ['نه'] }, expected: [] },
    { name: '"no" does not match inside "unknown"', text: 'unknown', tokens: { no: ['no'] }, expected: [] },
    { name: '"no" does not match inside "know"', text: 'I know', tokens: { no: ['no'] }, expected: [] },
    { name: '"yes" does not match inside "yesterday"', text: 'yesterday', tokens: { yes: ['yes'] }, expected: [] },
    { name: 'a phrase matches its contiguous words', text: 'نه ممنون آقا', tokens: { no: ['نه ممنون'] }, expected: ['نه ممنون'] },
    { name: 'a phrase does not match with a word in between', text: 'نه خیلی ممنون', tokens: { no: ['نه ممنون'] }, expected: [] },
    { name: 'a joined phrase matches the ZWNJ form', text: 'نمی‌خوام', tokens: { no: ['نمیخوام'] }, expected: ['نمیخوام'] },
    { name: 'a joined phrase matches the spaced form', text: 'نمی خوام', tokens: { no: ['نمیخوام'] }, expected: ['نمیخوام'] },
    { name: 'a ZWNJ phrase matches the joined form', text: 'نمیخوام', tokens: { no: ['نمی‌خوام'] }, expected: ['نمی‌خوام'] },
    { name: 'space-insensitive matching still ends on a word boundary', text: 'نمی خوامش', tokens: { no: ['نمیخوام'] }, expected: [] },
    { name: 'the longest match wins: "چرا که نه" hides its "نه"', text: 'چرا که نه', tokens: { yes: ['چرا که نه'], no: ['نه'] }, expected: ['چرا که نه'] },
    { name: 'the longest match wins: "نه بفرمایید" hides its "نه"', text: 'نه بفرمایید', tokens: { yes: ['نه بفرمایید', 'بفرمایید'], no: ['نه'] }, expected: ['نه بفرمایید'] },
    { name: 'non-overlapping matches are all kept, in text order', text: 'نه ممنون، بله؟', tokens: { yes: ['بله'], no: ['نه ممنون'] }, expected: ['نه ممنون', 'بله'] },
    { name: 'a * phrase matches a longer last word', text: 'از کجا آوردین', tokens: { q: ['از کجا آورد*'] }, expected: ['از کجا آورد*'] },
    { name: 'a * phrase matches the bare word', text: 'قیمت', tokens: { yes: ['قیمت*'] }, expected: ['قیمت*'] },
    { name: 'a * phrase is still anchored at the word start', text: 'بیقیمت', tokens: { yes: ['قیمت*'] }, expected: [] },
    { name: 'a ... phrase matches with words in between', text: 'شماره‌ی من رو از کجا آوردید', tokens: { q: ['شماره ... از کجا'] }, expected: ['شماره ... از کجا'] },
    { name: 'a ... phrase matches with no word in between', text: 'شماره از کجا', tokens: { q: ['شماره ... از کجا'] }, expected: ['شماره ... از کجا'] },
    { name: 'a ... phrase keeps its order', text: 'از کجا شماره', tokens: { q: ['شماره ... از کجا'] }, expected: [] },
    { name: 'a ... gap is at most 4 words', text: 'شماره یک دو سه چهار پنج از کجا', tokens: { q: ['شماره ... از کجا'] }, expected: [] },
    { name: 'a ... gap of exactly 4 words matches', text: 'شماره یک دو سه چهار از کجا', tokens: { q: ['شماره ... از کجا'] }, expected: ['شماره ... از کجا'] },
    { name: 'digits match after normalisation', text: 'گزینه ۱', tokens: { one: ['گزینه 1'] }, expected: ['گزینه 1'] },
    { name: 'Arabic letters in the reply match Persian phrases', text: 'كجا هستيد', tokens: { yes: ['کجا هستید'] }, expected: ['کجا هستید'] },
    { name: 'the same phrase twice yields two matches', text: 'نه نه', tokens: { no: ['نه'] }, expected: ['نه', 'نه'] },
  ];
  for (const row of table) {
    it(row.name, () => {
      assert.deepEqual(found(row.text, row.tokens), row.expected);
    });
  }

  it('lists the phrases it could not use', () => {
    const lexicon = compileLexicon({ strong: { yes: ['بله', '', '*', 42 as unknown as string] } });

    assert.deepEqual(lexicon.rejected, ['', '*', '42']);
    assert.equal(lexicon.entries.length, 1);
  });

  it('finds nothing in an empty reply', () => {
    assert.deepEqual(found('', { yes: ['بله'] }), []);
  });
});
