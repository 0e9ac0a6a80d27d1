import assert from 'node:assert/strict';
import { parseLabel } from '../../../../plugins/llm/label-parser';

const ACADEMY = ['yes', 'no', 'number_question', 'unknown'];

describe('llm label parser', () => {
  const table: readonly (readonly [string, string | undefined])[] = [
    // JSON answers
    ['{"intent":"yes"}', 'yes'],
    ['{"intent": "number_question"}', 'number_question'],
    ['{"intent":"no","confidence":0.93,"reason":"declined"}', 'no'],
    ['{"label":"unknown"}', 'unknown'],
    ['  {"intent":"YES"}  ', 'yes'],
    ['```json\n{"intent":"no"}\n```', 'no'],
    ['{"intent":"maybe"}', undefined],
    ['{"intent":"yes please"}', undefined],
    ['{"intent":5}', undefined],
    ['{"answer":"yes"}', undefined],
    ['{"intent":"unknown"}', 'unknown'],
    // Cut short by max_tokens: not JSON, so the words decide.
    ['{"intent": "no', 'no'],
    // Bare words, exact on a whole token
    ['unknown', 'unknown'],
    ['Unknown.', 'unknown'],
    ['no', 'no'],
    ['No, the customer declined.', 'no'],
    ['"yes"', 'yes'],
    ["'no'", 'no'],
    ['«yes»', 'yes'],
    ['**number_question**', 'number_question'],
    ['number_question', 'number_question'],
    ['Intent: yes', 'yes'],
    ['yes!', 'yes'],
    // Never by substring
    ['nope', undefined],
    ['unknowns', undefined],
    ['noted', undefined],
    ['yesterday', undefined],
    ['I think yes', undefined],
    ['The answer is no', undefined],
    ['yes/no', undefined],
    // Labels not allowed / empty
    ['maybe', undefined],
    ['بله', undefined],
    ['', undefined],
    ['   ', undefined],
    ['{}', undefined],
    ['[]', undefined],
  ];

  for (const [content, expected] of table) {
    it(`${JSON.stringify(content)} → ${expected ?? 'no label'}`, () => {
      assert.equal(parseLabel(content, ACADEMY), expected);
    });
  }

  it('only returns labels of this request, in their own spelling', () => {
    assert.equal(parseLabel('unknown', ['yes', 'no']), undefined);
    assert.equal(parseLabel('{"intent":"no"}', ['yes', 'unknown']), undefined);
    assert.equal(parseLabel('callback', ['Callback', 'other']), 'Callback');
  });

  it('matches a label that contains a space only as the whole answer', () => {
    assert.equal(parseLabel('call back', ['call back', 'other']), 'call back');
    assert.equal(parseLabel('call', ['call back', 'other']), undefined);
  });
});
