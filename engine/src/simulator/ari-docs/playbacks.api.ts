import { api, declaration, errors, list, model, operation, path, prop, query } from './swagger-builders';

const playbackId = path('playbackId', 'Playback\'s id');
const NOT_FOUND = errors([404, 'The playback cannot be found']);

/** playbacks.json: stop and control a playback. */
export const PLAYBACKS_API = declaration(
  'playbacks',
  [
    api(
      '/playbacks/{playbackId}',
      'Control object for a playback operation.',
      operation({ method: 'GET', nickname: 'get', responseClass: 'Playback', summary: 'Get a playback\'s details.', parameters: [playbackId], errorResponses: NOT_FOUND }),
      operation({ method: 'DELETE', nickname: 'stop', responseClass: 'void', summary: 'Stop a playback.', parameters: [playbackId], errorResponses: NOT_FOUND }),
    ),
    api(
      '/playbacks/{playbackId}/control',
      'Control object for a playback operation.',
      operation({
        method: 'POST',
        nickname: 'control',
        responseClass: 'void',
        summary: 'Control a playback.',
        parameters: [playbackId, query('operation', 'string', 'Operation to perform on the playback.', { required: true, allowableValues: list('restart', 'pause', 'unpause', 'reverse', 'forward') })],
        errorResponses: errors([400, 'The provided operation parameter was invalid'], [404, 'The playback cannot be found'], [409, 'The operation cannot be performed in the playback\'s current state']),
      }),
    ),
  ],
  {
    Playback: model('Playback', 'Object representing the playback of media to a channel', {
      id: prop('string', true, 'ID for this playback operation'),
      media_uri: prop('string', true, 'The URI for the media currently being played back.'),
      next_media_uri: prop('string', false, 'If a list of URIs is being played, the next media URI to be played back.'),
      target_uri: prop('string', true, 'URI for the channel or bridge to play the media on'),
      language: prop('string', false, 'For media types that support multiple languages, the language requested for playback.'),
      state: { type: 'string', required: true, description: 'Current state of the playback operation.', allowableValues: list('queued', 'playing', 'continuing', 'done', 'failed') },
    }),
  },
);
