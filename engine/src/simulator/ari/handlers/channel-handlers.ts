import { HANGUP_REASONS } from '../../core/hangup-causes';
import { parseEndpoint } from '../../core/originate-target';
import { channelJson } from '../ari-models';
import { intParam, listParam } from '../ari-request';
import { message, type AriResponse } from '../ari-response';
import { okOr, pathParam, voidOr, type HandlerContext, type HandlerTable } from './handler-types';

const DEFAULT_ORIGINATE_TIMEOUT_SEC = 30;

/**
 * POST /channels and /channels/{channelId} (`ari_channels_handle_originate_with_id`): the 400
 * checks in Asterisk's order, numbers read like `atoi` (`timeout=abc` is accepted as 0 → 30 s).
 */
function originate(ctx: HandlerContext, pathChannelId?: string): AriResponse {
  const p = ctx.req.params;
  const endpoint = p.get('endpoint') ?? '';
  if (endpoint === '') return message(400, 'Endpoint must be specified');
  if (!parseEndpoint(endpoint)) return message(400, 'Invalid endpoint specified');
  const app = p.get('app') ?? '';
  const extension = p.get('extension') ?? '';
  if (app === '' && extension === '') return message(400, 'Application or extension must be specified');
  if (p.get('originator') && p.get('formats')) return message(400, "Originator and formats can't both be specified");
  const rawTimeout = intParam(p, 'timeout');
  const result = ctx.world.channels.originate({
    endpoint,
    ...(app !== '' ? { app, appArgs: listParam(p, 'appArgs') } : {}),
    ...(app === '' ? { dialplan: { context: p.get('context') || 'default', exten: extension, priority: intParam(p, 'priority') || 1 } } : {}),
    callerId: p.get('callerId') ?? '',
    timeoutSec: rawTimeout === 0 ? DEFAULT_ORIGINATE_TIMEOUT_SEC : rawTimeout < 0 ? null : rawTimeout,
    variables: ctx.req.variables,
    channelId: pathChannelId ?? p.get('channelId') ?? '',
    otherChannelId: p.get('otherChannelId') ?? '',
  });
  return okOr(result, channelJson);
}

function create(ctx: HandlerContext): AriResponse {
  const p = ctx.req.params;
  const endpoint = p.get('endpoint') ?? '';
  const app = p.get('app') ?? '';
  if (endpoint === '') return message(400, 'Endpoint must be specified');
  if (app === '') return message(400, 'Application must be specified');
  const result = ctx.world.channels.create({
    endpoint,
    app,
    appArgs: listParam(p, 'appArgs'),
    variables: ctx.req.variables,
    channelId: p.get('channelId') ?? '',
    otherChannelId: p.get('otherChannelId') ?? '',
  });
  return okOr(result, channelJson);
}

/** DELETE /channels/{id}: `reason_code` (any number) or `reason` (a word), default 16. */
function hangup(ctx: HandlerContext): AriResponse {
  const p = ctx.req.params;
  const code = p.get('reason_code');
  const reason = p.get('reason');
  if (code !== undefined && reason !== undefined) return message(400, "The reason and reason_code can't both be specified");
  let cause = 16;
  if (code !== undefined) cause = intParam(p, 'reason_code');
  if (reason !== undefined) {
    const mapped = HANGUP_REASONS[reason];
    if (mapped === undefined) return message(400, 'Invalid reason for hangup reason provided', 'Invalid Reason');
    cause = mapped;
  }
  return voidOr(ctx.world.channels.hangup(pathParam(ctx, 'channelId'), cause));
}

export const CHANNEL_HANDLERS: HandlerTable = {
  'channels.list': (ctx) => ({ status: 200, body: ctx.world.channels.list().map(channelJson) }),
  'channels.originate': (ctx) => originate(ctx),
  'channels.originateWithId': (ctx) => originate(ctx, pathParam(ctx, 'channelId')),
  'channels.create': create,
  'channels.get': (ctx) => {
    const channel = ctx.world.channels.get(pathParam(ctx, 'channelId'));
    return channel ? { status: 200, body: channelJson(channel) } : message(404, 'Channel not found');
  },
  'channels.hangup': hangup,
  'channels.dial': (ctx) => {
    const timeout = intParam(ctx.req.params, 'timeout');
    return voidOr(ctx.world.channels.dial(pathParam(ctx, 'channelId'), timeout > 0 ? timeout : null));
  },
};
