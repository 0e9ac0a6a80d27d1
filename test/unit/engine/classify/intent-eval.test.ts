import assert from 'node:assert/strict';
import { join } from 'node:path';
import { KeywordIntentClassifier } from '../../../../engine/src/classify/keyword-classifier';
import { ACADEMY_LABELS, academyRequest, evaluate, loadEvalSet, type EvalRow, type EvalSummary } from '../../../fixtures/intent-eval/eval-set';
import { repoRoot } from '../../../helpers/repo-root';

/**
 * Accuracy of the local classifier on the hand-labelled evaluation set. The thresholds are below the
 * figures measured when they were set (main set 277/280 = 98.9%, held-out 54/57 = 94.7%), so a
 * regression fails the test while a new hard case added to the set does not force anyone to tune
 * the lists to it. The full report: test/bench/intent-eval.report.ts (figures in BENCHMARKS.md).
 */
const MIN_ACCURACY = 0.95;
const MIN_HOLDOUT_ACCURACY = 0.9;
const MIN_ANSWERED_LOCALLY = 0.7;

describe('intent evaluation set', () => {
  const classifier = new KeywordIntentClassifier();
  let rows: EvalRow[];
  let summary: EvalSummary;

  before(async () => {
    rows = loadEvalSet();
    summary = await evaluate(classifier, rows);
  });

  it('has at least 200 labelled replies, every label one of the academy labels', () => {
    assert.ok(rows.length >= 200, `only ${rows.length} replies`);
    const labels = new Set<string>(ACADEMY_LABELS);
    for (const row of rows) assert.ok(labels.has(row.label), `line ${row.line}: unknown label ${row.label}`);
    for (const label of ACADEMY_LABELS) assert.ok(rows.some((r) => r.label === label), `no reply labelled ${label}`);
  });

  it(`classifies at least ${MIN_ACCURACY * 100}% of the replies correctly`, () => {
    const accuracy = summary.correct / summary.total;
    const misses = summary.misses.map((m) => `line ${m.line} "${m.text}": ${m.label} → ${m.predicted}`).join('\n');

    assert.ok(accuracy >= MIN_ACCURACY, `accuracy ${(accuracy * 100).toFixed(1)}%; misses:\n${misses}`);
  });

  it(`answers at least ${MIN_ANSWERED_LOCALLY * 100}% of the replies without the LLM`, () => {
    assert.ok(summary.answeredLocally / summary.total >= MIN_ANSWERED_LOCALLY, `${summary.answeredLocally}/${summary.total}`);
  });

  it(`classifies at least ${MIN_HOLDOUT_ACCURACY * 100}% of the held-out replies correctly`, async () => {
    const holdout = loadEvalSet(join(repoRoot(__dirname), 'test/fixtures/intent-eval/replies.holdout.tsv'));
    const result = await evaluate(classifier, holdout);

    assert.ok(holdout.length >= 40);
    assert.ok(result.correct / result.total >= MIN_HOLDOUT_ACCURACY, `${result.correct}/${result.total}`);
  });

  describe('traps, one by one', () => {
    const traps: readonly [string, string, string][] = [
      ['"شماره" (number) is not "اره" (yes)', 'شماره', 'unknown'],
      ['"شماره دارم" is not yes', 'شماره دارم', 'unknown'],
      ['"دوباره" (again) is not "اره"', 'دوباره', 'unknown'],
      ['"اداره" (office) is not "اره"', 'اداره', 'unknown'],
      ['"بیچاره" is not "اره"', 'بیچاره', 'unknown'],
      ['"ستاره" (a name, background speech) is not "اره"', 'ستاره بیا اینجا', 'unknown'],
      ['"خونه" (home) is not "نه"', 'خونه', 'unknown'],
      ['"نهار" (lunch) is not "نه"', 'نهار خوردی؟', 'unknown'],
      ['"چرا که نه" is yes although it contains "نه"', 'چرا که نه', 'yes'],
      ['"نمیدونم" (I don\'t know) is unknown, not no', 'نمیدونم', 'unknown'],
      ['"نمی‌دونم" with ZWNJ is unknown, not no', 'نمی\u200cدونم', 'unknown'],
      ['"unknown" does not contain the word "no"', 'unknown', 'unknown'],
      ['"yesterday" does not contain the word "yes"', 'yesterday', 'unknown'],
      ['"I know" does not contain the word "no"', 'I know', 'unknown'],
      ['"no problem" is yes', 'no problem, go ahead', 'yes'],
      ['"بدم نمیاد" (I wouldn\'t mind) is yes', 'بدم نمیاد', 'yes'],
      ['"صداتون قطع و وصل میشه" is not "وصل کنید"', 'صداتون قطع و وصل میشه', 'unknown'],
      ['"دوباره بگید" (say again) is not the "بگید" of yes', 'دوباره بگید', 'unknown'],
      ['"بله، شماره منو از کجا آوردید" is a number question', 'بله، شماره منو از کجا آوردید؟', 'number_question'],
      ['"نه ممنون، بله؟" is no', 'نه ممنون، بله؟', 'no'],
    ];
    for (const [name, text, expected] of traps) {
      it(name, () => {
        assert.ok(rows.some((r) => r.text === text && r.label === expected), `"${text}" is not in replies.tsv as ${expected}`);
        assert.equal(classifier.classifyNow(academyRequest(text)).label, expected);
      });
    }
  });
});
