import assert from 'node:assert/strict';
import { IGNORED_ARI_EVENT_TYPES, MAPPED_ARI_EVENT_TYPES, mapAriEvent } from '../../../../../../engine/src/adapters/asterisk/ari/ari-event-map';
import { parseAriTimestamp } from '../../../../../../engine/src/adapters/asterisk/ari/ari-models';
import type { CallEvent } from '../../../../../../engine/src/ports/call-event';
import {
  allCapturedEvents,
  channelIdOfRaw,
  findEvent,
  syntheticEvents,
  type AriJson,
  type CaptureName,
} from '../../../../../fixtures/ari-events/ari-fixtures';

const RECEIVED = 1_000;
/** Asterisk timestamps are UTC here (`+0000`). */
const at = (utc: string): number => Date.parse(`${utc}Z`);

function mapped(e: AriJson): CallEvent {
  const result = mapAriEvent(e, RECEIVED);
  assert.equal(result.kind, 'event', `expected a call event for ${e.type}, got ${JSON.stringify(result)}`);
  return (result as { event: CallEvent }).event;
}

function ofType(capture: CaptureName, type: string, extra: (e: AriJson) => boolean = () => true): AriJson {
  return findEvent(capture, (e) => e.type === type && extra(e));
}

const channel = (id: string) => (e: AriJson) => channelIdOfRaw(e) === id;
const peer = (id: string) => (e: AriJson) => channelIdOfRaw(e, 'peer') === id;

interface Row {
  readonly name: string;
  readonly event: () => AriJson;
  readonly expected: CallEvent;
}

