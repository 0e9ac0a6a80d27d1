import assert from 'node:assert/strict';
import { ARI_API_DECLARATIONS } from '../../../../../engine/src/simulator/ari-docs';
import { AriRouter } from '../../../../../engine/src/simulator/ari/ari-router';
import { ARI_HANDLERS } from '../../../../../engine/src/simulator/ari/handlers';

describe('simulator ARI router', () => {
  const router = new AriRouter(ARI_API_DECLARATIONS);

  it('has a handler for every documented operation and documents every handler', () => {
    assert.deepEqual([...router.operationIds()].sort(), Object.keys(ARI_HANDLERS).sort());
  });

  it('prefers literal segments over parameters (/channels/create is not a channel id)', () => {
    assert.deepEqual(router.resolve('POST', ['channels', 'create']), { kind: 'match', match: { operationId: 'channels.create', pathParams: {} } });
    assert.deepEqual(router.resolve('POST', ['channels', 'abc;2']), { kind: 'match', match: { operationId: 'channels.originateWithId', pathParams: { channelId: 'abc;2' } } });
    assert.deepEqual(router.resolve('POST', ['channels', 'c', 'play', 'pb']), {
      kind: 'match',
      match: { operationId: 'channels.playWithId', pathParams: { channelId: 'c', playbackId: 'pb' } },
    });
  });

  it('answers 404 for unknown paths and 405 with Allow for other methods (captures/ari-10: PUT /ari/channels)', () => {
    assert.deepEqual(router.resolve('GET', ['nosuchresource']), { kind: 'not-found' });
    assert.deepEqual(router.resolve('PUT', ['channels']), { kind: 'method-not-allowed', allow: 'OPTIONS,GET,POST' });
    assert.deepEqual(router.resolve('GET', ['channels', 'create']), { kind: 'method-not-allowed', allow: 'OPTIONS,POST' });
  });
});
