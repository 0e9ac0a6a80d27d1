import assert from 'node:assert/strict';
import { ariStatusError, type AriSubject } from '../../../../../../engine/src/adapters/asterisk/ari/ari-error-map';
import type { AriRequest, AriResponse } from '../../../../../../engine/src/adapters/asterisk/ari/ari-request';
import { CallGoneError } from '../../../../../../engine/src/errors';
import { capturedResponse, type CaptureName } from '../../../../../fixtures/ari-events/ari-fixtures';

const REQ: AriRequest = { operation: 'test.op', method: 'POST', path: '/x' };

function fromCapture(capture: CaptureName, requestStart: string, occurrence = 0): AriResponse {
  const res = capturedResponse(capture, requestStart, occurrence);
  const body = res.body;
  const rec = typeof body === 'object' && body !== null ? (body as Record<string, string>) : {};
  return { status: res.status ?? 0, body, contentType: res.headers?.['Content-type'] ?? '', message: rec.message ?? rec.error ?? '' };
}

// Captured answers of a real Asterisk 20.20.1 → the error code, by what the request was about.
const ROWS: ReadonlyArray<[string, () => AriResponse, AriSubject, string]> = [
  ['play on a hung-up channel: 404', () => fromCapture('ari-10-rest-errors', 'POST /ari/channels/cap-e-1/play'), 'channel', 'CE_CALL_GONE'],
  ['DELETE of a hung-up channel: 404', () => fromCapture('ari-10-rest-errors', 'DELETE /ari/channels/cap-e-1', 1), 'channel', 'CE_CALL_GONE'],
  ['play on a channel not in Stasis: 409', () => fromCapture('ari-10-rest-errors', 'POST /ari/channels/cap-e-2/play'), 'channel', 'CE_CALL_GONE'],
  ['answer on a channel not in Stasis: 409', () => fromCapture('ari-10-rest-errors', 'POST /ari/channels/cap-e-2/answer'), 'channel', 'CE_CALL_GONE'],
  ['play on a channel still Down: 412', () => fromCapture('ari-10-rest-errors', 'POST /ari/channels/cap-e-3/play'), 'channel', 'CE_TELEPHONY_REQUEST_FAILED'],
  ['addChannel of a missing channel: 400', () => fromCapture('ari-10-rest-errors', 'POST /ari/bridges/cap-e-br/addChannel?channel=nosuch'), 'bridge-member', 'CE_CALL_GONE'],
  ['addChannel of a channel not in Stasis: 422', () => fromCapture('ari-10-rest-errors', 'POST /ari/bridges/cap-e-br/addChannel?channel=cap-e-2'), 'bridge-member', 'CE_CALL_GONE'],
  ['addChannel to a missing bridge: 404 Not found', () => fromCapture('ari-10-rest-errors', 'POST /ari/bridges/nosuch-bridge/addChannel'), 'bridge-member', 'CE_TELEPHONY_NOT_FOUND'],
  ['DELETE of a missing playback: 404', () => fromCapture('ari-10-rest-errors', 'DELETE /ari/playbacks/nosuch'), 'playback', 'CE_TELEPHONY_NOT_FOUND'],
  ['file of a missing recording: 404', () => fromCapture('ari-10-rest-errors', 'GET /ari/recordings/stored/nosuch-recording/file'), 'recording', 'CE_TELEPHONY_NOT_FOUND'],
  ['originate to an unknown endpoint: 500 Allocation failed', () => fromCapture('ari-09-originate-pjsip-unknown-endpoint', 'POST /ari/channels'), 'originate', 'CE_TELEPHONY_ORIGINATE_FAILED'],
  ['originate without endpoint: 400', () => fromCapture('ari-10-rest-errors', 'POST /ari/channels?app=salehi'), 'originate', 'CE_TELEPHONY_INVALID_REQUEST'],
  ['originate with a duplicate id: 409', () => fromCapture('ari-10-rest-errors', 'POST /ari/channels?endpoint=PJSIP%2F200%40failtrunk&app=salehi&channelId=cap-e-1', 1), 'originate', 'CE_TELEPHONY_REQUEST_FAILED'],
  ['wrong credentials: 401', () => fromCapture('ari-10-rest-errors', 'GET /ari/channels'), 'other', 'CE_TELEPHONY_AUTH_FAILED'],
  ['invalid hangup reason: 400 Invalid Reason', () => fromCapture('ari-10-rest-errors', 'DELETE /ari/channels/cap-e-2?reason=nosuchreason'), 'channel', 'CE_TELEPHONY_REQUEST_FAILED'],
];

describe('ari-error-map', () => {
  for (const [name, response, subject, code] of ROWS) {
    it(`${name} → ${code}`, () => {
      const err = ariStatusError(response(), REQ, subject);
      assert.equal(err.code, code);
      assert.equal(err instanceof CallGoneError, code === 'CE_CALL_GONE');
    });
  }

  it('keeps the status and Asterisk message in details (for people, not for matching)', () => {
    const err = ariStatusError(fromCapture('ari-09-originate-pjsip-unknown-endpoint', 'POST /ari/channels'), REQ, 'originate');
    assert.deepEqual(err.details, { status: 500, operation: 'test.op', method: 'POST', path: '/x', asteriskMessage: 'Allocation failed' });
  });

  it('treats 503 "not booted" and the HTML 404 of a booting server as not connected', () => {
    const booting: AriResponse = { status: 503, body: { message: 'Asterisk not booted' }, contentType: 'application/json', message: 'Asterisk not booted' };
    const html: AriResponse = { status: 404, body: '<html>', contentType: 'text/html', message: '' };
    assert.equal(ariStatusError(booting, REQ, 'channel').code, 'CE_TELEPHONY_NOT_CONNECTED');
    assert.equal(ariStatusError(html, REQ, 'channel').code, 'CE_TELEPHONY_NOT_CONNECTED');
  });
});
