import type { WorldEvent } from '../core/world-events';
import type { AriEventType } from '../ari-docs';
import { bridgeJson, channelJson, contactJson, endpointJson, liveRecordingJson, playbackJson } from './ari-models';
import { ariTimestamp } from './ari-timestamp';

type Fields = Record<string, unknown>;

interface Rendered {
  readonly type: AriEventType;
  /** Keys Asterisk puts before `type` (ChannelVarset, ChannelHangupRequest). */
  readonly head?: Fields;
  readonly body: Fields;
}

const SIMPLE_CHANNEL_EVENTS: Partial<Record<WorldEvent['type'], AriEventType>> = {
  'channel.created': 'ChannelCreated',
  'channel.state-changed': 'ChannelStateChange',
  'channel.connected-line': 'ChannelConnectedLine',
  'channel.unhold': 'ChannelUnhold',
};

const PLAYBACK_EVENTS: Partial<Record<WorldEvent['type'], AriEventType>> = {
  'playback.started': 'PlaybackStarted',
  'playback.continuing': 'PlaybackContinuing',
  'playback.finished': 'PlaybackFinished',
  'recording.started': 'RecordingStarted',
  'recording.finished': 'RecordingFinished',
  'recording.failed': 'RecordingFailed',
  'bridge.created': 'BridgeCreated',
  'bridge.destroyed': 'BridgeDestroyed',
  'bridge.entered': 'ChannelEnteredBridge',
  'bridge.left': 'ChannelLeftBridge',
};

/**
 * One world event as the ARI JSON frame application `app` receives, or undefined when ARI has no
 * such event (system events). Keys come in Asterisk's order; `asterisk_id` and `application`
 * close every frame (captures/ari-*).
 */
export function renderAriEvent(event: WorldEvent, app: string, asteriskId: string): Fields | undefined {
  const rendered = render(event);
  if (!rendered) return undefined;
  return { ...rendered.head, type: rendered.type, timestamp: ariTimestamp(event.at), ...rendered.body, asterisk_id: asteriskId, application: app };
}

/**
 * The frame application `app` receives for `event`, or undefined when it receives none: the app
 * must be in the event's audience, and StasisStart/StasisEnd go only to the app concerned.
 */
export function frameForApp(event: WorldEvent, app: string, asteriskId: string): Fields | undefined {
  if (!event.audience.includes(app)) return undefined;
  if ((event.type === 'stasis.started' || event.type === 'stasis.ended') && event.app !== app) return undefined;
  return renderAriEvent(event, app, asteriskId);
}

/** ApplicationReplaced, sent to the socket that lost `app` (its keys end `application, asterisk_id`). */
export function applicationReplaced(app: string, asteriskId: string, at: number): Fields {
  return { type: 'ApplicationReplaced', timestamp: ariTimestamp(at), application: app, asterisk_id: asteriskId };
}

function render(event: WorldEvent): Rendered | undefined {
  const simple = SIMPLE_CHANNEL_EVENTS[event.type];
  if (simple && 'channel' in event) return { type: simple, body: { channel: channelJson(event.channel) } };
  const media = PLAYBACK_EVENTS[event.type];
  if (media) return { type: media, body: mediaBody(event) };
  return renderSpecial(event);
}

function mediaBody(event: WorldEvent): Fields {
  if ('playback' in event) return { playback: playbackJson(event.playback) };
  if ('recording' in event) return { recording: liveRecordingJson(event.recording) };
  if ('bridge' in event) return { bridge: bridgeJson(event.bridge), ...('channel' in event ? { channel: channelJson(event.channel) } : {}) };
  return {};
}

function renderSpecial(event: WorldEvent): Rendered | undefined {
  switch (event.type) {
    case 'channel.varset':
      return { type: 'ChannelVarset', head: { variable: event.variable, value: event.value }, body: { channel: channelJson(event.channel) } };
    case 'channel.hangup-requested': {
      const head: Fields = { cause: event.cause, ...(event.techCause ? { tech_cause: event.techCause } : {}), ...(event.soft ? { soft: true } : {}) };
      return { type: 'ChannelHangupRequest', head, body: { channel: channelJson(event.channel) } };
    }
    case 'channel.destroyed':
      return {
        type: 'ChannelDestroyed',
        body: { cause: event.cause, cause_txt: event.causeText, ...(event.techCause ? { tech_cause: event.techCause } : {}), channel: channelJson(event.channel) },
      };
    case 'channel.dialplan':
      return { type: 'ChannelDialplan', body: { dialplan_app: event.app, dialplan_app_data: event.appData, channel: channelJson(event.channel) } };
    case 'channel.callerid':
      return {
        type: 'ChannelCallerId',
        body: { caller_presentation: event.presentation, caller_presentation_txt: event.presentationText, channel: channelJson(event.channel) },
      };
    case 'channel.dtmf':
      return { type: 'ChannelDtmfReceived', body: { digit: event.digit, duration_ms: event.durationMs, channel: channelJson(event.channel) } };
    case 'channel.hold':
      return { type: 'ChannelHold', body: { channel: channelJson(event.channel), ...(event.musicClass ? { musicclass: event.musicClass } : {}) } };
    default:
      return renderOther(event);
  }
}

function renderOther(event: WorldEvent): Rendered | undefined {
  switch (event.type) {
    case 'dial':
      return {
        type: 'Dial',
        body: {
          dialstatus: event.dialstatus,
          forward: event.forward,
          dialstring: event.dialstring,
          ...(event.caller ? { caller: channelJson(event.caller) } : {}),
          peer: channelJson(event.peer),
        },
      };
    case 'stasis.started':
      return { type: 'StasisStart', body: { args: [...event.args], channel: channelJson(event.channel) } };
    case 'stasis.ended':
      return { type: 'StasisEnd', body: { channel: channelJson(event.channel) } };
    case 'endpoint.state-changed':
      return { type: 'EndpointStateChange', body: { endpoint: endpointJson(event.endpoint) } };
    case 'contact.status-changed':
      return { type: 'ContactStatusChange', body: { endpoint: endpointJson(event.endpoint), contact_info: contactJson(event.contact) } };
    case 'peer.status-changed':
      return { type: 'PeerStatusChange', body: { endpoint: endpointJson(event.endpoint), peer: { peer_status: event.peerStatus } } };
    default:
      return undefined;
  }
}
