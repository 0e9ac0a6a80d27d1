import { api, declaration, errors, list, model, operation, path, prop } from './swagger-builders';

const recordingName = path('recordingName', 'The name of the recording');
const NOT_FOUND = errors([404, 'Recording not found']);

/** recordings.json: live recordings (stop, cancel) and stored ones (get, file, delete). */
export const RECORDINGS_API = declaration(
  'recordings',
  [
    api('/recordings/stored', 'Recordings', operation({ method: 'GET', nickname: 'listStored', responseClass: 'List[StoredRecording]', summary: 'List recordings that are complete.' })),
    api(
      '/recordings/stored/{recordingName}',
      'Individual recording',
      operation({ method: 'GET', nickname: 'getStored', responseClass: 'StoredRecording', summary: 'Get a stored recording\'s details.', parameters: [recordingName], errorResponses: NOT_FOUND }),
      operation({ method: 'DELETE', nickname: 'deleteStored', responseClass: 'void', summary: 'Delete a stored recording.', parameters: [recordingName], errorResponses: NOT_FOUND }),
    ),
    api(
      '/recordings/stored/{recordingName}/file',
      'The actual file associated with the stored recording',
      operation({
        method: 'GET',
        nickname: 'getStoredFile',
        responseClass: 'binary',
        since: '14.0.0',
        summary: 'Get the file associated with the stored recording.',
        parameters: [recordingName],
        errorResponses: errors([403, 'The recording file could not be opened'], [404, 'Recording not found']),
      }),
    ),
    api(
      '/recordings/live/{recordingName}',
      'A recording that is in progress',
      operation({ method: 'GET', nickname: 'getLive', responseClass: 'LiveRecording', summary: 'List live recordings.', parameters: [recordingName], errorResponses: NOT_FOUND }),
      operation({ method: 'DELETE', nickname: 'cancel', responseClass: 'void', summary: 'Stop a live recording and discard it.', parameters: [recordingName], errorResponses: NOT_FOUND }),
    ),
    api(
      '/recordings/live/{recordingName}/stop',
      'Stop a live recording and store it',
      operation({ method: 'POST', nickname: 'stop', responseClass: 'void', summary: 'Stop a live recording and store it.', parameters: [recordingName], errorResponses: NOT_FOUND }),
    ),
  ],
  {
    StoredRecording: model('StoredRecording', 'A past recording that may be played back.', {
      name: prop('string', true),
      format: prop('string', true),
    }),
    LiveRecording: model('LiveRecording', 'A recording that is in progress', {
      name: prop('string', true, 'Base name for the recording'),
      format: prop('string', true, 'Recording format (wav, gsm, etc.)'),
      target_uri: prop('string', true, 'URI for the channel or bridge being recorded'),
      state: { type: 'string', required: true, allowableValues: list('queued', 'recording', 'paused', 'done', 'failed', 'canceled') },
      duration: prop('int', false, 'Duration in seconds of the recording'),
      talking_duration: prop('int', false, 'Duration of talking, in seconds, detected in the recording. This is only available if the recording was initiated with a non-zero maxSilenceSeconds.'),
      silence_duration: prop('int', false, 'Duration of silence, in seconds, detected in the recording. This is only available if the recording was initiated with a non-zero maxSilenceSeconds.'),
      cause: prop('string', false, 'Cause for recording failure if failed'),
    }),
  },
);
