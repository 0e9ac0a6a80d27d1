import assert from 'node:assert/strict';
import { buildMessages } from '../../../../plugins/llm/prompt-builder';

const ACADEMY = { labels: ['yes', 'no', 'number_question', 'unknown'], fallbackLabel: 'unknown' };

describe('llm prompt builder', () => {
  it('starts with a Persian-aware system prompt naming every allowed label and the JSON output rule', () => {
    const messages = buildMessages({ ...ACADEMY, text: 'بله' }, { maxInputChars: 1000 });
    const system = messages[0]!;
    assert.equal(system.role, 'system');
    assert.match(system.content, /Allowed labels: yes, no, number_question, unknown\./);
    assert.match(system.content, /Persian \(Farsi\)/);
    assert.match(system.content, /شماره contains اره/);
    assert.match(system.content, /JSON/);
    assert.match(system.content, /- number_question: the person asks where or how we got their phone number/);
  });

  it('adds the default academy examples as user/assistant turns, then the transcript last', () => {
    const messages = buildMessages({ ...ACADEMY, text: '  قیمتش چنده؟  ' }, { maxInputChars: 1000 });
    assert.equal(messages.length, 1 + 7 * 2 + 1);
    assert.deepEqual(messages[1], { role: 'user', content: 'بله بفرمایید' });
    assert.deepEqual(messages[2], { role: 'assistant', content: '{"intent":"yes"}' });
    assert.deepEqual(messages.at(-1), { role: 'user', content: 'قیمتش چنده؟' });
  });

  it('uses the scenario template ({labels} filled) and examples, keeps only examples with allowed labels, still demands JSON', () => {
    const messages = buildMessages(
      {
        labels: ['callback', 'other'],
        fallbackLabel: 'other',
        text: 'فردا زنگ بزنید',
        prompt: {
          template: 'Decide if the caller wants a callback. Labels: {labels}.',
          examples: [
            { text: 'بعدا تماس بگیرید', label: 'callback' },
            { text: 'hello', label: 'not-a-label' },
          ],
        },
      },
      { maxInputChars: 1000 },
    );
    assert.match(messages[0]!.content, /^Decide if the caller wants a callback\. Labels: callback, other\./);
    assert.match(messages[0]!.content, /Answer with JSON only/);
    assert.match(messages[0]!.content, /If none fits, use "other"\./);
    assert.deepEqual(messages.slice(1), [
      { role: 'user', content: 'بعدا تماس بگیرید' },
      { role: 'assistant', content: '{"intent":"callback"}' },
      { role: 'user', content: 'فردا زنگ بزنید' },
    ]);
  });

  it('leaves out default examples whose label the scenario does not allow, and cuts long transcripts', () => {
    const messages = buildMessages({ labels: ['yes', 'unknown'], fallbackLabel: 'unknown', text: 'الو '.repeat(100) }, { maxInputChars: 12 });
    const labels = messages.filter((m) => m.role === 'assistant').map((m) => JSON.parse(m.content).intent as string);
    assert.deepEqual([...new Set(labels)], ['yes', 'unknown']);
    assert.equal(messages.at(-1)!.content.length, 12);
  });
});
