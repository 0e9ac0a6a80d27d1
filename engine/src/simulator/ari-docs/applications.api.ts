import { api, declaration, errors, model, operation, path, prop, query } from './swagger-builders';

const applicationName = path('applicationName', 'Application\'s name');
const eventSource = query('eventSource', 'string', 'URI for event source (channel:{channelId}, bridge:{bridgeId}, endpoint:{tech}[/{resource}], deviceState:{deviceName}', { required: true, allowMultiple: true });

/** applications.json: the Stasis applications and their subscriptions. */
export const APPLICATIONS_API = declaration(
  'applications',
  [
    api('/applications', 'Stasis applications', operation({ method: 'GET', nickname: 'list', responseClass: 'List[Application]', summary: 'List all applications.', since: '13.0.0' })),
    api(
      '/applications/{applicationName}',
      'Stasis application',
      operation({ method: 'GET', nickname: 'get', responseClass: 'Application', summary: 'Get details of an application.', since: '13.0.0', parameters: [applicationName], errorResponses: errors([404, 'Application does not exist.']) }),
    ),
    api(
      '/applications/{applicationName}/subscription',
      'Stasis application',
      operation({
        method: 'POST',
        nickname: 'subscribe',
        responseClass: 'Application',
        since: '13.0.0',
        summary: 'Subscribe an application to a event source.',
        parameters: [applicationName, eventSource],
        errorResponses: errors([400, 'Missing parameter.'], [404, 'Application does not exist.'], [422, 'Event source does not exist.']),
      }),
      operation({
        method: 'DELETE',
        nickname: 'unsubscribe',
        responseClass: 'Application',
        since: '13.0.0',
        summary: 'Unsubscribe an application from an event source.',
        parameters: [applicationName, eventSource],
        errorResponses: errors([400, 'Missing parameter; event source scheme not recognized.'], [404, 'Application does not exist.'], [409, 'Application not subscribed to event source.'], [422, 'Event source does not exist.']),
      }),
    ),
  ],
  {
    Application: model('Application', 'Details of a Stasis application', {
      name: prop('string', true, 'Name of this application'),
      channel_ids: prop('List[string]', true, 'Id\'s for channels subscribed to.'),
      bridge_ids: prop('List[string]', true, 'Id\'s for bridges subscribed to.'),
      endpoint_ids: prop('List[string]', true, '{tech}/{resource} for endpoints subscribed to.'),
      device_names: prop('List[string]', true, 'Names of the devices subscribed to.'),
      events_allowed: prop('List[object]', true, 'Event types sent to the application.'),
      events_disallowed: prop('List[object]', true, 'Event types not sent to the application.'),
    }),
  },
);
