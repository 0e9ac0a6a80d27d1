import { api, errors, list, minimum, operation, path, query } from './swagger-builders';
import type { SwaggerApi, SwaggerOperation } from './swagger-types';

const channelId = path('channelId', 'Channel\'s id');
const CONTROL_ERRORS = errors([404, 'Channel not found'], [409, 'Channel not in a Stasis application'], [412, 'Channel in invalid state']);

function control(method: SwaggerOperation['httpMethod'], nickname: string, summary: string, extra: SwaggerOperation['parameters'] = []): SwaggerOperation {
  return operation({ method, nickname, responseClass: 'void', summary, parameters: [channelId, ...(extra ?? [])], errorResponses: CONTROL_ERRORS });
}

const playParams = [
  query('media', 'string', 'Media URIs to play (sound:, recording:, number:, digits:, characters:, tone:), comma separated.', { required: true, allowMultiple: true }),
  query('lang', 'string', 'For sounds, selects language for sound.'),
  query('offsetms', 'int', 'Number of milliseconds to skip before playing. Only applies to the first URI if multiple media URIs are specified.'),
  query('skipms', 'int', 'Number of milliseconds to skip for forward/reverse operations.', { defaultValue: 3000 }),
];

/** channels.json: call control, media and variables on one channel. */
export const CHANNEL_CONTROL_APIS: SwaggerApi[] = [
  api(
    '/channels/{channelId}/continue',
    'Exit application; continue execution in the dialplan',
    control('POST', 'continueInDialplan', 'Exit application; continue execution in the dialplan.', [
      query('context', 'string', 'The context to continue to.'),
      query('extension', 'string', 'The extension to continue to.'),
      query('priority', 'int', 'The priority to continue to.'),
      query('label', 'string', 'The label to continue to - will supersede \'priority\' if both are provided.'),
    ]),
  ),
  api('/channels/{channelId}/answer', 'Answer a channel', control('POST', 'answer', 'Answer a channel.')),
  api(
    '/channels/{channelId}/ring',
    'Send a ringing indication to a channel',
    control('POST', 'ring', 'Indicate ringing to a channel.'),
    control('DELETE', 'ringStop', 'Stop ringing indication on a channel if locally generated.'),
  ),
  api('/channels/{channelId}/progress', 'Send a progress indication to a channel', { ...control('POST', 'progress', 'Indicate progress to a channel.'), since: ['22.6.0', '21.11.0', '20.16.0'] }),
  api(
    '/channels/{channelId}/hold',
    'Put a channel on hold',
    control('POST', 'hold', 'Hold a channel.'),
    control('DELETE', 'unhold', 'Remove a channel from hold.'),
  ),
  api(
    '/channels/{channelId}/moh',
    'Play music on hold to a channel',
    control('POST', 'startMoh', 'Play music on hold to a channel.', [query('mohClass', 'string', 'Music on hold class to use')]),
    control('DELETE', 'stopMoh', 'Stop playing music on hold to a channel.'),
  ),
  api(
    '/channels/{channelId}/silence',
    'Play silence to a channel',
    control('POST', 'startSilence', 'Play silence to a channel.'),
    control('DELETE', 'stopSilence', 'Stop playing silence to a channel.'),
  ),
  api(
    '/channels/{channelId}/play',
    'Play media to a channel',
    operation({
      method: 'POST',
      nickname: 'play',
      responseClass: 'Playback',
      summary: 'Start playback of media.',
      parameters: [channelId, ...playParams, query('playbackId', 'string', 'Playback ID.')],
      errorResponses: CONTROL_ERRORS,
    }),
  ),
  api(
    '/channels/{channelId}/play/{playbackId}',
    'Play media to a channel',
    operation({
      method: 'POST',
      nickname: 'playWithId',
      responseClass: 'Playback',
      since: '12.2.0',
      summary: 'Start playback of media and specify the playbackId.',
      parameters: [channelId, path('playbackId', 'Playback ID.'), ...playParams],
      errorResponses: CONTROL_ERRORS,
    }),
  ),
  api(
    '/channels/{channelId}/record',
    'Record audio from a channel',
    operation({
      method: 'POST',
      nickname: 'record',
      responseClass: 'LiveRecording',
      summary: 'Start a recording.',
      parameters: [
        channelId,
        query('name', 'string', 'Recording\'s filename', { required: true }),
        query('format', 'string', 'Format to encode audio in', { required: true }),
        query('maxDurationSeconds', 'int', 'Maximum duration of the recording, in seconds. 0 for no limit', { defaultValue: 0, allowableValues: minimum(0) }),
        query('maxSilenceSeconds', 'int', 'Maximum duration of silence, in seconds. 0 for no limit', { defaultValue: 0, allowableValues: minimum(0) }),
        query('ifExists', 'string', 'Action to take if a recording with the same name already exists.', { defaultValue: 'fail', allowableValues: list('fail', 'overwrite', 'append') }),
        query('beep', 'boolean', 'Play beep when recording begins', { defaultValue: false }),
        query('terminateOn', 'string', 'DTMF input to terminate recording', { defaultValue: 'none', allowableValues: list('none', 'any', '*', '#') }),
      ],
      errorResponses: errors([400, 'Invalid parameters'], [404, 'Channel not found'], [409, 'Channel is not in a Stasis application; the channel is currently bridged with other channels; A recording with the same name already exists on the system and can not be overwritten because it is in progress or ifExists=fail'], [422, 'The format specified is unknown on this system']),
    }),
  ),
  api(
    '/channels/{channelId}/variable',
    'Variables on a channel',
    operation({
      method: 'GET',
      nickname: 'getChannelVar',
      responseClass: 'Variable',
      summary: 'Get the value of a channel variable or function.',
      parameters: [channelId, query('variable', 'string', 'The channel variable or function to get', { required: true })],
      errorResponses: errors([400, 'Missing variable parameter.'], [404, 'Channel or variable not found'], [409, 'Channel not in a Stasis application']),
    }),
    operation({
      method: 'POST',
      nickname: 'setChannelVar',
      responseClass: 'void',
      summary: 'Set the value of a channel variable or function.',
      parameters: [
        channelId,
        query('variable', 'string', 'The channel variable or function to set', { required: true }),
        query('value', 'string', 'The value to set the variable to'),
        query('report_events', 'boolean', 'Whether to send ChannelVarset events to all interested parties.', { defaultValue: false }),
      ],
      errorResponses: errors([400, 'Missing variable parameter.'], [404, 'Channel not found'], [409, 'Channel not in a Stasis application']),
    }),
  ),
  api(
    '/channels/{channelId}/dial',
    'Dial a channel',
    operation({
      method: 'POST',
      nickname: 'dial',
      responseClass: 'void',
      since: '14.0.0',
      summary: 'Dial a created channel.',
      parameters: [
        channelId,
        query('caller', 'string', 'Channel ID of caller'),
        query('timeout', 'int', 'Dial timeout', { defaultValue: 0, allowableValues: minimum(0) }),
      ],
      errorResponses: errors([404, 'Channel cannot be found.'], [409, 'Channel cannot be dialed.']),
    }),
  ),
];
