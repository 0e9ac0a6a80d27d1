import { CHANNEL_CONTROL_APIS } from './channel-control.api';
import { CHANNEL_MODELS } from './channel-models';
import { api, body, declaration, errors, list, operation, path, query } from './swagger-builders';
import type { SwaggerParameter } from './swagger-types';

const HANGUP_REASONS = list(
  'normal', 'busy', 'congestion', 'no_answer', 'timeout', 'rejected', 'unallocated', 'normal_unspecified',
  'number_incomplete', 'codec_mismatch', 'interworking', 'failure', 'answered_elsewhere',
);

const channelId = path('channelId', 'Channel\'s id');

function originateParams(withChannelId: boolean): SwaggerParameter[] {
  return [
    query('endpoint', 'string', 'Endpoint to call (PJSIP/<number>@<trunk>, PJSIP/<endpoint>, Local/<exten>@<context>[/n]).', { required: true }),
    query('extension', 'string', 'The extension to dial after the endpoint answers. Mutually exclusive with \'app\'.'),
    query('context', 'string', 'The context to dial after the endpoint answers.'),
    query('priority', 'long', 'The priority to dial after the endpoint answers.'),
    query('label', 'string', 'The label to dial after the endpoint answers.'),
    query('app', 'string', 'The application that is subscribed to the originated channel and entered when it answers.'),
    query('appArgs', 'string', 'The application arguments to pass to the Stasis application (comma separated).'),
    query('callerId', 'string', 'CallerID to use when dialing the endpoint or extension.'),
    query('timeout', 'int', 'Timeout (in seconds) before giving up dialing, or -1 for no timeout.', { defaultValue: 30 }),
    body('variables', 'The "variables" key in the body object holds variable key/value pairs to set on the channel on creation.'),
    ...(withChannelId ? [query('channelId', 'string', 'The unique id to assign the channel on creation.')] : []),
    query('otherChannelId', 'string', 'The unique id to assign the second channel when using local channels.'),
    query('originator', 'string', 'The unique id of the channel which is originating this one.'),
    query('formats', 'string', 'The format name capability list to use if originator is not specified.'),
  ];
}

const ORIGINATE_ERRORS = errors([400, 'Invalid parameters for originating a channel.'], [409, 'Channel with given unique ID already exists.']);

/** channels.json: originate, lookups, hangup, answer, continue; media and variables in channel-control.api.ts. */
export const CHANNELS_API = declaration(
  'channels',
  [
    api(
      '/channels',
      'Active channels',
      operation({ method: 'GET', nickname: 'list', responseClass: 'List[Channel]', summary: 'List all active channels in Asterisk.' }),
      operation({ method: 'POST', nickname: 'originate', responseClass: 'Channel', summary: 'Create a new channel (originate).', parameters: originateParams(true), errorResponses: ORIGINATE_ERRORS }),
    ),
    api(
      '/channels/create',
      'Create a channel and place it in a Stasis app, but do not dial the channel yet.',
      operation({
        method: 'POST',
        nickname: 'create',
        responseClass: 'Channel',
        since: '14.0.0',
        summary: 'Create channel.',
        parameters: [
          query('endpoint', 'string', 'Endpoint for channel communication', { required: true }),
          query('app', 'string', 'Stasis Application to place channel into', { required: true }),
          query('appArgs', 'string', 'The application arguments to pass to the Stasis application provided by \'app\'.'),
          query('channelId', 'string', 'The unique id to assign the channel on creation.'),
          query('otherChannelId', 'string', 'The unique id to assign the second channel when using local channels.'),
          query('originator', 'string', 'Unique ID of the calling channel'),
          query('formats', 'string', 'The format name capability list to use if originator is not specified.'),
          body('variables', 'The "variables" key in the body object holds variable key/value pairs to set on the channel on creation.'),
        ],
        errorResponses: errors([409, 'Channel with given unique ID already exists.']),
      }),
    ),
    api(
      '/channels/{channelId}',
      'Active channel',
      operation({ method: 'GET', nickname: 'get', responseClass: 'Channel', summary: 'Channel details.', parameters: [channelId], errorResponses: errors([404, 'Channel not found']) }),
      operation({
        method: 'POST',
        nickname: 'originateWithId',
        responseClass: 'Channel',
        since: '12.2.0',
        summary: 'Create a new channel (originate with id).',
        parameters: [path('channelId', 'The unique id to assign the channel on creation.'), ...originateParams(false)],
        errorResponses: ORIGINATE_ERRORS,
      }),
      operation({
        method: 'DELETE',
        nickname: 'hangup',
        responseClass: 'void',
        summary: 'Delete (i.e. hangup) a channel.',
        parameters: [
          channelId,
          query('reason_code', 'string', 'The reason code for hanging up the channel for detail use. Mutually exclusive with \'reason\'.'),
          query('reason', 'string', 'Reason for hanging up the channel for simple use. Mutually exclusive with \'reason_code\'.', { allowableValues: HANGUP_REASONS }),
        ],
        errorResponses: errors([400, 'Invalid reason for hangup provided'], [404, 'Channel not found']),
      }),
    ),
    ...CHANNEL_CONTROL_APIS,
  ],
  CHANNEL_MODELS,
);
