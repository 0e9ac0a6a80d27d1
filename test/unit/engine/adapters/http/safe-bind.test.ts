import assert from 'node:assert/strict';
import { assertSafeBind, isLoopbackHost } from '../../../../../engine/src/adapters/http/safe-bind';
import { isEngineError } from '../../../../../engine/src/errors';

describe('assertSafeBind', () => {
  it('refuses a non-loopback bind without a token with CE_HTTP_INSECURE_BIND', () => {
    for (const host of ['0.0.0.0', '::', '10.0.0.5', '192.168.1.20', 'pbx.example.com', '[::]']) {
      assert.throws(() => assertSafeBind({ host }), (err) => isEngineError(err, 'CE_HTTP_INSECURE_BIND'), host);
    }
  });

  it('allows any bind when a token is configured', () => {
    assert.doesNotThrow(() => assertSafeBind({ host: '0.0.0.0', token: 'long-enough-token' }));
    assert.doesNotThrow(() => assertSafeBind({ host: '::', token: 'long-enough-token' }));
  });

  it('allows loopback binds without a token', () => {
    for (const host of ['127.0.0.1', '127.10.0.1', '::1', '[::1]', '0:0:0:0:0:0:0:1', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1']) {
      assert.doesNotThrow(() => assertSafeBind({ host }), host);
    }
  });

  it('treats an empty token as no token', () => {
    assert.throws(() => assertSafeBind({ host: '0.0.0.0', token: '' }), (err) => isEngineError(err, 'CE_HTTP_INSECURE_BIND'));
  });

  it('does not take host names that merely start like loopback for loopback', () => {
    assert.equal(isLoopbackHost('127.0.0.1.example.com'), false);
    assert.equal(isLoopbackHost('localhost.example.com'), false);
    assert.equal(isLoopbackHost('128.0.0.1'), false);
  });
});
