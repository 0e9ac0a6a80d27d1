import assert from 'node:assert/strict';
import { EventInbox } from '../../../../engine/src/call/event-inbox';
import { CallGoneError, EngineError } from '../../../../engine/src/errors';
import type { CallEvent } from '../../../../engine/src/ports/call-event';

const left: CallEvent = { type: 'call.left', at: 1, channelId: 'c1' };
const isLeft = (e: CallEvent): boolean => e.type === 'call.left';

describe('EventInbox', () => {
  it('delivers a matching event to a waiter registered before it', async () => {
    const inbox = new EventInbox();
    const wait = inbox.waitFor(isLeft, { timeoutMs: 60_000, what: 'the channel leaving' });
    inbox.push(left);
    assert.deepEqual(await wait, left);
  });

  it('close() fails pending and later waits with one CallGoneError', async () => {
    const inbox = new EventInbox();
    const pending = inbox.waitFor(isLeft, { timeoutMs: 60_000, what: 'the channel leaving' });
    inbox.close();
    const first = await pending.then(() => undefined, (err: unknown) => err);
    const later = await inbox.waitFor(isLeft, { timeoutMs: 60_000, what: 'x' }).then(() => undefined, (err: unknown) => err);
    assert.ok(first instanceof CallGoneError);
    assert.equal(later, first);
  });

  it('keeps the reason of the first close, also when that close had no waiter to fail', async () => {
    const inbox = new EventInbox();
    const reason = new EngineError('CE_TELEPHONY_NOT_CONNECTED', 'link lost');
    inbox.close(reason);
    inbox.close();
    await assert.rejects(inbox.waitFor(isLeft, { timeoutMs: 60_000, what: 'x' }), (err: unknown) => err === reason);
    const quiet = new EventInbox();
    quiet.close();
    quiet.close(reason);
    await assert.rejects(quiet.waitFor(isLeft, { timeoutMs: 60_000, what: 'x' }), (err: unknown) => err instanceof CallGoneError);
  });
});
