import assert from 'node:assert/strict';
import { ariSegments, boolParam, intParam, listParam, parseBody, queryParams } from '../../../../../engine/src/simulator/ari/ari-request';

describe('simulator ARI request parsing', () => {
  it('reads a JSON body: top-level parameters and {"variables":{...}} in both 20.x forms', () => {
    const body = Buffer.from(JSON.stringify({ endpoint: 'PJSIP/1@t', timeout: 5, variables: { A: 'x', B: { value: 'y', report_events: true } } }));
    const parsed = parseBody('application/json', body);
    assert.ok(parsed.ok);
    assert.deepEqual([...parsed.params], [['endpoint', 'PJSIP/1@t'], ['timeout', '5']]);
    assert.deepEqual(parsed.variables, { A: 'x', B: 'y' });
  });

  it('refuses a body that is not JSON (400 Error parsing request body), reads forms, ignores other types', () => {
    assert.deepEqual(parseBody('application/json', Buffer.from('{not json')), { ok: false });
    const form = parseBody('application/x-www-form-urlencoded', Buffer.from('app=salehi&media=sound%3Ax'));
    assert.ok(form.ok);
    assert.equal(form.params.get('media'), 'sound:x');
    assert.equal(parseBody('text/plain', Buffer.from('whatever')).ok, true);
  });

  it('reads numbers like atoi (timeout=abc is 0), booleans, comma lists; the last repeated parameter wins', () => {
    const params = queryParams('timeout=abc&priority=7&beep=true&media=sound:a,sound:b&x=1&x=2');
    assert.equal(intParam(params, 'timeout'), 0);
    assert.equal(intParam(params, 'priority'), 7);
    assert.equal(boolParam(params, 'beep'), true);
    assert.deepEqual(listParam(params, 'media'), ['sound:a', 'sound:b']);
    assert.equal(params.get('x'), '2');
  });

  it('splits /ari paths into decoded segments', () => {
    assert.deepEqual(ariSegments('/ari/channels/abc%3B2/play'), ['channels', 'abc;2', 'play']);
    assert.deepEqual(ariSegments('/ari/recordings/stored/a%2Fb/file'), ['recordings', 'stored', 'a/b', 'file']);
    assert.deepEqual(ariSegments('/ari'), []);
    assert.equal(ariSegments('/httpstatus'), undefined);
  });
});
