import assert from 'node:assert/strict';
import { TrunkTracker } from '../../../../../../engine/src/adapters/asterisk/ami/trunk-tracker';

const reg = (name: string, client: string, state: 'registered' | 'unregistered' | 'rejected' = 'registered') => ({ name, serverUri: 'sip:carrier:5060', clientUri: client, state });

describe('TrunkTracker', () => {
  it('applies a Registry event to the one registration with those URIs and reports the change once', () => {
    const t = new TrunkTracker();
    const first = t.resyncRegistrations([reg('main', 'sip:line1@carrier')], t.seq(), 1);
    assert.deepEqual(first.map((e) => e.event), ['registration.changed']);
    const lost = t.apply({ kind: 'registry', clientUri: 'sip:line1@carrier', serverUri: 'sip:carrier:5060', state: 'rejected' }, 5);
    assert.equal(lost.resyncRegistrations, false);
    assert.deepEqual(lost.emits.map((e) => e.payload), [{ registration: { name: 'main', serverUri: 'sip:carrier:5060', clientUri: 'sip:line1@carrier', state: 'rejected', since: 5 }, previous: 'registered' }]);
    assert.deepEqual(t.apply({ kind: 'registry', clientUri: 'sip:line1@carrier', serverUri: 'sip:carrier:5060', state: 'rejected' }, 6).emits, []);
  });

  it('asks for a re-read when the URIs are shared by several registrations (captures/ami-03b) or unknown', () => {
    const t = new TrunkTracker();
    t.resyncRegistrations([reg('selfreg-out', 'sip:selfreg@x'), reg('badreg-out', 'sip:selfreg@x', 'rejected')], 0, 1);
    const r = t.apply({ kind: 'registry', clientUri: 'sip:selfreg@x', serverUri: 'sip:carrier:5060', state: 'unregistered' }, 2);
    assert.deepEqual([r.resyncRegistrations, r.emits.length], [true, 0]);
    assert.equal(t.apply({ kind: 'registry', clientUri: 'sip:nobody@x', serverUri: 'sip:carrier:5060', state: 'registered' }, 2).resyncRegistrations, true);
  });

  it('a registration listing does not override a newer event', () => {
    const t = new TrunkTracker();
    t.resyncRegistrations([reg('main', 'sip:l@c', 'registered')], 0, 1);
    const start = t.seq();
    t.apply({ kind: 'registry', clientUri: 'sip:l@c', serverUri: 'sip:carrier:5060', state: 'rejected' }, 2);
    assert.deepEqual(t.resyncRegistrations([reg('main', 'sip:l@c', 'registered')], start, 3), []);
    assert.equal(t.registration('main')?.state, 'rejected');
  });

  it('contacts: new, changed, removed by event and by listing', () => {
    const t = new TrunkTracker();
    const c = { kind: 'contact.status' as const, aor: 'selfreg', uri: 'sip:s@1', endpoint: 'selfreg' };
    assert.equal(t.apply({ ...c, state: 'non_qualified' }, 1).emits.length, 1);
    assert.equal(t.apply({ ...c, state: 'reachable', roundtripUsec: 642 }, 2).emits.length, 1);
    assert.deepEqual(t.contacts(), [{ aor: 'selfreg', uri: 'sip:s@1', endpoint: 'selfreg', state: 'reachable', roundtripUsec: 642 }]);
    assert.equal(t.apply({ ...c, state: 'removed' }, 3).emits.length, 1);
    assert.deepEqual(t.contacts(), []);
    t.resyncContacts([{ aor: 'a', uri: 'sip:a@1', endpoint: 'a', state: 'reachable' }], t.seq());
    const gone = t.resyncContacts([], t.seq());
    assert.deepEqual(gone.map((e) => (e.payload as { contact: { state: string } }).contact.state), ['removed']);
  });

  it('endpoint device state and reachability from events; only PJSIP devices', () => {
    const t = new TrunkTracker();
    t.resyncEndpoints([{ name: 'trunk', state: 'not_in_use', listedChannels: 0, contacts: [] }], 0);
    assert.equal(t.apply({ kind: 'device.state', device: 'PJSIP/trunk', state: 'in_use' }, 1).emits.length, 1);
    assert.equal(t.apply({ kind: 'device.state', device: 'Local/100@x', state: 'in_use' }, 1).emits.length, 0);
    assert.equal(t.apply({ kind: 'peer.status', endpoint: 'trunk', reachable: false }, 2).emits.length, 1);
    assert.deepEqual(t.endpoints(), [{ name: 'trunk', state: 'in_use', listedChannels: 0, contacts: [], reachable: false }]);
  });
});
