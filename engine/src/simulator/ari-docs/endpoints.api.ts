import { api, barePath, declaration, errors, list, model, operation, prop } from './swagger-builders';

/** endpoints.json: the trunks and phones (online/offline). */
export const ENDPOINTS_API = declaration(
  'endpoints',
  [
    api('/endpoints', 'Asterisk endpoints', operation({ method: 'GET', nickname: 'list', responseClass: 'List[Endpoint]', summary: 'List all endpoints.' })),
    api(
      '/endpoints/{tech}',
      'Asterisk endpoints',
      operation({ method: 'GET', nickname: 'listByTech', responseClass: 'List[Endpoint]', summary: 'List available endoints for a given endpoint technology.', parameters: [barePath('tech', 'Technology of the endpoints (pjsip,iax2,...)')], errorResponses: errors([404, 'Endpoints not found']) }),
    ),
    api(
      '/endpoints/{tech}/{resource}',
      'Single endpoint',
      operation({
        method: 'GET',
        nickname: 'get',
        responseClass: 'Endpoint',
        summary: 'Details for an endpoint.',
        parameters: [barePath('tech', 'Technology of the endpoint'), barePath('resource', 'ID of the endpoint')],
        errorResponses: errors([400, 'Invalid parameters for sending a message.'], [404, 'Endpoints not found']),
      }),
    ),
  ],
  {
    Endpoint: model('Endpoint', 'An external device that may offer/accept calls to/from Asterisk.', {
      technology: prop('string', true, 'Technology of the endpoint'),
      resource: prop('string', true, 'Identifier of the endpoint, specific to the given technology.'),
      state: { type: 'string', required: false, description: 'Endpoint\'s state', allowableValues: list('unknown', 'offline', 'online') },
      channel_ids: prop('List[string]', true, 'Id\'s of channels associated with this endpoint'),
    }),
  },
);
