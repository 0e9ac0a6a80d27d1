import assert from 'node:assert/strict';
import sinon from 'sinon';
import { AmiFrame } from '../../../../../../engine/src/adapters/asterisk/ami/ami-frame';
import { AmiPendingActions, type AmiList } from '../../../../../../engine/src/adapters/asterisk/ami/ami-pending';
import { EngineError, isEngineError } from '../../../../../../engine/src/errors';

const frame = (...h: Array<[string, string]>): AmiFrame => new AmiFrame(h);

describe('AmiPendingActions', () => {
  let clock: sinon.SinonFakeTimers;
  let settled: Array<[string, string]>;
  let pending: AmiPendingActions;

  beforeEach(() => {
    clock = sinon.useFakeTimers();
    settled = [];
    pending = new AmiPendingActions((action, _s, outcome) => settled.push([action, outcome]));
  });
  afterEach(() => clock.restore());

  it('resolves an action with its response by ActionID and ignores responses for other ids', async () => {
    const got = new Promise<AmiFrame>((resolve, reject) => pending.addSingle('x-1', 'Ping', 1000, resolve, reject));
    assert.equal(pending.onResponse(frame(['Response', 'Success'], ['ActionID', 'other'])), false);
    assert.equal(pending.onResponse(frame(['Response', 'Success'], ['ActionID', 'x-1'], ['Ping', 'Pong'])), true);
    assert.equal((await got).get('Ping'), 'Pong');
    assert.deepEqual(settled, [['Ping', 'ok']]);
    assert.equal(pending.size(), 0);
  });

  it('rejects Response: Error with CE_TELEPHONY_REQUEST_FAILED carrying the PBX message', async () => {
    const got = new Promise<AmiFrame>((resolve, reject) => pending.addSingle('x-2', 'Hangup', 1000, resolve, reject));
    pending.onResponse(frame(['Response', 'Error'], ['ActionID', 'x-2'], ['Message', 'No such channel']));
    await assert.rejects(got, (err: unknown) => isEngineError(err, 'CE_TELEPHONY_REQUEST_FAILED') && (err.details as { message: string }).message === 'No such channel');
  });

  it('times out every action with CE_TELEPHONY_TIMEOUT and drops the late response', async () => {
    const got = new Promise<AmiFrame>((resolve, reject) => pending.addSingle('x-3', 'Ping', 500, resolve, reject));
    clock.tick(499);
    assert.equal(pending.size(), 1);
    clock.tick(1);
    await assert.rejects(got, (err: unknown) => isEngineError(err, 'CE_TELEPHONY_TIMEOUT'));
    assert.equal(pending.onResponse(frame(['Response', 'Success'], ['ActionID', 'x-3'])), false);
    assert.deepEqual(settled, [['Ping', 'CE_TELEPHONY_TIMEOUT']]);
  });

  it('collects a list: response with EventList start, items with our ActionID, then the Complete event', async () => {
    const got = new Promise<AmiList>((resolve, reject) => pending.addList('l-1', 'CoreShowChannels', 1000, {}, resolve, reject));
    pending.onResponse(frame(['Response', 'Success'], ['ActionID', 'l-1'], ['EventList', 'start'], ['Message', 'Channels will follow']));
    assert.equal(pending.onEvent(frame(['Event', 'CoreShowChannel'], ['ActionID', 'l-1'], ['Channel', 'A'])), true);
    assert.equal(pending.onEvent(frame(['Event', 'Newchannel'], ['Channel', 'B'])), false, 'an unrelated broadcast is not an item');
    assert.equal(pending.onEvent(frame(['Event', 'CoreShowChannel'], ['ActionID', 'l-1'], ['Channel', 'C'])), true);
    pending.onEvent(frame(['Event', 'CoreShowChannelsComplete'], ['ActionID', 'l-1'], ['EventList', 'Complete'], ['ListItems', '2']));
    const list = await got;
    assert.deepEqual(list.items.map((i) => i.get('Channel')), ['A', 'C']);
    assert.equal(list.complete?.get('ListItems'), '2');
  });

  it('turns the listed "empty" error messages into an empty list, other errors into a rejection', async () => {
    const empty = new Promise<AmiList>((resolve, reject) => pending.addList('l-2', 'PJSIPShowContacts', 1000, { emptyMessages: ['No Contacts found'] }, resolve, reject));
    pending.onResponse(frame(['Response', 'Error'], ['ActionID', 'l-2'], ['Message', 'No Contacts found']));
    assert.deepEqual((await empty).items, []);
    const failed = new Promise<AmiList>((resolve, reject) => pending.addList('l-3', 'PJSIPShowContacts', 1000, { emptyMessages: ['No Contacts found'] }, resolve, reject));
    pending.onResponse(frame(['Response', 'Error'], ['ActionID', 'l-3'], ['Message', 'Permission denied']));
    await assert.rejects(failed, (err: unknown) => isEngineError(err, 'CE_TELEPHONY_REQUEST_FAILED'));
  });

  it("a list's deadline covers the items: a list that never completes times out", async () => {
    const got = new Promise<AmiList>((resolve, reject) => pending.addList('l-4', 'CoreShowChannels', 300, {}, resolve, reject));
    pending.onResponse(frame(['Response', 'Success'], ['ActionID', 'l-4'], ['EventList', 'start']));
    clock.tick(300);
    await assert.rejects(got, (err: unknown) => isEngineError(err, 'CE_TELEPHONY_TIMEOUT'));
  });

  it('rejectAll settles everything once (connection closed)', async () => {
    const a = new Promise<AmiFrame>((resolve, reject) => pending.addSingle('a', 'Ping', 1000, resolve, reject));
    const b = new Promise<AmiList>((resolve, reject) => pending.addList('b', 'CoreShowChannels', 1000, {}, resolve, reject));
    pending.rejectAll(new EngineError('CE_TELEPHONY_NOT_CONNECTED'));
    await assert.rejects(a, (err: unknown) => isEngineError(err, 'CE_TELEPHONY_NOT_CONNECTED'));
    await assert.rejects(b, (err: unknown) => isEngineError(err, 'CE_TELEPHONY_NOT_CONNECTED'));
    clock.tick(2000);
    assert.equal(settled.length, 2);
  });
});
