import assert from 'node:assert/strict';
import { mapAmiEvent, type AmiMappedEvent } from '../../../../../../engine/src/adapters/asterisk/ami/ami-event-map';
import { AmiFrame } from '../../../../../../engine/src/adapters/asterisk/ami/ami-frame';
import { AMI_CAPTURES, header, serverMessages, type Headers } from '../../../../../fixtures/ami/capture-file';

const frameOf = (h: Headers): AmiFrame => new AmiFrame(h);
const broadcasts = (name: string, tag?: string): AmiFrame[] => serverMessages(name, tag).filter((h) => header(h, 'Privilege') !== undefined).map(frameOf);

function mapped<K extends AmiMappedEvent['kind']>(frames: AmiFrame[], kind: K): Array<AmiMappedEvent & { kind: K }> {
  return frames.map(mapAmiEvent).filter((e): e is AmiMappedEvent & { kind: K } => e?.kind === kind);
}

describe('mapAmiEvent (fed with the Asterisk 20.20.1 captures)', () => {
  it('knows every broadcast event that appears in the captures (mapped or deliberately ignored)', () => {
    for (const name of AMI_CAPTURES) {
      for (const tag of [undefined, 's2', 's3', 's4', 'S1', 'S2']) {
        for (const f of broadcasts(name, tag)) assert.ok(mapAmiEvent(f), `${name}: ${f.event}`);
      }
    }
  });

  it('PJSIP 486: Hangup cause 17 / TechCause 486 on the channel with our ChannelId, DialEnd BUSY, OriginateResponse Failure Reason 0', () => {
    const frames = broadcasts('ami-04-originate-busy-pjsip.ami.txt');
    const hangups = mapped(frames, 'channel.hungup');
    const mine = hangups.find((h) => h.snap.id === 'cap-busy-2');
    assert.ok(mine);
    assert.deepEqual({ cause: mine.cause, text: mine.causeText, tech: mine.techCause, state: mine.snap.state, caller: mine.snap.callerNumber, name: mine.snap.name },
      { cause: 17, text: 'User busy', tech: 486, state: 'down', caller: '4055550100', name: 'PJSIP/failtrunk-00000012' });
    assert.deepEqual(mapped(frames, 'dial.end').map((d) => [d.dest.id, d.status]), [['1795320144.30', 'busy'], ['cap-busy-2', 'busy'], ['1795320147.34', 'busy']]);
    const responses = mapped(frames, 'originate.response');
    assert.deepEqual(responses.map((r) => [r.actionId, r.success, r.reason, r.channel, r.uniqueId]), [
      ['orig-busy-pjsip', false, 0, 'PJSIP/486@failtrunk', undefined],
      ['orig-busy-pjsip-2', false, 0, 'PJSIP/486@failtrunk', 'cap-busy-2'],
      ['orig-busy-pjsip-3', false, 0, 'PJSIP/4860@failtrunk', undefined],
    ]);
  });

  it('channel snapshots: state numbers, <unknown> caller fields, Local halves and their linked id', () => {
    const created = mapped(broadcasts('ami-04-originate-app-form.ami.txt'), 'channel.created');
    assert.deepEqual(created.map((c) => [c.snap.name, c.snap.state, c.snap.id, c.snap.linkedId, c.snap.callerNumber]), [
      ['Local/100@customer-sim-0000000a;1', 'down', 'cap-app-form-1', 'cap-app-form-1', undefined],
      ['Local/100@customer-sim-0000000a;2', 'ring', 'cap-app-form-1-2', 'cap-app-form-1', undefined],
    ]);
    const states = mapped(broadcasts('ami-04-originate-noanswer-pjsip.ami.txt'), 'channel.state');
    assert.deepEqual(states.map((s) => s.snap.state), ['ringing']);
    assert.deepEqual(mapped(broadcasts('ami-04-originate-noanswer-pjsip.ami.txt'), 'dial.state').map((d) => d.status), ['ringing']);
  });

  it('registrations, contacts and peers (ami-03b)', () => {
    const frames = broadcasts('ami-03b-registration-events.ami.txt');
    assert.deepEqual(mapped(frames, 'registry').map((r) => [r.clientUri, r.serverUri, r.state]), [
      ['sip:selfreg@127.0.0.1:5060', 'sip:127.0.0.1:5060', 'unregistered'],
      ['sip:selfreg@127.0.0.1:5060', 'sip:127.0.0.1:5060', 'unregistered'],
      ['sip:selfreg@127.0.0.1:5060', 'sip:127.0.0.1:5060', 'registered'],
      ['sip:selfreg@127.0.0.1:5060', 'sip:127.0.0.1:5060', 'rejected'],
    ]);
    assert.deepEqual(mapped(frames, 'contact.status').map((c) => [c.aor, c.uri, c.endpoint, c.state, c.roundtripUsec]), [
      ['selfreg', 'sip:selfreg@127.0.0.1:5062', 'selfreg', 'removed', 0],
      ['selfreg', 'sip:selfreg@127.0.0.1:5062', 'selfreg', 'non_qualified', 0],
      ['selfreg', 'sip:selfreg@127.0.0.1:5062', 'selfreg', 'reachable', 642],
    ]);
    assert.deepEqual(mapped(frames, 'peer.status').map((p) => [p.endpoint, p.reachable]), [['selfreg', false], ['selfreg', true]]);
  });

  it('FullyBooted (direct and broadcast forms), Shutdown with Restart, DeviceStateChange', () => {
    assert.deepEqual(mapped(serverMessages('ami-05-restart.ami.txt', 'S1').map(frameOf), 'booted').map((b) => b.uptimeSec), [38]);
    assert.deepEqual(mapped(broadcasts('ami-05-restart.ami.txt', 'S2'), 'booted').map((b) => b.uptimeSec), [0]);
    assert.deepEqual(mapped(broadcasts('ami-05-restart.ami.txt', 'S1'), 'shutdown'), [{ kind: 'shutdown', restart: true }]);
    const devices = mapped(broadcasts('ami-04-originate-answered-pjsip.ami.txt'), 'device.state');
    assert.deepEqual(devices.map((d) => [d.device, d.state]), [['PJSIP/loopback', 'in_use'], ['PJSIP/loopback', 'not_in_use']]);
  });

  it('returns undefined for unknown events and for known ones missing their key headers; ignores noise', () => {
    assert.equal(mapAmiEvent(new AmiFrame([['Event', 'SomethingNew'], ['Privilege', 'call,all']])), undefined);
    assert.equal(mapAmiEvent(new AmiFrame([['Event', 'Hangup'], ['Cause', '16']])), undefined);
    assert.equal(mapAmiEvent(new AmiFrame([['Event', '__proto__']])), undefined);
    assert.deepEqual(mapAmiEvent(new AmiFrame([['Event', 'Cdr']])), { kind: 'ignored', event: 'Cdr' });
  });
});
