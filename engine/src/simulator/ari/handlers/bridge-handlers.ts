import type { BridgeType } from '../../core/world-model';
import { bridgeJson, playbackJson } from '../ari-models';
import { rejectionResponse } from '../ari-rejections';
import { intParam, listParam } from '../ari-request';
import { message, type AriResponse } from '../ari-response';
import { okOr, pathParam, voidOr, type HandlerContext, type HandlerTable } from './handler-types';

const BRIDGE_TYPE_WORDS = new Set(['mixing', 'holding', 'dtmf_events', 'proxy_media', 'video_sfu', 'video_single', 'sdp_label']);

function bridgeIdOf(ctx: HandlerContext): string {
  return pathParam(ctx, 'bridgeId');
}

/** POST /bridges[/{bridgeId}]: `type` is a list of attributes; `holding` makes a holding bridge. */
function create(ctx: HandlerContext, pathBridgeId?: string): AriResponse {
  const p = ctx.req.params;
  const words = listParam(p, 'type');
  if (words.some((word) => !BRIDGE_TYPE_WORDS.has(word))) return message(400, 'Invalid bridge type');
  const type: BridgeType = words.includes('holding') ? 'holding' : 'mixing';
  const result = ctx.world.bridges.create({ bridgeId: pathBridgeId ?? p.get('bridgeId') ?? '', type, name: p.get('name') ?? '' });
  return okOr(result, bridgeJson);
}

function membership(ctx: HandlerContext, add: boolean): AriResponse {
  const channels = listParam(ctx.req.params, 'channel');
  if (channels.length === 0) return message(400, 'Missing parameter channel');
  const bridgeId = bridgeIdOf(ctx);
  return voidOr(add ? ctx.world.bridges.add(bridgeId, channels) : ctx.world.bridges.remove(bridgeId, channels));
}

function play(ctx: HandlerContext): AriResponse {
  const p = ctx.req.params;
  const media = listParam(p, 'media');
  if (media.length === 0) return message(400, 'Missing parameter media');
  if (intParam(p, 'offsetms') < 0) return message(400, 'offsetms cannot be negative');
  if (intParam(p, 'skipms') < 0) return message(400, 'skipms cannot be negative');
  const bridge = ctx.world.bridges.get(bridgeIdOf(ctx));
  if (!bridge) return message(404, 'Bridge not found', 'Not found');
  const playbackId = ctx.req.pathParams['playbackId'] ?? p.get('playbackId') ?? '';
  const result = ctx.world.playbacks.play({ kind: 'bridge', id: bridge.id }, media, { playbackId, language: p.get('lang') ?? '', skipMs: intParam(p, 'skipms') });
  if (!result.ok) return rejectionResponse(result.rejection);
  return { status: 201, body: playbackJson(result.value), headers: [['Location', `/ari/playbacks/${encodeURIComponent(result.value.id)}`]] };
}

function moh(ctx: HandlerContext): AriResponse {
  return ctx.world.bridges.get(bridgeIdOf(ctx)) ? { status: 204 } : message(404, 'Bridge not found', 'Not found');
}

export const BRIDGE_HANDLERS: HandlerTable = {
  'bridges.list': (ctx) => ({ status: 200, body: ctx.world.bridges.list().map(bridgeJson) }),
  'bridges.create': (ctx) => create(ctx),
  'bridges.createWithId': (ctx) => create(ctx, bridgeIdOf(ctx)),
  'bridges.get': (ctx) => {
    const bridge = ctx.world.bridges.get(bridgeIdOf(ctx));
    return bridge ? { status: 200, body: bridgeJson(bridge) } : message(404, 'Bridge not found', 'Not found');
  },
  'bridges.destroy': (ctx) => voidOr(ctx.world.bridges.destroy(bridgeIdOf(ctx))),
  'bridges.addChannel': (ctx) => membership(ctx, true),
  'bridges.removeChannel': (ctx) => membership(ctx, false),
  'bridges.startMoh': moh,
  'bridges.stopMoh': moh,
  'bridges.play': play,
  'bridges.playWithId': play,
};
