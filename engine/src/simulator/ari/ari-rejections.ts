import type { Rejection } from '../core/world-result';
import type { AriResponse } from './ari-response';

type Answer = readonly [status: number, message: string, reason?: string];

/** Status, message and (non-standard) reason phrase per rejection, as Asterisk 20 answers. */
const ANSWERS: Readonly<Record<Exclude<Rejection['kind'], 'bridge-id-taken' | 'recording-exists' | 'allocation-failed'>, Answer>> = {
  'channel-not-found': [404, 'Channel not found'],
  'channel-not-in-stasis': [409, 'Channel not in Stasis application'],
  'channel-invalid-state': [412, 'Channel in invalid state'],
  'channel-id-taken': [409, 'Channel with given unique ID already exists'],
  'invalid-endpoint': [400, 'Invalid endpoint specified'],
  'variable-not-found': [404, 'Provided variable was not found', 'Variable Not Found'],
  'bridge-not-found': [404, 'Bridge not found', 'Not found'],
  'bridge-channel-not-found': [400, 'Channel not found'],
  'bridge-channel-not-in-stasis': [422, 'Channel not in Stasis application'],
  'channel-not-in-bridge': [422, 'Channel not in this bridge'],
  'playback-not-found': [404, 'Playback not found'],
  'playback-invalid-operation': [400, 'Invalid operation parameter'],
  'playback-state-conflict': [409, 'Playback not in a state that allows this operation'],
  'recording-not-found': [404, 'Recording not found'],
  'recording-name-invalid': [400, 'Recording name invalid'],
  'recording-format-unknown': [422, 'specified format is unknown on this system'],
  'application-not-found': [404, 'Application not found'],
  'event-source-invalid': [400, 'Invalid event source URI scheme'],
  'event-source-not-found': [422, 'Unable to find event source'],
  'endpoint-not-found': [404, 'Endpoint not found'],
  'dial-not-down': [409, "Channel is not in the 'Down' state"],
  'dial-not-created-by-ari': [409, 'Dialing a channel not created by ARI'],
};

/** The ARI answer to a world rejection (captures/ari-10-rest-errors.ari.txt for the exact texts). */
export function rejectionResponse(rejection: Rejection): AriResponse {
  switch (rejection.kind) {
    case 'allocation-failed':
      return { status: 500, body: { error: 'Allocation failed' } };
    case 'bridge-id-taken':
      return { status: 409, body: { message: `Bridge with id '${rejection.bridgeId}' already exists` } };
    case 'recording-exists':
      return { status: 409, body: { message: `Recording '${rejection.name}' already exists and can not be overwritten` } };
    default: {
      const [status, message, reason] = ANSWERS[rejection.kind];
      return { status, body: { message }, ...(reason ? { reason } : {}) };
    }
  }
}
