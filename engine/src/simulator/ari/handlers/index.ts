import { BRIDGE_HANDLERS } from './bridge-handlers';
import { CHANNEL_CONTROL_HANDLERS } from './channel-control-handlers';
import { CHANNEL_HANDLERS } from './channel-handlers';
import type { HandlerTable } from './handler-types';
import { MEDIA_HANDLERS } from './media-handlers';
import { SYSTEM_HANDLERS } from './system-handlers';

export type { AriHandler, HandlerContext, HandlerTable } from './handler-types';

/** Every implemented operation by `<resource>.<nickname>`; a test checks it equals the documents. */
export const ARI_HANDLERS: HandlerTable = {
  ...CHANNEL_HANDLERS,
  ...CHANNEL_CONTROL_HANDLERS,
  ...BRIDGE_HANDLERS,
  ...MEDIA_HANDLERS,
  ...SYSTEM_HANDLERS,
};
