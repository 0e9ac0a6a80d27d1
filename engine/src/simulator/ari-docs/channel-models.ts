import { model, prop } from './swagger-builders';
import type { SwaggerModel } from './swagger-types';

/** The Channel model and its parts, with only the fields the simulator emits. */
export const CHANNEL_MODELS: Record<string, SwaggerModel> = {
  CallerID: model('CallerID', 'Caller identification', {
    name: prop('string', true),
    number: prop('string', true),
  }),
  DialplanCEP: model('DialplanCEP', 'Dialplan location (context/extension/priority)', {
    context: prop('string', true, 'Context in the dialplan'),
    exten: prop('string', true, 'Extension in the dialplan'),
    priority: prop('long', true, 'Priority in the dialplan'),
    app_name: prop('string', true, 'Name of current dialplan application'),
    app_data: prop('string', true, 'Parameter of current dialplan application'),
  }),
  Channel: model('Channel', 'A specific communication connection between Asterisk and an Endpoint.', {
    id: prop('string', true, 'Unique identifier of the channel (the uniqueid).'),
    protocol_id: prop('string', true, 'Protocol id from underlying channel driver (the SIP Call-ID for PJSIP).'),
    name: prop('string', true, 'Name of the channel (i.e. PJSIP/trunk-00000001)'),
    state: {
      type: 'string',
      required: true,
      allowableValues: { valueType: 'LIST', values: ['Down', 'Rsrved', 'OffHook', 'Dialing', 'Ring', 'Ringing', 'Up', 'Busy', 'Dialing Offhook', 'Pre-ring', 'Unknown'] },
    },
    caller: prop('CallerID', true),
    connected: prop('CallerID', true),
    accountcode: prop('string', true),
    dialplan: prop('DialplanCEP', true, 'Current location in the dialplan'),
    creationtime: prop('Date', true, 'Timestamp when channel was created'),
    language: prop('string', true, 'The default spoken language'),
  }),
};
