import type { IntentClassifierPort, IntentRequest, IntentResult } from '../../../../engine/src/index';

/**
 * Stand-in for the engine's local keyword classifier (built elsewhere): whole-word matches from a
 * small table, else the request's fallback label. Records every request it saw.
 */
export class StubLocalClassifier implements IntentClassifierPort {
  readonly seen: IntentRequest[] = [];

  constructor(
    private readonly table: Readonly<Record<string, readonly string[]>> = { yes: ['بله', 'آره'], no: ['نه'] },
  ) {}

  classify(req: IntentRequest): Promise<IntentResult> {
    this.seen.push(req);
    const words = req.text.split(/[\s،؟?!.,]+/);
    for (const [label, tokens] of Object.entries(req.tokens ?? this.table)) {
      const matched = tokens.find((t) => words.includes(t));
      if (matched && req.labels.includes(label)) return Promise.resolve({ label, source: 'local', matched, latencyMs: 0 });
    }
    return Promise.resolve({ label: req.fallbackLabel, source: 'local', latencyMs: 0 });
  }
}
