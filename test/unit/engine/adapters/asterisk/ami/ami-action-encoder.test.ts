import assert from 'node:assert/strict';
import { encodeAction } from '../../../../../../engine/src/adapters/asterisk/ami/ami-action-encoder';
import { isEngineError } from '../../../../../../engine/src/errors';

const invalid = (err: unknown): boolean => isEngineError(err, 'CE_AMI_INVALID_ARGUMENT');

describe('encodeAction', () => {
  it('writes Action, our ActionID, then the fields in order, CRLF and a closing empty line', () => {
    const bytes = encodeAction({ action: 'Originate', fields: { Channel: 'PJSIP/100@trunk', Async: true, Timeout: 15000, Variable: ['A=1', 'B=2'], Skip: undefined } }, 'ce1-7');
    assert.equal(bytes.toString(), 'Action: Originate\r\nActionID: ce1-7\r\nChannel: PJSIP/100@trunk\r\nAsync: true\r\nTimeout: 15000\r\nVariable: A=1\r\nVariable: B=2\r\n\r\n');
  });

  it('refuses CR, LF or NUL inside a value (header injection of a second action)', () => {
    assert.throws(() => encodeAction({ action: 'Setvar', fields: { Value: 'x\r\n\r\nAction: Originate' } }, 'id'), invalid);
    assert.throws(() => encodeAction({ action: 'Setvar', fields: { Value: 'x\ny' } }, 'id'), invalid);
    assert.throws(() => encodeAction({ action: 'Setvar', fields: { Value: 'x\u0000' } }, 'id'), invalid);
    assert.throws(() => encodeAction({ action: 'Ping' }, 'id\r\n'), invalid);
  });

  it('refuses bad action or header names and the reserved Action/ActionID fields', () => {
    assert.throws(() => encodeAction({ action: 'Ping Now' }, 'id'), invalid);
    assert.throws(() => encodeAction({ action: 'Ping', fields: { 'Bad Name': 'x' } }, 'id'), invalid);
    assert.throws(() => encodeAction({ action: 'Ping', fields: { actionid: 'mine' } }, 'id'), invalid);
    assert.throws(() => encodeAction({ action: 'Ping', fields: { Action: 'Logoff' } }, 'id'), invalid);
  });

  it('refuses lines Asterisk would silently drop (over 1 KiB)', () => {
    assert.throws(() => encodeAction({ action: 'Setvar', fields: { Value: 'x'.repeat(1100) } }, 'id'), invalid);
  });

  it('never echoes a secret in its error', () => {
    try {
      encodeAction({ action: 'Login', fields: { Secret: 's3cret\nX' } }, 'id');
      assert.fail('should throw');
    } catch (err) {
      assert.ok(invalid(err));
      assert.ok(!JSON.stringify({ m: (err as Error).message, d: (err as { details?: unknown }).details }).includes('s3cret'));
    }
  });
});