// Captured events (real Asterisk 20.20.1) → the exact CallEvent expected.
const TABLE: readonly Row[] = [
  {
    name: 'StasisStart with app args → call.entered (channel already Up)',
    event: () => ofType('ari-08-stasis-e2e', 'StasisStart', channel('cap-cust-1')),
    expected: {
      type: 'call.entered',
      at: at('2026-11-22T04:06:43.169'),
      channelId: 'cap-cust-1',
      args: ['outbound', 'att-1'],
      state: 'up',
      channel: {
        channelId: 'cap-cust-1',
        name: 'Local/100@customer-sim-0000000f;1',
        state: 'up',
        callerNumber: '4055550100',
        callerName: 'Acme',
        connectedNumber: '4055550100',
        context: 'customer-sim',
        extension: '100',
      },
    },
  },
  {
    name: 'StasisStart without args → call.entered with args []',
    event: () => ofType('ari-08b-hangup-sources', 'StasisStart', channel('cap-h-1')),
    expected: {
      type: 'call.entered',
      at: at('2026-11-22T04:34:26.872'),
      channelId: 'cap-h-1',
      args: [],
      state: 'up',
      channel: {
        channelId: 'cap-h-1',
        name: 'Local/60@caller-sim-00000010;1',
        state: 'up',
        callerNumber: '',
        callerName: '',
        connectedNumber: '',
        context: 'caller-sim',
        extension: '60',
      },
    },
  },
  {
    name: 'StasisEnd → call.left',
    event: () => ofType('ari-08-stasis-e2e', 'StasisEnd', channel('cap-cust-1')),
    expected: { type: 'call.left', at: at('2026-11-22T04:06:53.026'), channelId: 'cap-cust-1' },
  },
  {
    name: 'ChannelStateChange Up → call.answered',
    event: () => ofType('ari-09-originate-pjsip-answered', 'ChannelStateChange'),
    expected: { type: 'call.answered', at: at('2026-11-22T04:08:06.699'), channelId: 'cap-answered-1' },
  },
  {
    name: 'ChannelStateChange Ringing → call.ringing',
    event: () => ofType('ari-09-originate-pjsip-noanswer', 'ChannelStateChange'),
    expected: { type: 'call.ringing', at: at('2026-11-22T04:07:59.071'), channelId: 'cap-noanswer-1' },
  },
  {
    name: 'ChannelHangupRequest from REST DELETE → soft, flag 32 (not a cause)',
    event: () => ofType('ari-08-stasis-e2e', 'ChannelHangupRequest', channel('cap-cust-1')),
    expected: { type: 'call.hangup-requested', at: at('2026-11-22T04:06:53.026'), channelId: 'cap-cust-1', soft: true, softFlag: 32 },
  },
  {
    name: 'ChannelHangupRequest from a SIP 486 → cause 17 + tech cause 486',
    event: () => ofType('ari-09-originate-pjsip-486', 'ChannelHangupRequest'),
    expected: { type: 'call.hangup-requested', at: at('2026-11-22T04:07:51.037'), channelId: 'cap-486-1', soft: false, cause: 17, techCause: 486 },
  },
  {
    name: 'ChannelHangupRequest at restart → soft flag 4',
    event: () => ofType('ari-11b-restart', 'ChannelHangupRequest', channel('cap-restart-1')),
    expected: { type: 'call.hangup-requested', at: at('2026-11-22T04:11:25.482'), channelId: 'cap-restart-1', soft: true, softFlag: 4 },
  },
  {
    name: 'ChannelDestroyed after SIP 486 → call.ended 17 User busy, tech cause 486',
    event: () => ofType('ari-09-originate-pjsip-486', 'ChannelDestroyed'),
    expected: {
      type: 'call.ended',
      at: at('2026-11-22T04:07:51.037'),
      channelId: 'cap-486-1',
      cause: 17,
      causeText: 'User busy',
      techCause: 486,
      vanished: false,
    },
  },
  {
    name: 'ChannelDestroyed of a Local ;1 after the far end ended → cause 0 Unknown',
    event: () => ofType('ari-08b-hangup-sources', 'ChannelDestroyed', channel('cap-h-2')),
    expected: { type: 'call.ended', at: at('2026-11-22T04:34:33.180'), channelId: 'cap-h-2', cause: 0, causeText: 'Unknown', vanished: false },
  },
  {
    name: 'ChannelDestroyed at originate timeout → 19 with tech cause 480',
    event: () => ofType('ari-09-originate-pjsip-noanswer', 'ChannelDestroyed'),
    expected: {
      type: 'call.ended',
      at: at('2026-11-22T04:08:03.075'),
      channelId: 'cap-noanswer-1',
      cause: 19,
      causeText: 'User alerting, no answer',
      techCause: 480,
      vanished: false,
    },
  },
  {
    name: 'Dial with empty status → dial.progressed dialing (not final), about the peer',
    event: () => ofType('ari-09-originate-pjsip-486', 'Dial', (e) => e.dialstatus === ''),
    expected: { type: 'dial.progressed', at: at('2026-11-22T04:07:51.037'), channelId: 'cap-486-1', status: 'dialing', final: false, dialString: '486@failtrunk' },
  },
  {
    name: 'Dial BUSY → busy, final',
    event: () => ofType('ari-09-originate-pjsip-486', 'Dial', (e) => e.dialstatus === 'BUSY'),
    expected: { type: 'dial.progressed', at: at('2026-11-22T04:07:51.037'), channelId: 'cap-486-1', status: 'busy', final: true, dialString: '486@failtrunk' },
  },
  {
    name: 'Dial NOANSWER → no-answer, final',
    event: () => ofType('ari-09-originate-pjsip-480', 'Dial', (e) => e.dialstatus === 'NOANSWER'),
    expected: { type: 'dial.progressed', at: at('2026-11-22T04:07:53.044'), channelId: 'cap-480-1', status: 'no-answer', final: true, dialString: '480@failtrunk' },
  },
  {
    name: 'Dial RINGING → ringing, not final',
    event: () => ofType('ari-09-originate-pjsip-noanswer', 'Dial', (e) => e.dialstatus === 'RINGING'),
    expected: { type: 'dial.progressed', at: at('2026-11-22T04:07:59.071'), channelId: 'cap-noanswer-1', status: 'ringing', final: false, dialString: '180@failtrunk' },
  },
  {
    name: 'Dial ANSWER of an app originate → answered',
    event: () => ofType('ari-08-stasis-e2e', 'Dial', (e) => e.dialstatus === 'ANSWER' && peer('cap-cust-1')(e)),
    expected: { type: 'dial.progressed', at: at('2026-11-22T04:06:43.169'), channelId: 'cap-cust-1', status: 'answered', final: true, dialString: '100@customer-sim' },
  },
  {
    name: 'inner Dial of a Local ;2 (CANCEL) → cancelled, with the dialing channel',
    event: () => ofType('ari-09b-local-dial-outcomes', 'Dial', (e) => e.dialstatus === 'CANCEL'),
    expected: {
      type: 'dial.progressed',
      at: at('2026-11-22T04:40:12.207'),
      channelId: '1795322408.102',
      status: 'cancelled',
      final: true,
      dialString: '',
      callerChannelId: 'cap-lo-180;2',
    },
  },
  {
    name: 'inner Dial CONGESTION → congestion',
    event: () => ofType('ari-09b-local-dial-outcomes', 'Dial', (e) => e.dialstatus === 'CONGESTION' && peer('cap-lo-503')(e)),
    expected: { type: 'dial.progressed', at: at('2026-11-22T04:40:07.400'), channelId: 'cap-lo-503', status: 'congestion', final: true, dialString: '503@engine-outbound-test/n' },
  },
  {
    name: 'PlaybackStarted → playback.started on the channel',
    event: () => ofType('ari-08-stasis-e2e', 'PlaybackStarted'),
    expected: { type: 'playback.started', at: at('2026-11-22T04:06:43.175'), playbackId: 'cap-pb-1', media: 'sound:custom/hello', channelId: 'cap-cust-1' },
  },
  {
    name: 'PlaybackFinished done → playback.finished',
    event: () => ofType('ari-08-stasis-e2e', 'PlaybackFinished'),
    expected: { type: 'playback.finished', at: at('2026-11-22T04:06:47.349'), playbackId: 'cap-pb-1', media: 'sound:custom/hello', channelId: 'cap-cust-1' },
  },
  {
    name: 'RecordingStarted → recording.started',
    event: () => ofType('ari-08-stasis-e2e', 'RecordingStarted'),
    expected: { type: 'recording.started', at: at('2026-11-22T04:06:47.350'), name: 'cap-rec-1', format: 'wav', channelId: 'cap-cust-1' },
  },
  {
    name: 'RecordingFinished done, 3 s → recording.finished',
    event: () => ofType('ari-08-stasis-e2e', 'RecordingFinished'),
    expected: {
      type: 'recording.finished',
      at: at('2026-11-22T04:06:51.012'),
      name: 'cap-rec-1',
      format: 'wav',
      channelId: 'cap-cust-1',
      canceled: false,
      durationSec: 3,
    },
  },
  {
    name: 'ChannelEnteredBridge → bridge.joined with the members',
    event: () => ofType('ari-08-stasis-e2e', 'ChannelEnteredBridge', channel('cap-op-1')),
    expected: { type: 'bridge.joined', at: at('2026-11-22T04:06:51.021'), bridgeId: 'cap-br-1', channelId: 'cap-op-1', channelIds: ['cap-cust-1', 'cap-op-1'] },
  },
  {
    name: 'ChannelLeftBridge → bridge.left',
    event: () => ofType('ari-08-stasis-e2e', 'ChannelLeftBridge', channel('cap-cust-1')),
    expected: { type: 'bridge.left', at: at('2026-11-22T04:06:53.026'), bridgeId: 'cap-br-1', channelId: 'cap-cust-1', channelIds: ['cap-op-1'] },
  },
  {
    name: 'BridgeDestroyed → bridge.destroyed',
    event: () => ofType('ari-08-stasis-e2e', 'BridgeDestroyed'),
    expected: { type: 'bridge.destroyed', at: at('2026-11-22T04:06:53.531'), bridgeId: 'cap-br-1' },
  },
  {
    name: 'ChannelVarset → variable.set',
    event: () => ofType('ari-09b-local-dial-outcomes', 'ChannelVarset', (e) => e.variable === 'CHANLOCALSTATUS'),
    expected: { type: 'variable.set', at: at('2026-11-22T04:40:04.977'), channelId: 'cap-lo-486', name: 'CHANLOCALSTATUS', value: 'BUSY' },
  },
  {
    name: 'ApplicationReplaced → app.replaced',
    event: () => ofType('ari-11a-reconnect-replaced', 'ApplicationReplaced'),
    expected: { type: 'app.replaced', at: at('2026-11-22T04:09:53.069') },
  },
];

