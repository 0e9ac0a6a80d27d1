import assert from 'node:assert/strict';
import { AmiFrame } from '../../../../../../engine/src/adapters/asterisk/ami/ami-frame';
import type { AmiList } from '../../../../../../engine/src/adapters/asterisk/ami/ami-pending';
import { showChannels, showContacts, showEndpoints, showRegistrations, type AmiListRunner } from '../../../../../../engine/src/adapters/asterisk/ami/ami-queries';
import { header, serverMessages } from '../../../../../fixtures/ami/capture-file';

/** A list runner answering from a capture: the messages carrying `actionId`. */
function runnerFrom(capture: string, ids: Record<string, string>): AmiListRunner & { asked: string[] } {
  const messages = serverMessages(capture);
  const asked: string[] = [];
  return {
    asked,
    listAction: (req) => {
      asked.push(req.action);
      const id = ids[req.action];
      const mine = messages.filter((h) => header(h, 'ActionID') === id).map((h) => new AmiFrame(h));
      const list: AmiList = { response: mine[0], items: mine.slice(1, -1), complete: mine[mine.length - 1] };
      return Promise.resolve(list);
    },
  };
}

describe('AMI list queries (items of captures/ami-02 and ami-03a)', () => {
  it('CoreShowChannels → 6 typed channels with state, application, duration and bridge', async () => {
    const channels = await showChannels(runnerFrom('ami-02-coreshowchannels.ami.txt', { CoreShowChannels: 'csc-2calls' }));
    assert.equal(channels.length, 6);
    assert.deepEqual(channels[0], {
      id: '1795320207.53', name: 'Local/1000@operator-sim-0000000c;1', linkedId: '1795320207.53', state: 'up', callerNumber: '4055550102',
      connectedNumber: '101', context: 'cap-dial', extension: '101', variables: new Map(), application: 'Dial', durationSec: 2,
      bridgeId: 'dafbbea4-fab4-426f-aef2-ef47161a9165',
    });
    assert.equal(channels[4].connectedNumber, undefined, '<unknown> means none');
    assert.equal(channels[1].bridgeId, undefined, 'an empty BridgeId means not bridged');
  });

  it('PJSIPShowRegistrationsOutbound → Registered and Rejected, AuthDetail (passwords) skipped', async () => {
    const regs = await showRegistrations(runnerFrom('ami-03a-pjsip-show.ami.txt', { PJSIPShowRegistrationsOutbound: 'regs' }));
    assert.deepEqual(regs, [
      { name: 'badreg-out', serverUri: 'sip:127.0.0.1:5060', clientUri: 'sip:selfreg@127.0.0.1:5060', state: 'rejected' },
      { name: 'selfreg-out', serverUri: 'sip:127.0.0.1:5060', clientUri: 'sip:selfreg@127.0.0.1:5060', state: 'registered' },
    ]);
    assert.ok(!JSON.stringify(regs).includes('password'));
  });

  it('PJSIPShowEndpoints → device states and contacts (trailing comma dropped, no Contacts line = none)', async () => {
    const eps = await showEndpoints(runnerFrom('ami-03a-pjsip-show.ami.txt', { PJSIPShowEndpoints: 'eps' }));
    assert.deepEqual(eps.map((e) => [e.name, e.state, e.listedChannels, e.contacts]), [
      ['carrier-sim', 'unavailable', 0, []],
      ['failtrunk', 'not_in_use', 0, ['failtrunk/sip:127.0.0.1:5060']],
      ['loopback', 'not_in_use', 0, ['loopback/sip:127.0.0.1:5060']],
      ['selfreg', 'not_in_use', 0, ['selfreg/sip:selfreg@127.0.0.1:5062']],
      ['sipp-uas', 'not_in_use', 0, ['sipp-uas/sip:127.0.0.1:5070']],
    ]);
  });

  it('PJSIPShowContacts → AOR from the object name, status and round trip', async () => {
    const contacts = await showContacts(runnerFrom('ami-03a-pjsip-show.ami.txt', { PJSIPShowContacts: 'contacts' }));
    assert.deepEqual(contacts, [{ aor: 'selfreg', uri: 'sip:selfreg@127.0.0.1:5062', endpoint: 'selfreg', state: 'reachable', roundtripUsec: 580 }]);
  });
});
