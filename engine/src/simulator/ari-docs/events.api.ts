import { api, declaration, model, operation, prop, query } from './swagger-builders';
import type { SwaggerModel, SwaggerModelProperty } from './swagger-types';

/** Every event type the simulator sends; ari-client looks each frame's `type` up among these models. */
export const EVENT_TYPES = [
  'StasisStart', 'StasisEnd', 'ChannelCreated', 'ChannelDestroyed', 'ChannelStateChange', 'ChannelDialplan',
  'ChannelCallerId', 'ChannelConnectedLine', 'ChannelHangupRequest', 'ChannelVarset', 'ChannelDtmfReceived',
  'ChannelHold', 'ChannelUnhold', 'Dial', 'PlaybackStarted', 'PlaybackContinuing', 'PlaybackFinished',
  'RecordingStarted', 'RecordingFinished', 'RecordingFailed', 'ChannelEnteredBridge', 'ChannelLeftBridge',
  'BridgeCreated', 'BridgeDestroyed', 'ApplicationReplaced', 'EndpointStateChange', 'ContactStatusChange',
  'PeerStatusChange',
] as const;

export type AriEventType = (typeof EVENT_TYPES)[number];

const channel = (required = true): SwaggerModelProperty => prop('Channel', required);

function event(id: string, description: string, properties: Record<string, SwaggerModelProperty>): SwaggerModel {
  return model(id, description, properties);
}

