import assert from 'node:assert/strict';
import { isEngineError } from '../../../../../engine/src/index';
import {
  buildDialString, DIALABLE_PHONE, dialTemplateProblem, isDialablePhone, lineCallerId, normalisePhone,
} from '../../../../../plugins/dialer/core/phone-number';
import { propertySeed, seededRandom } from './seeded-random';

describe('dialer core: phone-number', () => {
  describe('normalisePhone accepts and normalises', () => {
    const cases: readonly [string, string][] = [
      ['09121234567', '09121234567'],
      ['9121234567', '09121234567'],
      ['+989121234567', '09121234567'],
      ['+98 912 123 4567', '09121234567'],
      ['00989121234567', '09121234567'],
      ['989121234567', '09121234567'],
      ['0912-123-4567', '09121234567'],
      ['0912.123.4567', '09121234567'],
      ['(0912) 123 4567', '09121234567'],
      ['(+98) 912-123-4567', '09121234567'],
      ['  09121234567  ', '09121234567'],
      ['0912\u00a0123\u00a04567', '09121234567'],
      ['\u200e09121234567\u200f', '09121234567'],
      ['۰۹۱۲۱۲۳۴۵۶۷', '09121234567'],
      ['٠٩١٢١٢٣٤٥٦٧', '09121234567'],
      ['+98 21 1234 5678', '02112345678'],
      ['02191302954', '02191302954'],
      ['+1 (415) 555-0100', '+14155550100'],
      ['0044 20 7946 0958', '00442079460958'],
      ['200', '200'],
      ['6005', '6005'],
      ['123456789012345', '123456789012345'],
    ];
    for (const [raw, expected] of cases) {
      it(`${JSON.stringify(raw)} → ${expected}`, () => {
        const r = normalisePhone(raw);
        assert.deepEqual(r, { ok: true, phone: expected });
        assert.match(expected, DIALABLE_PHONE);
      });
    }
  });

  describe('normalisePhone rejects with a reason (never sanitises)', () => {
    const cases: readonly [unknown, string][] = [
      ['0912&Local/x', 'forbidden_character'],
      ['0912,1234567', 'forbidden_character'],
      ['0912/123', 'forbidden_character'],
      ['0912@trunk', 'forbidden_character'],
      ['0912;1', 'forbidden_character'],
      ['0912|1', 'forbidden_character'],
      ['"09121234567"', 'forbidden_character'],
      ["'09121234567", 'forbidden_character'],
      ['09121234567\n', 'forbidden_character'],
      ['\n09121234567', 'forbidden_character'],
      ['0912\r1234567', 'forbidden_character'],
      ['09121234567\t', 'forbidden_character'],
      ['0912abc4567', 'forbidden_character'],
      ['tel:09121234567', 'forbidden_character'],
      ['0912۱۲۳x', 'forbidden_character'],
      ['091212345\u0000', 'forbidden_character'],
      ['0912*1234', 'forbidden_character'],
      ['0912#', 'forbidden_character'],
      ['9.12123E+9', 'forbidden_character'],
      ['0912+1234567', 'misplaced_plus'],
      ['++989121234567', 'misplaced_plus'],
      ['(0912 1234567', 'unbalanced_parentheses'],
      ['0912) 1234567', 'unbalanced_parentheses'],
      ['((0912)) 1234567', 'unbalanced_parentheses'],
      ['-09121234567', 'misplaced_separator'],
      ['09121234567.', 'misplaced_separator'],
      ['0912()1234567', 'misplaced_separator'],
      ['9121234567.0', 'spreadsheet_decimal'],
      ['', 'empty'],
      ['   ', 'empty'],
      ['--', 'misplaced_separator'],
      ['12', 'too_few_digits'],
      ['+1', 'too_few_digits'],
      ['1234567890123456', 'too_many_digits'],
      ['+98912123', 'bad_iran_length'],
      ['00989121234567890', 'bad_iran_length'],
      ['0'.repeat(65), 'too_long_input'],
      [9121234567, 'not_a_string'],
      [null, 'not_a_string'],
    ];
    for (const [raw, reason] of cases) {
      it(`${JSON.stringify(raw)} → ${reason}`, () => {
        const r = normalisePhone(raw);
        assert.equal(r.ok, false);
        if (!r.ok) {
          assert.equal(r.reason, reason);
          assert.ok(r.message.length > 0);
        }
      });
    }

    it('names the forbidden character in the message', () => {
      const r = normalisePhone('0912&Local/x');
      assert.ok(!r.ok && /ampersand/.test(r.message));
    });
  });

  describe('property: any string gives an error or a dialable number', () => {
    const DANGEROUS = ['&', ',', '/', '@', ';', '|', '"', "'", '`', '\n', '\r', '\t', '\0', '$', '{', '}', '\\', '*', '#', '=', ' ', '-', '.', '(', ')', '+', 'a', 'Z', 'ی', '۵', '\u200e', '\u00a0', 'Local/', 'PJSIP/', '@from-internal'];
    const DIGITS = '0123456789';

    function randomInput(rnd: ReturnType<typeof seededRandom>): string {
      const parts: string[] = [];
      const n = rnd.int(0, 14);
      for (let i = 0; i < n; i++) {
        const roll = rnd.next();
        if (roll < 0.55) parts.push(DIGITS.slice(0, rnd.int(1, 10)).split('').map(() => rnd.pick([...DIGITS])).join(''));
        else if (roll < 0.9) parts.push(rnd.pick(DANGEROUS));
        else parts.push(String.fromCharCode(rnd.int(0, 0xffff)));
      }
      return parts.join('');
    }

    it('holds for 20,000 random strings including every dangerous character', () => {
      const seed = propertySeed();
      const rnd = seededRandom(seed);
      let accepted = 0;
      for (let i = 0; i < 20_000; i++) {
        const raw = randomInput(rnd);
        const r = normalisePhone(raw);
        if (!r.ok) continue;
        accepted += 1;
        assert.match(r.phone, DIALABLE_PHONE, `seed ${seed}: ${JSON.stringify(raw)} gave ${r.phone}`);
        for (const bad of ['&', ',', '/', '@', ';', '|', '"', "'", '\n', '\t', 'Local', 'PJSIP']) {
          assert.ok(!raw.includes(bad), `seed ${seed}: ${JSON.stringify(raw)} contains ${JSON.stringify(bad)} but was accepted`);
        }
      }
      assert.ok(accepted > 100, `seed ${seed}: the generator should also produce valid numbers (got ${accepted})`);
    });

    it('is idempotent: a normalised number normalises to itself', () => {
      const seed = propertySeed();
      const rnd = seededRandom(seed);
      for (let i = 0; i < 5_000; i++) {
        const r = normalisePhone(randomInput(rnd));
        if (r.ok) assert.deepEqual(normalisePhone(r.phone), r, `seed ${seed}: ${r.phone}`);
      }
    });
  });

  describe('isDialablePhone / lineCallerId', () => {
    it('accepts only +?digits 3..15', () => {
      assert.equal(isDialablePhone('09121234567'), true);
      assert.equal(isDialablePhone('+14155550100'), true);
      assert.equal(isDialablePhone('0912 123'), false);
      assert.equal(isDialablePhone('12'), false);
      assert.equal(isDialablePhone(12345), false);
    });
    const ids: readonly [string, string][] = [['02191302954', '2191302954'], ['+982191302954', '982191302954'], ['000', '0'], ['1000', '1000']];
    for (const [line, expected] of ids) it(`line ${line} → caller id ${expected}`, () => assert.equal(lineCallerId(line), expected));
  });

  describe('buildDialString', () => {
    const ok: readonly [string, string, string, string][] = [
      ['PJSIP/{number}@{trunk}', '09121234567', 'TO-CUCM-Gaptel', 'PJSIP/09121234567@TO-CUCM-Gaptel'],
      ['Local/{number}@from-internal', '09121234567', 'TO-CUCM-Gaptel', 'Local/09121234567@from-internal'],
      ['Local/{number}@from-internal/n', '200', 'trunk_1', 'Local/200@from-internal/n'],
      ['PJSIP/{trunk}/sip:{number}@10.0.0.1', '+14155550100', 'gw.1', 'PJSIP/gw.1/sip:+14155550100@10.0.0.1'],
    ];
    for (const [template, number, trunk, expected] of ok) {
      it(`${template} + ${number} → ${expected}`, () => assert.equal(buildDialString(template, number, trunk), expected));
    }

    const badNumbers = ['0912&Local/x', '0912,1', '0912\n', '', '12', '0912 1234', '+98+912', '0912@x'];
    for (const number of badNumbers) {
      it(`refuses number ${JSON.stringify(number)} with CE_PHONE_INVALID`, () => {
        assert.throws(() => buildDialString('PJSIP/{number}@{trunk}', number, 'trunk'), (e: unknown) => isEngineError(e, 'CE_PHONE_INVALID'));
      });
    }

    const badConfig: readonly [string, string][] = [
      ['PJSIP/{number}@{trunk}&PJSIP/x', 'trunk'],
      ['PJSIP/{number}@{trunk},30', 'trunk'],
      ['PJSIP/{number}@{trunk}\n', 'trunk'],
      ['PJSIP/{number}@{trunk}|x', 'trunk'],
      ['PJSIP/{number}@{trunk};x', 'trunk'],
      ['PJSIP/{number}@${EXTEN}', 'trunk'],
      ['PJSIP/{number} @{trunk}', 'trunk'],
      ['PJSIP/@{trunk}', 'trunk'],
      ['PJSIP/{number}@{host}', 'trunk'],
      ['PJSIP/{number}@{trunk}}', 'trunk'],
      ['PJSIP/{number}@{trunk}', 'a&b'],
      ['PJSIP/{number}@{trunk}', 'a,b'],
      ['PJSIP/{number}@{trunk}', 'a\nb'],
      ['PJSIP/{number}@{trunk}', 'a/b'],
      ['PJSIP/{number}@{trunk}', ''],
      ['Local/{number}@from-internal', 'bad trunk'],
    ];
    for (const [template, trunk] of badConfig) {
      it(`refuses template ${JSON.stringify(template)} / trunk ${JSON.stringify(trunk)} with CE_DIAL_TEMPLATE_INVALID`, () => {
        assert.notEqual(dialTemplateProblem(template, trunk), null);
        assert.throws(() => buildDialString(template, '09121234567', trunk), (e: unknown) => isEngineError(e, 'CE_DIAL_TEMPLATE_INVALID'));
      });
    }

    it('accepts the config default template and trunk', () => {
      assert.equal(dialTemplateProblem('PJSIP/{number}@{trunk}', 'TO-CUCM-Gaptel'), null);
    });
  });
});
