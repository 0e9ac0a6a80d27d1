import type { IntentRequest } from '../../engine/src/index';

/**
 * Builds the chat messages for one classification: a Persian-aware system prompt that names the
 * allowed labels, few-shot examples as user/assistant turns, then the transcript. The scenario may
 * give its own task text (`prompt.template`, with `{labels}` replaced by the label list) and its own
 * examples; otherwise the academy defaults below are used for the labels they cover.
 *
 * The output rule (answer with JSON `{"intent": ...}`) is always appended, whatever the template:
 * `response_format: json_object` is rejected by OpenAI unless the word "JSON" is in the messages.
 */

export interface ChatMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

/** What each academy label means; used for labels the scenario does not describe itself. */
const DEFAULT_LABEL_MEANINGS: Readonly<Record<string, string>> = {
  yes: 'the person agrees, is interested, says yes/OK, or asks anything about the offer (price, place, time, teachers, certificate, website, languages) or asks to be connected',
  no: 'the person declines, is not interested, is busy, or asks not to be called again',
  number_question: 'the person asks where or how we got their phone number',
  unknown: 'silence, noise, unrelated words, or anything you cannot decide',
};

const DEFAULT_EXAMPLES: readonly { readonly text: string; readonly label: string }[] = [
  { text: 'بله بفرمایید', label: 'yes' },
  { text: 'هزینه‌ی دوره چقدره؟', label: 'yes' },
  { text: 'آدرس آموزشگاهتون کجاست', label: 'yes' },
  { text: 'نه ممنون، نیاز ندارم', label: 'no' },
  { text: 'الان سر کارم وقت ندارم', label: 'no' },
  { text: 'شماره منو از کجا آوردید؟', label: 'number_question' },
  { text: 'الو؟ صدا نمیاد', label: 'unknown' },
];

const PERSIAN_NOTES = [
  'The text is a Persian (Farsi) reply to a phone call, transcribed by speech-to-text.',
  'Expect colloquial spelling (آره for بله, میخوام for می‌خواهم), Arabic letter variants (ي/ی, ك/ک), missing or extra',
  'zero-width non-joiners, Persian or Arabic digits, and recognition mistakes. Judge the meaning, not single letters:',
  'a word that merely contains another word (شماره contains اره) does not carry its meaning.',
].join(' ');

export interface PromptOptions {
  /** Transcripts are cut to this many characters. */
  readonly maxInputChars: number;
}

export function buildMessages(req: IntentRequest, opts: PromptOptions): ChatMessage[] {
  const labels = req.labels;
  const examples = (req.prompt?.examples ?? DEFAULT_EXAMPLES).filter((e) => labels.includes(e.label));
  const messages: ChatMessage[] = [{ role: 'system', content: systemPrompt(req) }];
  for (const example of examples) {
    messages.push({ role: 'user', content: example.text });
    messages.push({ role: 'assistant', content: JSON.stringify({ intent: example.label }) });
  }
  messages.push({ role: 'user', content: req.text.trim().slice(0, opts.maxInputChars) });
  return messages;
}

function systemPrompt(req: IntentRequest): string {
  const labelList = req.labels.join(', ');
  const task = req.prompt?.template
    ? req.prompt.template.split('{labels}').join(labelList)
    : defaultTask(req.labels, req.fallbackLabel);
  return [
    task,
    PERSIAN_NOTES,
    `Allowed labels: ${labelList}.`,
    `If none fits, use "${req.fallbackLabel}".`,
    'Answer with JSON only, exactly {"intent": "<label>"} with one allowed label, and nothing else.',
  ].join('\n');
}

function defaultTask(labels: readonly string[], fallbackLabel: string): string {
  const lines = labels.map((label) => {
    const meaning = DEFAULT_LABEL_MEANINGS[label] ?? (label === fallbackLabel ? DEFAULT_LABEL_MEANINGS['unknown'] : undefined);
    return meaning ? `- ${label}: ${meaning}` : `- ${label}`;
  });
  return ['You classify the intent of one reply from a customer of a language academy we called.', ...lines].join('\n');
}