const synthetic = (type: string, pred: (e: AriJson) => boolean = () => true): AriJson => {
  const found = syntheticEvents().find((e) => e.type === type && pred(e));
  if (!found) throw new Error(`no synthetic ${type}`);
  return found;
};

// Shapes the captures lack (DTMF, failures, silence limits) from synthetic-events.json.
const SYNTHETIC_TABLE: readonly Row[] = [
  {
    name: 'ChannelDtmfReceived → dtmf.received',
    event: () => synthetic('ChannelDtmfReceived'),
    expected: { type: 'dtmf.received', at: at('2026-11-22T04:06:48.100'), channelId: 'cap-cust-1', digit: '1', durationMs: 120 },
  },
  {
    name: 'PlaybackContinuing → playback.continuing',
    event: () => synthetic('PlaybackContinuing'),
    expected: { type: 'playback.continuing', at: at('2026-11-22T04:06:45.000'), playbackId: 'cap-pb-1', media: 'sound:custom/yes', channelId: 'cap-cust-1' },
  },
  {
    name: 'PlaybackFinished failed → playback.failed',
    event: () => synthetic('PlaybackFinished'),
    expected: { type: 'playback.failed', at: at('2026-11-22T04:06:47.349'), playbackId: 'cap-pb-missing', media: 'sound:custom/nosuchfile', channelId: 'cap-cust-1' },
  },
  {
    name: 'RecordingFinished with a silence limit → talking/silence durations',
    event: () => synthetic('RecordingFinished', (e) => (e.recording as { name: string }).name === 'cap-rec-2'),
    expected: {
      type: 'recording.finished',
      at: at('2026-11-22T04:06:51.012'),
      name: 'cap-rec-2',
      format: 'wav',
      channelId: 'cap-cust-1',
      canceled: false,
      durationSec: 4,
      talkingDurationSec: 1,
      silenceDurationSec: 3,
    },
  },
  {
    name: 'RecordingFinished canceled → canceled: true',
    event: () => synthetic('RecordingFinished', (e) => (e.recording as { name: string }).name === 'cap-rec-3'),
    expected: { type: 'recording.finished', at: at('2026-11-22T04:06:51.012'), name: 'cap-rec-3', format: 'wav', channelId: 'cap-cust-1', canceled: true, durationSec: 3 },
  },
  {
    name: 'RecordingFailed → recording.failed with cause',
    event: () => synthetic('RecordingFailed'),
    expected: { type: 'recording.failed', at: at('2026-11-22T04:06:51.012'), name: 'cap-rec-4', format: 'wav', channelId: 'cap-cust-1', cause: 'Unable to open file' },
  },
  {
    name: 'ChannelStateChange Ring → call.state-changed ring',
    event: () => synthetic('ChannelStateChange'),
    expected: { type: 'call.state-changed', at: at('2026-11-22T04:06:43.168'), channelId: 'cap-cust-1', state: 'ring' },
  },
];

