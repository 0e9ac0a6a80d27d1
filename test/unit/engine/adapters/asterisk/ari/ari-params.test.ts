import assert from 'node:assert/strict';
import { appArgsParam, checkId, hangupParams, joinList, segment } from '../../../../../../engine/src/adapters/asterisk/ari/ari-params';
import { buildUrl } from '../../../../../../engine/src/adapters/asterisk/ari/ari-request';
import { isEngineError } from '../../../../../../engine/src/errors';

const invalid = (fn: () => unknown): void => assert.throws(fn, (err: unknown) => isEngineError(err, 'CE_TELEPHONY_INVALID_REQUEST'));

describe('ari-params', () => {
  it('refuses ids that ARI would split or mangle', () => {
    invalid(() => checkId('channel id', ''));
    invalid(() => checkId('channel id', 'a,b'));
    invalid(() => checkId('channel id', 'a\nb'));
    invalid(() => checkId('channel id', 'x'.repeat(129)));
    assert.equal(checkId('channel id', 'att-42'), 'att-42');
  });

  it('encodes a recording name with sub-folders as one path segment', () => {
    assert.equal(segment('recording name', 'campaign-1/att 42'), 'campaign-1%2Fatt%2042');
  });

  it('joins lists and refuses empty lists or items with commas', () => {
    assert.equal(joinList('media', ['sound:a', 'sound:b']), 'sound:a,sound:b');
    invalid(() => joinList('media', []));
    invalid(() => joinList('media', ['sound:a,sound:b']));
  });

  it('joins app args and refuses commas inside one', () => {
    assert.equal(appArgsParam(['outbound', 'att-1']), 'outbound,att-1');
    assert.equal(appArgsParam([]), undefined);
    invalid(() => appArgsParam(['a,b']));
  });

  it('maps hangup reasons to ARI spelling or an explicit cause code', () => {
    assert.deepEqual(hangupParams(undefined), { reason: 'normal' });
    assert.deepEqual(hangupParams('no-answer'), { reason: 'no_answer' });
    assert.deepEqual(hangupParams('answered-elsewhere'), { reason: 'answered_elsewhere' });
    assert.deepEqual(hangupParams({ causeCode: 21 }), { reason_code: 21 });
    invalid(() => hangupParams({ causeCode: 300 }));
  });
});

describe('ari-request buildUrl', () => {
  it('percent-encodes like the captured requests (space as %20, never +)', () => {
    assert.equal(
      buildUrl('http://127.0.0.1:8088/ari/', '/channels', { endpoint: 'Local/100@customer-sim', callerId: '"Acme" <4055550100>', timeout: 30, skip: undefined }),
      'http://127.0.0.1:8088/ari/channels?endpoint=Local%2F100%40customer-sim&callerId=%22Acme%22%20%3C4055550100%3E&timeout=30',
    );
    assert.equal(buildUrl('http://h/ari', '/asterisk/ping'), 'http://h/ari/asterisk/ping');
  });
});
