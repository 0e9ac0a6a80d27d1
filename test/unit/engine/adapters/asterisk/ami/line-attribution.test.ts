import assert from 'node:assert/strict';
import type { AmiChannelSnap } from '../../../../../../engine/src/adapters/asterisk/ami/ami-event-map';
import { attributeLine, endpointOf, isRealLeg, lineMatchers, normalizeNumber } from '../../../../../../engine/src/adapters/asterisk/ami/line-attribution';

const m = lineMatchers(['02191302954', '02191302955', '1000']);
const snap = (over: Partial<AmiChannelSnap>): AmiChannelSnap => ({ id: '1', name: 'PJSIP/trunk-00000001', linkedId: '1', state: 'up', context: 'c', extension: 's', variables: new Map(), ...over });

describe('line attribution', () => {
  it('normalises numbers: digits only, no leading zeros', () => {
    assert.equal(normalizeNumber('+98 (21) 9130-2954'), '982191302954');
    assert.equal(normalizeNumber('02191302954'), '2191302954');
  });

  it('outbound legs present the line as caller ID (leading zero stripped)', () => {
    assert.equal(attributeLine(snap({ callerNumber: '2191302954' }), m), '02191302954');
  });

  it('inbound legs dial the line (DID), also in international form', () => {
    assert.equal(attributeLine(snap({ callerNumber: '09121234567', extension: '+982191302955' }), m), '02191302955');
  });

  it('the line variable wins over the caller ID (operator legs presenting the customer number)', () => {
    const s = snap({ callerNumber: '09121234567', variables: new Map([['SALEHI_LINE', '02191302955']]) });
    assert.equal(attributeLine(s, m, 'SALEHI_LINE'), '02191302955');
  });

  it('short lines match exactly only (no suffix match under 8 digits); Local halves never count', () => {
    assert.equal(attributeLine(snap({ callerNumber: '51000' }), m), undefined);
    assert.equal(attributeLine(snap({ callerNumber: '1000' }), m), '1000');
    assert.equal(attributeLine(snap({ name: 'Local/1@x-00000001;1', callerNumber: '2191302954' }), m), undefined);
    assert.equal(isRealLeg('OutgoingSpoolFailed'), false);
  });

  it('extracts the PJSIP endpoint from a channel name (dashes in the endpoint kept)', () => {
    assert.equal(endpointOf('PJSIP/TO-CUCM-Gaptel-0000001c'), 'TO-CUCM-Gaptel');
    assert.equal(endpointOf('Local/100@x-00000001;1'), undefined);
  });
});
