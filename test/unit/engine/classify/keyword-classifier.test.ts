import assert from 'node:assert/strict';
import { KeywordIntentClassifier } from '../../../../engine/src/classify/keyword-classifier';
import type { Clock } from '../../../../engine/src/ports/clock.port';
import type { IntentRequest, IntentTokens } from '../../../../engine/src/ports/intent.port';

const ACADEMY = ['yes', 'no', 'number_question', 'unknown'];
const request = (text: string, extra: Partial<IntentRequest> = {}): IntentRequest => ({
  text,
  labels: ACADEMY,
  fallbackLabel: 'unknown',
  ...extra,
});

describe('KeywordIntentClassifier', () => {
  const classifier = new KeywordIntentClassifier();
  const label = (text: string, extra: Partial<IntentRequest> = {}): string => classifier.classifyNow(request(text, extra)).label;

  describe('default academy lists', () => {
    const table: readonly [string, string][] = [
      ['بله', 'yes'],
      ['آره', 'yes'],
      ['اره', 'yes'],
      ['آرع', 'yes'],
      ['بلی', 'yes'],
      ['حتما', 'yes'],
      ['باشه', 'yes'],
      ['اوکی', 'yes'],
      ['بفرمایید', 'yes'],
      ['چرا که نه', 'yes'],
      ['نه', 'no'],
      ['ن', 'no'],
      ['نه ممنون', 'no'],
      ['نه مرسی', 'no'],
      ['نمی‌خوام', 'no'],
      ['نمیخوام', 'no'],
      ['نمی خوام', 'no'],
      ['علاقه ندارم', 'no'],
      ['شماره منو از کجا آوردید', 'number_question'],
      ['از کجا آوردید', 'number_question'],
      ['شمارمو از کجا آوردی', 'number_question'],
      ['yes', 'yes'],
      ['no thanks', 'no'],
      ['who is this', 'yes'],
      ['where did you get my number', 'number_question'],
    ];
    for (const [text, expected] of table) {
      it(`"${text}" → ${expected}`, () => {
        assert.equal(label(text), expected);
      });
    }
  });

  describe('traps (legacy substring matching got these wrong)', () => {
    const table: readonly [string, string][] = [
      ['شماره', 'unknown'],
      ['دوباره', 'unknown'],
      ['خونه', 'unknown'],
      ['نهار خوردی؟', 'unknown'],
      ['نمیدونم', 'unknown'],
      ['نمی‌دونم', 'unknown'],
      ['unknown', 'unknown'],
      ['yesterday', 'unknown'],
      ['I know', 'unknown'],
      ['چرا که نه', 'yes'],
      ['no problem, go ahead', 'yes'],
      ['بدم نمیاد', 'yes'],
      ['مشکلی نیست', 'yes'],
      ['دوباره بگید', 'unknown'],
    ];
    for (const [text, expected] of table) {
      it(`"${text}" → ${expected}`, () => {
        assert.equal(label(text), expected);
      });
    }
  });

  describe('precedence', () => {
    const table: readonly [string, string, string][] = [
      ['number_question beats yes', 'بله، شماره منو از کجا آوردید؟', 'number_question'],
      ['number_question beats no', 'نه، اول بگید شماره منو از کجا آوردید', 'number_question'],
      ['an explicit negative beats a positive', 'نه ممنون، بله؟', 'no'],
      ['a negative after a positive still wins', 'بله ولی نمیخوام', 'no'],
      ['a weak "ممنون" alone declines', 'ممنون', 'no'],
      ['a weak "ممنون" loses to a clear yes', 'ممنون، بفرمایید', 'yes'],
      ['a weak "ممنون" inside "نه ممنون" is the strong phrase', 'نه ممنون', 'no'],
      ['"do not call" counts as no for the academy', 'شماره منو حذف کنید', 'no'],
      ['"call later" counts as no for the academy', 'بعدا زنگ بزنید', 'no'],
      ['"who is this" counts as yes for the academy', 'شما کی هستید', 'yes'],
      ['no beats "who is this"', 'نه، شما کی هستید؟', 'no'],
    ];
    for (const [name, text, expected] of table) {
      it(`${name}: "${text}" → ${expected}`, () => {
        assert.equal(label(text), expected);
      });
    }

    it('a finer label wins when the step lists it', () => {
      const labels = [...ACADEMY, 'dnc_request', 'callback_request', 'identity_question'];

      assert.equal(label('آره ولی دیگه زنگ نزنید', { labels }), 'dnc_request');
      assert.equal(label('دیگه زنگ نزنید، شماره منو از کجا آوردید', { labels }), 'dnc_request');
      assert.equal(label('نه الان وقت ندارم', { labels }), 'callback_request');
      assert.equal(label('بله شما کی هستید', { labels }), 'identity_question');
    });

    it("a scenario's own label beats yes and no but not number_question", () => {
      const tokens: IntentTokens = { price_question: ['قیمت*', 'چنده'] };
      const labels = [...ACADEMY, 'price_question'];

      assert.equal(label('بله قیمتش چنده', { labels, tokens }), 'price_question');
      assert.equal(label('نه قیمتش چنده', { labels, tokens }), 'price_question');
      assert.equal(label('قیمتش چنده؟ شماره منو از کجا دارید', { labels, tokens }), 'number_question');
    });
  });

  describe('labels and fallback', () => {
    it('returns only labels the step lists', () => {
      assert.equal(label('بله', { labels: ['no', 'unknown'] }), 'unknown');
    });

    it('a phrase of a label the step does not list still hides the words it covers', () => {
      assert.equal(label('چرا که نه', { labels: ['no', 'unknown'] }), 'unknown');
    });

    it('returns the fallback label when nothing matches, with no matched phrase', () => {
      const result = classifier.classifyNow(request('سلام', { fallbackLabel: 'unclear' }));

      assert.equal(result.label, 'unclear');
      assert.equal(result.matched, undefined);
    });

    it('reports the deciding phrase as written in the list, and source local', async () => {
      const result = await classifier.classify(request('نمی‌خوام'));

      assert.equal(result.label, 'no');
      assert.equal(result.matched, 'نمیخوام');
      assert.equal(result.source, 'local');
    });

    it('returns the fallback for an empty list of labels', () => {
      assert.equal(label('بله', { labels: [] }), 'unknown');
    });
  });

  describe('per-scenario tokens', () => {
    it('extend the defaults', () => {
      const tokens: IntentTokens = { yes: ['ثبتم کنید'] };

      assert.equal(label('ثبتم کنید', { tokens }), 'yes');
      assert.equal(label('بله', { tokens }), 'yes');
    });

    it('"-phrase" removes one default phrase, compared after normalisation', () => {
      const tokens: IntentTokens = { yes: ['-باشه', '-اوكي'] };

      assert.equal(label('باشه', { tokens }), 'unknown');
      assert.equal(label('اوکی', { tokens }), 'unknown');
      assert.equal(label('بله', { tokens }), 'yes');
    });

    it('"-*" replaces all of a label\'s defaults', () => {
      const tokens: IntentTokens = { no: ['-*', 'نه خیر'] };

      assert.equal(label('نه خیر', { tokens }), 'no');
      assert.equal(label('نمیخوام', { tokens }), 'unknown');
      assert.equal(label('ممنون', { tokens }), 'unknown');
      assert.equal(label('شماره منو حذف کنید', { tokens }), 'no', 'dnc_request phrases still count as no');
    });

    it('add new labels', () => {
      const tokens: IntentTokens = { press_one: ['یک', '1'] };

      assert.equal(label('۱', { tokens, labels: ['press_one', 'unknown'] }), 'press_one');
    });

    it('compile once per distinct token list', () => {
      const local = new KeywordIntentClassifier();
      const first = local.lexiconFor({ yes: ['ثبتم کنید'] });

      assert.equal(local.lexiconFor({ yes: ['ثبتم کنید'] }), first);
      assert.notEqual(local.lexiconFor({ yes: ['ثبتم کن'] }), first);
      assert.equal(local.lexiconFor(undefined), local.lexiconFor({}));
    });

    it('ignore malformed lists', () => {
      const tokens = { yes: 'بله' as unknown as string[], no: [null, 'نچ'] as unknown as string[] };

      assert.equal(label('نچ', { tokens }), 'no');
      assert.equal(label('بله', { tokens }), 'yes');
    });
  });

  describe('bad input never throws', () => {
    const cases: readonly [string, unknown][] = [
      ['text undefined', { text: undefined, labels: ACADEMY, fallbackLabel: 'unknown' }],
      ['text a number', { text: 12, labels: ACADEMY, fallbackLabel: 'unknown' }],
      ['labels not an array', { text: 'بله', labels: 'yes', fallbackLabel: 'unknown' }],
      ['tokens not an object', { text: 'بله', labels: ['unknown'], fallbackLabel: 'unknown', tokens: 'x' }],
      ['request null', null],
    ];
    for (const [name, req] of cases) {
      it(`${name} → the fallback label`, async () => {
        const result = await classifier.classify(req as IntentRequest);

        assert.equal(result.label, 'unknown');
        assert.equal(result.source, 'local');
      });
    }
  });

  it('measures latency with the injected clock', () => {
    let now = 1_000;
    const clock: Clock = { now: () => (now += 3) };
    const result = new KeywordIntentClassifier(clock).classifyNow(request('بله'));

    assert.equal(result.latencyMs, 3);
  });
});