const EVENT_MODELS: Record<string, SwaggerModel> = {
  Message: { ...model('Message', 'Base type for errors and events', { type: prop('string', true, 'Indicates the type of this message.'), asterisk_id: prop('string', false, 'The unique ID for the Asterisk instance that raised this event.') }), discriminator: 'type', subTypes: ['Event'] },
  Event: { ...model('Event', 'Base type for asynchronous events from Asterisk.', { application: prop('string', true, 'Name of the application receiving the event.'), timestamp: prop('Date', true, 'Time at which this event was created.') }), subTypes: [...EVENT_TYPES] },
  ContactInfo: model('ContactInfo', 'Detailed information about a contact on an endpoint.', {
    uri: prop('string', true, 'The location of the contact.'),
    contact_status: { type: 'string', required: true, description: 'The current status of the contact.', allowableValues: { valueType: 'LIST', values: ['Unreachable', 'Reachable', 'Unknown', 'NonQualified', 'Removed'] } },
    aor: prop('string', true, 'The Address of Record this contact belongs to.'),
    roundtrip_usec: prop('string', false, 'Current round trip time, in microseconds, for the contact.'),
  }),
  Peer: model('Peer', 'Detailed information about a remote peer that communicates with Asterisk.', { peer_status: prop('string', true, 'The current state of the peer.') }),
  StasisStart: event('StasisStart', 'Notification that a channel has entered a Stasis application.', { args: prop('List[string]', true, 'Arguments to the application'), channel: channel(), replace_channel: channel(false) }),
  StasisEnd: event('StasisEnd', 'Notification that a channel has left a Stasis application.', { channel: channel() }),
  ChannelCreated: event('ChannelCreated', 'Notification that a channel has been created.', { channel: channel() }),
  ChannelDestroyed: event('ChannelDestroyed', 'Notification that a channel has been destroyed.', {
    cause: prop('int', true, 'Integer representation of the cause of the hangup'),
    cause_txt: prop('string', true, 'Text representation of the cause of the hangup'),
    tech_cause: prop('int', false, 'Integer representation of the technology-specific off-nominal cause of the hangup.'),
    channel: channel(),
  }),
  ChannelStateChange: event('ChannelStateChange', 'Notification of a channel\'s state change.', { channel: channel() }),
  ChannelDialplan: event('ChannelDialplan', 'Channel changed location in the dialplan.', {
    channel: channel(),
    dialplan_app: prop('string', true, 'The application about to be executed.'),
    dialplan_app_data: prop('string', true, 'The data to be passed to the application.'),
  }),
  ChannelCallerId: event('ChannelCallerId', 'Channel changed Caller ID.', {
    caller_presentation: prop('int', true, 'The integer representation of the Caller Presentation value.'),
    caller_presentation_txt: prop('string', true, 'The text representation of the Caller Presentation value.'),
    channel: channel(),
  }),
  ChannelConnectedLine: event('ChannelConnectedLine', 'Channel changed Connected Line.', { channel: channel() }),
  ChannelHangupRequest: event('ChannelHangupRequest', 'A hangup was requested on the channel.', {
    cause: prop('int', false, 'Integer representation of the cause of the hangup.'),
    tech_cause: prop('int', false, 'Integer representation of the technology-specific off-nominal cause of the hangup.'),
    soft: prop('boolean', false, 'Whether the hangup request was a soft hangup request.'),
    channel: channel(),
  }),
  ChannelVarset: event('ChannelVarset', 'Channel variable changed.', {
    variable: prop('string', true, 'The variable that changed.'),
    value: prop('string', true, 'The new value of the variable.'),
    channel: channel(false),
  }),
  ChannelDtmfReceived: event('ChannelDtmfReceived', 'DTMF received on a channel.', {
    digit: prop('string', true, 'DTMF digit received (0-9, A-E, # or *)'),
    duration_ms: prop('int', true, 'Number of milliseconds DTMF was received'),
    channel: channel(),
  }),
  ChannelHold: event('ChannelHold', 'A channel initiated a media hold.', { channel: channel(), musicclass: prop('string', false, 'The music on hold class that the initiator requested.') }),
  ChannelUnhold: event('ChannelUnhold', 'A channel initiated a media unhold.', { channel: channel() }),
  Dial: event('Dial', 'Dialing state has changed.', {
    caller: channel(false),
    peer: channel(),
    forward: prop('string', false, 'Forwarding target requested by the original dialed channel.'),
    dialstring: prop('string', false, 'The dial string for calling the peer channel.'),
    dialstatus: prop('string', true, 'Current status of the dialing attempt to the peer.'),
  }),
  PlaybackStarted: event('PlaybackStarted', 'Event showing the start of a media playback operation.', { playback: prop('Playback', true) }),
  PlaybackContinuing: event('PlaybackContinuing', 'Event showing the continuation of a media playback operation from one media URI to the next in the list.', { playback: prop('Playback', true) }),
  PlaybackFinished: event('PlaybackFinished', 'Event showing the completion of a media playback operation.', { playback: prop('Playback', true) }),
  RecordingStarted: event('RecordingStarted', 'Event showing the start of a recording operation.', { recording: prop('LiveRecording', true) }),
  RecordingFinished: event('RecordingFinished', 'Event showing the completion of a recording operation.', { recording: prop('LiveRecording', true) }),
  RecordingFailed: event('RecordingFailed', 'Event showing failure of a recording operation.', { recording: prop('LiveRecording', true) }),
  ChannelEnteredBridge: event('ChannelEnteredBridge', 'Notification that a channel has entered a bridge.', { bridge: prop('Bridge', true), channel: channel(false) }),
  ChannelLeftBridge: event('ChannelLeftBridge', 'Notification that a channel has left a bridge.', { bridge: prop('Bridge', true), channel: channel() }),
  BridgeCreated: event('BridgeCreated', 'Notification that a bridge has been created.', { bridge: prop('Bridge', true) }),
  BridgeDestroyed: event('BridgeDestroyed', 'Notification that a bridge has been destroyed.', { bridge: prop('Bridge', true) }),
  ApplicationReplaced: event('ApplicationReplaced', 'Notification that another WebSocket has taken over for an application.', {}),
  EndpointStateChange: event('EndpointStateChange', 'Endpoint state changed.', { endpoint: prop('Endpoint', true) }),
  ContactStatusChange: event('ContactStatusChange', 'The state of a contact on an endpoint has changed.', { endpoint: prop('Endpoint', true), contact_info: prop('ContactInfo', true) }),
  PeerStatusChange: event('PeerStatusChange', 'The state of a peer associated with an endpoint has changed.', { endpoint: prop('Endpoint', true), peer: prop('Peer', true) }),
};

/** events.json: the WebSocket and the event models. */
export const EVENTS_API = declaration(
  'events',
  [
    api(
      '/events',
      'Events from Asterisk to applications',
      {
        ...operation({
          method: 'GET',
          nickname: 'eventWebsocket',
          responseClass: 'Message',
          summary: 'WebSocket connection for events.',
          parameters: [
            query('app', 'string', 'Applications to subscribe to.', { required: true, allowMultiple: true }),
            query('subscribeAll', 'boolean', 'Subscribe to all Asterisk events. Default is \'false\'.'),
          ],
        }),
        upgrade: 'websocket',
        websocketProtocol: 'ari',
      },
    ),
  ],
  EVENT_MODELS,
  '1.2',
);
