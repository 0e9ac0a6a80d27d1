import assert from 'node:assert/strict';
import { EVENT_TYPES } from '../../../../../engine/src/simulator/ari-docs';
import { applicationReplaced, renderAriEvent } from '../../../../../engine/src/simulator/ari/ari-event-render';
import type { WorldEvent } from '../../../../../engine/src/simulator/core/world-events';
import type { ChannelSnapshot } from '../../../../../engine/src/simulator/core/world-model';
import { capturedEvents } from '../../../../fixtures/ari-events/ari-fixtures';

const channel: ChannelSnapshot = {
  id: 'c', name: 'PJSIP/t-00000001', technology: 'PJSIP', state: 'Up', protocolId: 'x', caller: { name: '', number: '1' }, connected: { name: '', number: '' },
  accountCode: '', dialplan: { context: 'ctx', exten: 's', priority: 1, appName: '', appData: '' }, creationTime: 0, language: 'en', linkedId: 'c',
};
const bridge = { id: 'b', technology: 'simple_bridge', bridgeType: 'mixing', bridgeClass: 'stasis', creator: 'Stasis', name: '', channelIds: [], creationTime: 0, videoMode: 'talker' } as const;
const endpoint = { technology: 'PJSIP', resource: 't', state: 'online', channelIds: [] } as const;
const base = { at: Date.parse('2026-11-22T04:06:43.168Z'), audience: ['app'] };

/** One event of every world event type. */
const ALL: WorldEvent[] = [
  { ...base, type: 'channel.created', channel },
  { ...base, type: 'channel.state-changed', channel },
  { ...base, type: 'channel.varset', channel, variable: 'V', value: '1' },
  { ...base, type: 'channel.dialplan', channel, app: 'Wait', appData: '1' },
  { ...base, type: 'channel.callerid', channel, presentation: 0, presentationText: 'Presentation Allowed, Not Screened' },
  { ...base, type: 'channel.connected-line', channel },
  { ...base, type: 'channel.hangup-requested', channel, cause: 32, soft: true },
  { ...base, type: 'channel.destroyed', channel, cause: 17, causeText: 'User busy', techCause: 486 },
  { ...base, type: 'channel.dtmf', channel, digit: '5', durationMs: 100 },
  { ...base, type: 'channel.hold', channel },
  { ...base, type: 'channel.unhold', channel },
  { ...base, type: 'dial', peer: channel, dialstring: 's@t', dialstatus: '', forward: '' },
  { ...base, type: 'local.bridged', one: channel, two: channel, context: 'ctx', exten: 's', optimize: false },
  { ...base, type: 'stasis.started', app: 'app', args: ['a'], channel },
  { ...base, type: 'stasis.ended', app: 'app', channel },
  { ...base, type: 'playback.started', playback: { id: 'p', mediaUri: 'sound:x', targetUri: 'channel:c', language: 'en', state: 'playing' } },
  { ...base, type: 'playback.continuing', playback: { id: 'p', mediaUri: 'sound:x', targetUri: 'channel:c', language: 'en', state: 'continuing' } },
  { ...base, type: 'playback.finished', playback: { id: 'p', mediaUri: 'sound:x', targetUri: 'channel:c', language: 'en', state: 'done' } },
  { ...base, type: 'recording.started', recording: { name: 'r', format: 'wav', state: 'recording', targetUri: 'channel:c' } },
  { ...base, type: 'recording.finished', recording: { name: 'r', format: 'wav', state: 'done', targetUri: 'channel:c', duration: 3 } },
  { ...base, type: 'recording.failed', recording: { name: 'r', format: 'wav', state: 'failed', targetUri: 'channel:c', cause: 'x' } },
  { ...base, type: 'bridge.created', bridge },
  { ...base, type: 'bridge.destroyed', bridge },
  { ...base, type: 'bridge.entered', bridge, channel },
  { ...base, type: 'bridge.left', bridge, channel },
  { ...base, type: 'endpoint.state-changed', endpoint },
  { ...base, type: 'contact.status-changed', endpoint, contact: { uri: 'sip:t@h', aor: 't', endpoint: 't', status: 'Reachable', roundtripUsec: 1 } },
  { ...base, type: 'peer.status-changed', endpoint, peerStatus: 'Reachable' },
  { ...base, type: 'registration.changed', registration: { name: 'r', serverUri: 's', clientUri: 'c', endpoint: 't', status: 'Registered' } },
  { ...base, type: 'system.booted' },
  { ...base, type: 'system.shutdown', restart: true },
];

describe('simulator ARI event rendering', () => {
  it('renders every world event as an events.json type, or not at all (system, registration, LocalBridge)', () => {
    const rendered = ALL.map((e) => renderAriEvent(e, 'app', 'id')?.['type'] ?? null);
    for (const type of rendered) if (type !== null) assert.ok((EVENT_TYPES as readonly string[]).includes(String(type)), String(type));
    assert.deepEqual(ALL.filter((_e, i) => rendered[i] === null).map((e) => e.type), ['local.bridged', 'registration.changed', 'system.booted', 'system.shutdown']);
    assert.equal(new Set(rendered.filter((t) => t !== null)).size, EVENT_TYPES.length - 1, 'all but ApplicationReplaced come from world events');
  });

  it('stamps type, timestamp (YYYY-MM-DDTHH:MM:SS.mmm+0000), asterisk_id and application in Asterisk key order', () => {
    const frame = renderAriEvent(ALL[2] as WorldEvent, 'salehi', '02:fc:00:00:00:01');
    assert.deepEqual(Object.keys(frame ?? {}), ['variable', 'value', 'type', 'timestamp', 'channel', 'asterisk_id', 'application']);
    assert.equal(frame?.['timestamp'], '2026-11-22T04:06:43.168+0000');
    const request = renderAriEvent(ALL[6] as WorldEvent, 'salehi', 'id');
    assert.deepEqual(Object.keys(request ?? {}).slice(0, 3), ['cause', 'soft', 'type']);
  });

  it('matches the captured key order of ChannelDestroyed, Dial and ApplicationReplaced', () => {
    const destroyed = capturedEvents('ari-09-originate-pjsip-486').find((e) => e.type === 'ChannelDestroyed');
    assert.deepEqual(Object.keys(renderAriEvent(ALL[7] as WorldEvent, 'salehi', 'id') ?? {}), Object.keys(destroyed ?? {}));
    const dial = capturedEvents('ari-09-originate-pjsip-486').find((e) => e.type === 'Dial');
    assert.deepEqual(Object.keys(renderAriEvent(ALL.find((e) => e.type === 'dial') as WorldEvent, 'salehi', 'id') ?? {}), Object.keys(dial ?? {}));
    const replaced = capturedEvents('ari-11a-reconnect-replaced', 'B').find((e) => e.type === 'ApplicationReplaced');
    assert.deepEqual(Object.keys(applicationReplaced('salehi', 'id', 0)), Object.keys(replaced ?? {}));
  });
});
