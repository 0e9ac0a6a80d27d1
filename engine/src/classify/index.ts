/** The engine's local intent classifier (Persian-aware keyword matching); see README.md here. */
export { KeywordIntentClassifier } from './keyword-classifier';
export { normalizePersian } from './persian-normalize';
export { tokenize, MAX_TOKENS } from './tokenizer';
export { parsePattern, MAX_GAP, type PhrasePattern, type PatternSegment } from './phrase-pattern';
export { compileLexicon, type IntentLexicon, type LexiconSource, type LexiconEntry, type LabelVote } from './intent-lexicon';
export { findPhrases, type PhraseMatch } from './phrase-matcher';
export { decideIntent, LEADING_LABELS, TRAILING_LABELS, type IntentDecision } from './intent-decision';
export { mergeScenarioTokens } from './scenario-tokens';
export { DEFAULT_INTENT_TOKENS, DEFAULT_WEAK_TOKENS, DEFAULT_REFINES, DEFAULT_TOKEN_SET } from './default-tokens';
