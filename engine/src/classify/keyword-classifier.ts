import { systemClock, type Clock } from '../ports/clock.port';
import type { IntentClassifierPort, IntentRequest, IntentResult, IntentTokens } from '../ports/intent.port';
import { DEFAULT_TOKEN_SET } from './default-tokens';
import { decideIntent } from './intent-decision';
import { compileLexicon, type IntentLexicon, type LexiconSource } from './intent-lexicon';
import { findPhrases } from './phrase-matcher';
import { mergeScenarioTokens } from './scenario-tokens';
import { tokenize } from './tokenizer';

/** Scenarios are few; the cap only guards against a caller building new token lists per call. */
const MAX_CACHED_LEXICONS = 32;

/**
 * The engine's local intent classifier: Persian-aware keyword matching on word boundaries after
 * normalisation (see persian-normalize.ts, phrase-pattern.ts, intent-decision.ts and the README in
 * this folder). It is the fast path of the `llm` plugin (a clear "بله" needs no LLM call) and its
 * fallback when the LLM is off, slow or failing.
 *
 * Pure and in-memory: token lists are compiled once (the defaults in the constructor, a scenario's
 * merged lists on first use, cached by content), a reply costs microseconds, and no input can make
 * it throw: bad text or lists give the step's fallback label.
 */
export class KeywordIntentClassifier implements IntentClassifierPort {
  private readonly defaults: IntentLexicon;
  private readonly byScenarioTokens = new Map<string, IntentLexicon>();

  constructor(
    private readonly clock: Clock = systemClock,
    private readonly tokenSet: LexiconSource = DEFAULT_TOKEN_SET,
  ) {
    this.defaults = compileLexicon(tokenSet);
  }

  /**
   * Classifies one reply. Resolves with a label of `req.labels` (or `req.fallbackLabel` when no
   * allowed phrase matched) and `source: 'local'`; never rejects. `req.signal` is not consulted:
   * the work is synchronous and far shorter than any STT or LLM timeout.
   */
  classify(req: IntentRequest): Promise<IntentResult> {
    return Promise.resolve(this.classifyNow(req));
  }

  /** Synchronous form of {@link classify}, for callers on a hot path (the LLM fast path, benches). */
  classifyNow(req: IntentRequest): IntentResult {
    const started = this.clock.now();
    const fallback = typeof req?.fallbackLabel === 'string' ? req.fallbackLabel : 'unknown';
    try {
      const labels = Array.isArray(req.labels) ? req.labels.filter((l) => typeof l === 'string') : [];
      const lexicon = this.lexiconFor(req.tokens);
      const decision = decideIntent(findPhrases(tokenize(req.text), lexicon), labels, fallback);
      return this.result(decision.label, started, decision.matched);
    } catch {
      // A malformed request (null, labels not an array, …) costs one fallback label, never a call.
      return this.result(fallback, started);
    }
  }

  /** The compiled lexicon a request uses: the defaults, or the defaults merged with its tokens. */
  lexiconFor(tokens: IntentTokens | undefined): IntentLexicon {
    if (!tokens || typeof tokens !== 'object' || Object.keys(tokens).length === 0) return this.defaults;
    const key = JSON.stringify(tokens);
    const cached = this.byScenarioTokens.get(key);
    if (cached) return cached;
    const lexicon = compileLexicon(mergeScenarioTokens(this.tokenSet, tokens));
    if (this.byScenarioTokens.size >= MAX_CACHED_LEXICONS) {
      const oldest = this.byScenarioTokens.keys().next().value;
      if (oldest !== undefined) this.byScenarioTokens.delete(oldest);
    }
    this.byScenarioTokens.set(key, lexicon);
    return lexicon;
  }

  private result(label: string, started: number, matched?: string): IntentResult {
    const latencyMs = Math.max(0, this.clock.now() - started);
    return matched === undefined ? { label, source: 'local', latencyMs } : { label, source: 'local', matched, latencyMs };
  }
}
