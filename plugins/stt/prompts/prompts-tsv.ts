import { NAME_PATTERN } from './prompt-paths';

/**
 * `assets/audio/<scenario>/prompts.tsv`: the text of each prompt, one line `name<TAB>generator<TAB>text`
 * (`#` starts a comment). `generator` says how the shipped default was made (`espeak-ng-fa`, or
 * `melody` for hold music, which has no text to speak). `prompts tts --all` re-records every
 * spoken line through Vira; scripts/generate-default-prompts.sh makes the espeak-ng defaults.
 */
export interface PromptText {
  readonly name: string;
  readonly generator: string;
  readonly text: string;
  readonly line: number;
}

export interface ParsedTsv {
  readonly rows: readonly PromptText[];
  /** `line N: problem`, for every line that could not be used. */
  readonly errors: readonly string[];
}

export const NON_SPEECH_GENERATORS = ['melody'];

export function parsePromptsTsv(content: string): ParsedTsv {
  const rows: PromptText[] = [];
  const errors: string[] = [];
  const seen = new Set<string>();
  content.split(/\r?\n/).forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    const [name = '', generator = '', ...rest] = raw.split('\t');
    const text = rest.join('\t').trim();
    if (!NAME_PATTERN.test(name)) errors.push(`line ${line}: '${name}' is not a prompt name (letters, digits, '-', '_')`);
    else if (!generator || !text) errors.push(`line ${line}: expected name<TAB>generator<TAB>text`);
    else if (seen.has(name)) errors.push(`line ${line}: ${name} is listed twice`);
    else {
      seen.add(name);
      rows.push({ name, generator, text, line });
    }
  });
  return { rows, errors };
}
