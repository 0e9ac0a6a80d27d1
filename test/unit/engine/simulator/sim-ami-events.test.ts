import assert from 'node:assert/strict';
import type { WorldEvent, WorldEventBody } from '../../../../engine/src/simulator/core/world-events';
import type { ChannelSnapshot } from '../../../../engine/src/simulator/core/world-model';
import { amiChannel, amiEventsOf, amiOriginateOutcome, amiRegistration, deviceStateOf } from '../../../../engine/src/simulator/sim-ami-events';

const snap = (over: Partial<ChannelSnapshot> = {}): ChannelSnapshot => ({
  id: 'c-1', name: 'PJSIP/TO-CUCM-Gaptel-00000001', technology: 'PJSIP', state: 'Ringing', protocolId: 'x', caller: { name: '', number: '02191302954' },
  connected: { name: '', number: '' }, accountCode: '', dialplan: { context: 'from-trunk', exten: 's', priority: 1, appName: 'AppDial2', appData: '(Outgoing Line)' },
  creationTime: 1_000, language: 'en', linkedId: 'c-1', ...over,
});

const at = (body: WorldEventBody): WorldEvent => ({ ...body, at: 0, audience: [] }) as WorldEvent;

describe('simulator world events in AMI words', () => {
  it('renders a channel snapshot: state word, empty parties as absent, application and creation time', () => {
    assert.deepEqual(amiChannel(snap({ bridgeId: 'br-1' })), {
      name: 'PJSIP/TO-CUCM-Gaptel-00000001', uniqueid: 'c-1', linkedid: 'c-1', state: 'ringing', callerIdNum: '02191302954', callerIdName: undefined,
      connectedLineNum: undefined, connectedLineName: undefined, language: 'en', accountCode: '', context: 'from-trunk', exten: 's', priority: 1,
      application: 'AppDial2', applicationData: '(Outgoing Line)', createdAt: 1_000, bridgeId: 'br-1',
    });
  });

  it('maps Dial events: "" begins, RINGING/PROGRESS are intermediate, everything else ends', () => {
    const dial = (dialstatus: string) => amiEventsOf(at({ type: 'dial', peer: snap(), dialstring: '0912@trunk', dialstatus, forward: '' }))[0];
    assert.deepEqual(dial(''), { type: 'dial.begin', dest: amiChannel(snap()), dialString: '0912@trunk' });
    assert.deepEqual([dial('RINGING'), dial('PROGRESS'), dial('ANSWER'), dial('BUSY'), dial('NOANSWER'), dial('CANCEL'), dial('CHANUNAVAIL'), dial('ABORT')].map((e) => [e?.type, e && 'status' in e ? e.status : '']), [
      ['dial.state', 'ringing'], ['dial.state', 'progress'], ['dial.end', 'answered'], ['dial.end', 'busy'], ['dial.end', 'no-answer'],
      ['dial.end', 'cancelled'], ['dial.end', 'unavailable'], ['dial.end', 'other'],
    ]);
  });

  it('maps hangups, registrations, contacts and peers; ARI-only events map to nothing', () => {
    assert.deepEqual(amiEventsOf(at({ type: 'channel.destroyed', channel: snap(), cause: 17, causeText: 'User busy', techCause: 486 })), [{ type: 'channel.hungup', channel: amiChannel(snap()), cause: 17, techCause: 486 }]);
    assert.deepEqual(amiEventsOf(at({ type: 'channel.hangup-requested', channel: snap(), cause: 32, soft: true })), [{ type: 'channel.hangup-requested', channel: amiChannel(snap()), cause: 32, soft: true }]);
    const registration = { name: 't', serverUri: 'sip:c:5060', clientUri: 'sip:0219@c', endpoint: 't', status: 'Rejected' as const };
    assert.deepEqual(amiEventsOf(at({ type: 'registration.changed', registration })), [{ type: 'registry', clientUri: 'sip:0219@c', serverUri: 'sip:c:5060', status: 'rejected' }]);
    assert.equal(amiRegistration(registration).contactUser, '0219');
    const endpoint = { technology: 'PJSIP', resource: 't', state: 'offline' as const, channelIds: [] };
    assert.deepEqual(amiEventsOf(at({ type: 'peer.status-changed', endpoint, peerStatus: 'Unreachable' })), [{ type: 'peer.status', endpoint: 't', reachable: false }]);
    assert.deepEqual(amiEventsOf(at({ type: 'contact.status-changed', endpoint, contact: { uri: 'sip:t@c', aor: 't', endpoint: 't', status: 'NonQualified', roundtripUsec: 0 } }))[0], {
      type: 'contact.status', uri: 'sip:t@c', aor: 't', endpoint: 't', status: 'non_qualified', roundtripUsec: 0,
    });
    assert.deepEqual(amiEventsOf(at({ type: 'stasis.started', app: 'salehi', args: [], channel: snap() })), []);
    assert.deepEqual(amiEventsOf(at({ type: 'system.booted' })), []);
  });

  it('OriginateResponse reasons: answered, no answer (19/26), busy 17, congestion 34/42, else failed; device states', () => {
    assert.deepEqual(amiOriginateOutcome({ answered: true, channel: snap({ state: 'Up' }) }), { answered: true, channel: amiChannel(snap({ state: 'Up' })) });
    assert.deepEqual([19, 26, 17, 34, 42, 21, 1, 0].map((cause) => {
      const o = amiOriginateOutcome({ answered: false, cause });
      return o.answered ? 'answered' : o.cause;
    }), ['no_answer', 'no_answer', 'busy', 'congestion', 'congestion', 'failed', 'failed', 'failed']);
    assert.deepEqual([deviceStateOf({ state: 'online' }, 0), deviceStateOf({ state: 'online' }, 2), deviceStateOf({ state: 'offline' }, 2)], ['not_in_use', 'in_use', 'unavailable']);
  });
});