describe('ari-event-map', () => {
  describe('captured events → CallEvent (table)', () => {
    for (const row of TABLE) {
      it(row.name, () => assert.deepEqual(mapped(row.event()), row.expected));
    }
  });

  describe('synthetic shapes → CallEvent (table)', () => {
    for (const row of SYNTHETIC_TABLE) {
      it(row.name, () => assert.deepEqual(mapped(row.event()), row.expected));
    }
  });

  it('maps or deliberately ignores every event in every capture, never unknown or invalid', () => {
    const all = allCapturedEvents();
    assert.ok(all.length >= 250, `the fixtures hold the captured events (${all.length})`);
    const types = new Set<string>();
    for (const { capture, index, event } of all) {
      const result = mapAriEvent(event, RECEIVED);
      types.add(event.type);
      assert.ok(result.kind === 'event' || result.kind === 'ignored', `${capture}#${index} ${event.type} → ${result.kind}`);
      if (result.kind === 'event' && 'channelId' in result.event && event.channel !== undefined) {
        assert.equal(result.event.channelId, channelIdOfRaw(event), `${capture}#${index} keeps the channel id`);
      }
    }
    for (const type of types) {
      assert.ok(MAPPED_ARI_EVENT_TYPES.includes(type) || IGNORED_ARI_EVENT_TYPES.includes(type), `${type} is in the map's tables`);
    }
  });

  it('ignores ChannelDialplan, ChannelCallerId and ChannelConnectedLine', () => {
    for (const type of ['ChannelDialplan', 'ChannelCallerId', 'ChannelConnectedLine']) {
      assert.deepEqual(mapAriEvent(ofType('ari-08-stasis-e2e', type), RECEIVED), { kind: 'ignored', type });
    }
  });

  it('ignores a global ChannelVarset (no channel)', () => {
    assert.deepEqual(mapAriEvent(synthetic('ChannelVarset'), RECEIVED), { kind: 'ignored', type: 'ChannelVarset' });
  });

  it('reports an unknown event type as unknown, with its name', () => {
    assert.deepEqual(mapAriEvent(synthetic('SomethingFromAsterisk23'), RECEIVED), { kind: 'unknown', type: 'SomethingFromAsterisk23' });
  });

  it('reports events without the ids they need as invalid', () => {
    assert.equal(mapAriEvent(synthetic('StasisStart'), RECEIVED).kind, 'invalid');
    assert.equal(mapAriEvent(synthetic('ChannelDestroyed'), RECEIVED).kind, 'invalid');
  });

  it('never throws on hostile input', () => {
    const inputs: unknown[] = [null, undefined, 42, 'x', [], {}, { type: 42 }, { type: 'StasisStart', channel: 'x', args: 'y' }, { type: 'Dial', peer: null }];
    for (const input of [...inputs, { type: '__proto__' }, { type: 'constructor' }, { type: 'toString' }]) {
      assert.doesNotThrow(() => mapAriEvent(input, RECEIVED));
    }
    assert.equal(mapAriEvent({ type: 'constructor' }, RECEIVED).kind, 'unknown');
  });

  it('uses the receive time when the timestamp is missing or unparsable', () => {
    const e = { ...ofType('ari-08-stasis-e2e', 'StasisEnd'), timestamp: 'yesterday' };
    assert.equal(mapped(e).at, RECEIVED);
    assert.equal(parseAriTimestamp('2026-11-22T04:06:43.168+0330', 0), Date.parse('2026-11-22T00:36:43.168Z'));
  });
});
