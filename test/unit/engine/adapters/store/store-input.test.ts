import assert from 'node:assert/strict';
import {
  checkPhone, decodeCursor, isCallResult, optionalText, phoneProblem, toJson,
} from '../../../../../engine/src/adapters/store/store-input';
import { auditActionFor, checkAttemptMove } from '../../../../../engine/src/adapters/store/store-rules';
import { isEngineError } from '../../../../../engine/src/errors';

describe('store input rules (shared by every adapter)', () => {
  it('accepts only +?digits phone numbers of 3 to 20 digits', () => {
    for (const ok of ['09121234567', '+989121234567', '6005', '123']) assert.equal(phoneProblem(ok), null, ok);
    for (const bad of ['12', '0912-123', '0912 123', '+', '++98912', '0912\u0000', '٠٩١٢١٢٣٤٥٦٧', '1'.repeat(21)]) {
      assert.notEqual(phoneProblem(bad), null, bad);
    }
    assert.throws(() => checkPhone('0912;1'), (e: unknown) => isEngineError(e, 'CE_PHONE_INVALID'));
  });

  it('knows the result words of PRODUCT.md §5', () => {
    assert.ok(isCallResult('power_off'));
    assert.ok(isCallResult('failed:vira_quota'));
    assert.ok(!isCallResult('failed:'));
    assert.ok(!isCallResult('failed:Vira'));
    assert.ok(!isCallResult(3));
  });

  it('serialises only faithful JSON', () => {
    assert.equal(toJson({ a: [1, 'x', null, true], b: undefined }, 'f'), '{"a":[1,"x",null,true]}');
    const cyclic: Record<string, unknown> = {};
    cyclic['self'] = cyclic;
    for (const bad of [undefined, Number.NaN, [undefined], { d: new Date(0) }, { f: () => 1 }, cyclic, 1n]) {
      assert.throws(() => toJson(bad, 'f'), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT'));
    }
    assert.throws(() => toJson('x'.repeat(1_000_001), 'f'), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT'));
  });

  it('treats empty optional text as absent and refuses NUL', () => {
    assert.equal(optionalText('', 'f', 5), null);
    assert.equal(optionalText(undefined, 'f', 5), null);
    assert.throws(() => optionalText('a\u0000', 'f', 5), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT'));
    assert.throws(() => optionalText('toolong', 'f', 5), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT'));
  });

  it('decodes only cursors it made', () => {
    assert.equal(decodeCursor(undefined), null);
    assert.equal(decodeCursor('42'), 42);
    for (const bad of ['-1', '1e3', 'abc', '9'.repeat(16)]) {
      assert.throws(() => decodeCursor(bad), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_INPUT'));
    }
  });

  it('names the audit action of each campaign move', () => {
    assert.equal(auditActionFor('draft', 'running'), 'started');
    assert.equal(auditActionFor('paused', 'running'), 'resumed');
    assert.equal(auditActionFor('completed', 'running'), 'reopened');
    assert.equal(auditActionFor('running', 'paused'), 'paused');
    assert.equal(auditActionFor('paused', 'stopped'), 'stopped');
    assert.equal(auditActionFor('running', 'completed'), 'completed');
  });

  it('lets attempt states only move forward', () => {
    assert.doesNotThrow(() => checkAttemptMove('a', 'pending', 'answered'));
    assert.doesNotThrow(() => checkAttemptMove('a', 'ringing', 'ringing'));
    assert.throws(() => checkAttemptMove('a', 'answered', 'dialing'), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_TRANSITION'));
    assert.throws(() => checkAttemptMove('a', 'finished', 'finished'), (e: unknown) => isEngineError(e, 'CE_STORE_INVALID_TRANSITION'));
  });
});
