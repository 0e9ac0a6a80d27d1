import { APPLICATIONS_API } from './applications.api';
import { ASTERISK_API } from './asterisk.api';
import { BRIDGES_API } from './bridges.api';
import { CHANNELS_API } from './channels.api';
import { ENDPOINTS_API } from './endpoints.api';
import { EVENTS_API } from './events.api';
import { PLAYBACKS_API } from './playbacks.api';
import { RECORDINGS_API } from './recordings.api';
import { DOCS_AUTHOR, DOCS_BASE_PATH, DOCS_COPYRIGHT } from './swagger-builders';
import type { ApiDeclaration, ResourceListing } from './swagger-types';

export { EVENT_TYPES, type AriEventType } from './events.api';
export type { ApiDeclaration, ResourceListing, SwaggerApi, SwaggerOperation, SwaggerParameter, SwaggerModel } from './swagger-types';

/**
 * Our own ARI Swagger documents: exactly the resources, operations, parameters and models the
 * simulator implements, in Asterisk 20's shapes (checked against the real files by a test).
 * Served at `/ari/api-docs/<resource>.json`; the router is built from the same declarations.
 */
export const ARI_API_DECLARATIONS: Readonly<Record<string, ApiDeclaration>> = {
  asterisk: ASTERISK_API,
  endpoints: ENDPOINTS_API,
  channels: CHANNELS_API,
  bridges: BRIDGES_API,
  recordings: RECORDINGS_API,
  playbacks: PLAYBACKS_API,
  events: EVENTS_API,
  applications: APPLICATIONS_API,
};

const DESCRIPTIONS: Readonly<Record<string, string>> = {
  asterisk: 'Asterisk resources',
  endpoints: 'Endpoint resources',
  channels: 'Channel resources',
  bridges: 'Bridge resources',
  recordings: 'Recording resources',
  playbacks: 'Playback control resources',
  events: 'WebSocket resource',
  applications: 'Stasis application resources',
};

export const ARI_RESOURCE_LISTING: ResourceListing = {
  _copyright: DOCS_COPYRIGHT,
  _author: DOCS_AUTHOR,
  apiVersion: '8.0.0',
  swaggerVersion: '1.1',
  basePath: DOCS_BASE_PATH,
  apis: Object.keys(ARI_API_DECLARATIONS).map((resource) => ({ path: `/api-docs/${resource}.{format}`, description: DESCRIPTIONS[resource] ?? resource })),
};
