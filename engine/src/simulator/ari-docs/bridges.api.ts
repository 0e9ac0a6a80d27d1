import { api, body, declaration, errors, minimum, model, operation, path, prop, query } from './swagger-builders';
import type { SwaggerParameter } from './swagger-types';

const bridgeId = path('bridgeId', 'Bridge\'s id');

function createParams(idInPath: boolean): SwaggerParameter[] {
  return [
    query('type', 'string', 'Comma separated list of bridge type attributes (mixing, holding, dtmf_events, proxy_media, video_sfu, video_single, sdp_label).'),
    idInPath ? path('bridgeId', 'Unique ID to give to the bridge being created.') : query('bridgeId', 'string', 'Unique ID to give to the bridge being created.'),
    query('name', 'string', 'Name to give to the bridge being created.'),
    body('variables', 'The "variables" key in the body object holds variable key/value pairs to set on the bridge on creation.'),
  ];
}

function playParams(): SwaggerParameter[] {
  return [
    bridgeId,
    query('media', 'string', 'Media URIs to play, comma separated.', { required: true, allowMultiple: true }),
    query('announcer_format', 'string', 'Format of the \'Anouncer\' channel attached to the bridge.'),
    query('lang', 'string', 'For sounds, selects language for sound.'),
    query('offsetms', 'int', 'Number of milliseconds to skip before playing.', { defaultValue: 0, allowableValues: minimum(0) }),
    query('skipms', 'int', 'Number of milliseconds to skip for forward/reverse operations.', { defaultValue: 3000, allowableValues: minimum(0) }),
  ];
}

const PLAY_ERRORS = errors([404, 'Bridge not found'], [409, 'Bridge not in a Stasis application'], [422, 'The format specified is unknown on this system']);
const CREATE_ERRORS = errors([409, 'Bridge with the same bridgeId already exists']);

/** bridges.json: mixing bridges for customer ↔ operator. */
export const BRIDGES_API = declaration(
  'bridges',
  [
    api(
      '/bridges',
      'Active bridges',
      operation({ method: 'GET', nickname: 'list', responseClass: 'List[Bridge]', summary: 'List all active bridges in Asterisk.' }),
      operation({ method: 'POST', nickname: 'create', responseClass: 'Bridge', summary: 'Create a new bridge.', parameters: createParams(false), errorResponses: CREATE_ERRORS }),
    ),
    api(
      '/bridges/{bridgeId}',
      'Individual bridge',
      operation({ method: 'POST', nickname: 'createWithId', responseClass: 'Bridge', since: '12.2.0', summary: 'Create a new bridge or updates an existing one.', parameters: createParams(true), errorResponses: CREATE_ERRORS }),
      operation({ method: 'GET', nickname: 'get', responseClass: 'Bridge', summary: 'Get bridge details.', parameters: [bridgeId], errorResponses: errors([404, 'Bridge not found']) }),
      operation({ method: 'DELETE', nickname: 'destroy', responseClass: 'void', summary: 'Shut down a bridge.', parameters: [bridgeId], errorResponses: errors([404, 'Bridge not found']) }),
    ),
    api(
      '/bridges/{bridgeId}/addChannel',
      'Add a channel to a bridge',
      operation({
        method: 'POST',
        nickname: 'addChannel',
        responseClass: 'void',
        summary: 'Add a channel to a bridge.',
        parameters: [
          bridgeId,
          query('channel', 'string', 'Ids of channels to add to bridge', { required: true, allowMultiple: true }),
          query('role', 'string', 'Channel\'s role in the bridge'),
          query('absorbDTMF', 'boolean', 'Absorb DTMF coming from this channel, preventing it to pass through to the bridge', { defaultValue: false }),
          query('mute', 'boolean', 'Mute audio from this channel, preventing it to pass through to the bridge', { defaultValue: false }),
          query('inhibitConnectedLineUpdates', 'boolean', 'Do not present the identity of the newly connected channel to other bridge members', { defaultValue: false }),
        ],
        errorResponses: errors([400, 'Channel not found'], [404, 'Bridge not found'], [409, 'Bridge not in Stasis application; Channel currently recording'], [422, 'Channel not in Stasis application']),
      }),
    ),
    api(
      '/bridges/{bridgeId}/removeChannel',
      'Remove a channel from a bridge',
      operation({
        method: 'POST',
        nickname: 'removeChannel',
        responseClass: 'void',
        summary: 'Remove a channel from a bridge.',
        parameters: [bridgeId, query('channel', 'string', 'Ids of channels to remove from bridge', { required: true, allowMultiple: true })],
        errorResponses: errors([400, 'Channel not found'], [404, 'Bridge not found'], [409, 'Bridge not in Stasis application'], [422, 'Channel not in this bridge']),
      }),
    ),
    api(
      '/bridges/{bridgeId}/moh',
      'Play music on hold to a bridge',
      operation({ method: 'POST', nickname: 'startMoh', responseClass: 'void', summary: 'Play music on hold to a bridge.', parameters: [bridgeId, query('mohClass', 'string', 'Channel\'s id')], errorResponses: errors([404, 'Bridge not found'], [409, 'Bridge not in Stasis application']) }),
      operation({ method: 'DELETE', nickname: 'stopMoh', responseClass: 'void', summary: 'Stop playing music on hold to a bridge.', parameters: [bridgeId], errorResponses: errors([404, 'Bridge not found'], [409, 'Bridge not in Stasis application']) }),
    ),
    api(
      '/bridges/{bridgeId}/play',
      'Play media to the participants of a bridge',
      operation({ method: 'POST', nickname: 'play', responseClass: 'Playback', summary: 'Start playback of media on a bridge.', parameters: [...playParams(), query('playbackId', 'string', 'Playback Id.')], errorResponses: PLAY_ERRORS }),
    ),
    api(
      '/bridges/{bridgeId}/play/{playbackId}',
      'Play media to a bridge',
      operation({
        method: 'POST',
        nickname: 'playWithId',
        responseClass: 'Playback',
        since: '12.3.0',
        summary: 'Start playback of media on a bridge and specify the playbackId.',
        parameters: [bridgeId, path('playbackId', 'Playback ID.'), ...playParams().slice(1)],
        errorResponses: PLAY_ERRORS,
      }),
    ),
  ],
  {
    Bridge: model('Bridge', 'The merging of media from one or more channels.', {
      id: prop('string', true, 'Unique identifier for this bridge'),
      technology: prop('string', true, 'Name of the current bridging technology'),
      bridge_type: { type: 'string', required: true, description: 'Type of bridge technology', allowableValues: { valueType: 'LIST', values: ['mixing', 'holding'] } },
      bridge_class: prop('string', true, 'Bridging class'),
      creator: prop('string', true, 'Entity that created the bridge'),
      name: prop('string', true, 'Name the creator gave the bridge'),
      channels: prop('List[string]', true, 'Ids of channels participating in this bridge'),
      video_mode: prop('string', false, 'The video mode the bridge is using.'),
      creationtime: prop('Date', true, 'Timestamp when bridge was created'),
    }),
  },
);
