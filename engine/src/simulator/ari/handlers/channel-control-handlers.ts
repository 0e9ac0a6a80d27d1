import { liveRecordingJson, playbackJson } from '../ari-models';
import { rejectionResponse } from '../ari-rejections';
import { intParam, listParam } from '../ari-request';
import { message, type AriResponse } from '../ari-response';
import { okOr, pathParam, voidOr, type HandlerContext, type HandlerTable } from './handler-types';

const IF_EXISTS = ['fail', 'overwrite', 'append'] as const;
const TERMINATE_ON = ['none', 'any', '*', '#'];

function channelIdOf(ctx: HandlerContext): string {
  return pathParam(ctx, 'channelId');
}

/** Answers 201 Created with the Location of the new playback or live recording. */
function created(location: string, body: unknown): AriResponse {
  return { status: 201, body, headers: [['Location', location]] };
}

/** POST /channels/{id}/play[/{playbackId}]. */
function play(ctx: HandlerContext): AriResponse {
  const p = ctx.req.params;
  const media = listParam(p, 'media');
  if (media.length === 0) return message(400, 'Missing parameter media');
  if (intParam(p, 'offsetms') < 0) return message(400, 'offsetms cannot be negative');
  if (intParam(p, 'skipms') < 0) return message(400, 'skipms cannot be negative');
  const usable = ctx.world.channels.usable(channelIdOf(ctx));
  if (!usable.ok) return rejectionResponse(usable.rejection);
  const playbackId = ctx.req.pathParams['playbackId'] ?? p.get('playbackId') ?? '';
  const result = ctx.world.playbacks.play({ kind: 'channel', id: usable.value.id }, media, {
    playbackId,
    language: p.get('lang') ?? '',
    skipMs: intParam(p, 'skipms'),
  });
  if (!result.ok) return rejectionResponse(result.rejection);
  return created(`/ari/playbacks/${encodeURIComponent(result.value.id)}`, playbackJson(result.value));
}

/** POST /channels/{id}/record: Asterisk's checks, then the live recording (201). */
function record(ctx: HandlerContext): AriResponse {
  const p = ctx.req.params;
  const usable = ctx.world.channels.usable(channelIdOf(ctx));
  if (!usable.ok) return rejectionResponse(usable.rejection);
  const maxDurationSeconds = intParam(p, 'maxDurationSeconds');
  const maxSilenceSeconds = intParam(p, 'maxSilenceSeconds');
  if (maxDurationSeconds < 0) return message(400, 'max_duration_seconds cannot be negative');
  if (maxSilenceSeconds < 0) return message(400, 'max_silence_seconds cannot be negative');
  const terminateOn = p.get('terminateOn');
  if (terminateOn !== undefined && !TERMINATE_ON.includes(terminateOn)) return message(400, 'terminateOn invalid');
  const ifExists = p.get('ifExists') ?? 'fail';
  if (!(IF_EXISTS as readonly string[]).includes(ifExists)) return message(400, 'ifExists invalid');
  const result = ctx.world.recordings.record(usable.value, {
    name: p.get('name') ?? '',
    format: p.get('format') ?? '',
    maxDurationSeconds,
    maxSilenceSeconds,
    ifExists: ifExists as (typeof IF_EXISTS)[number],
  });
  if (!result.ok) return rejectionResponse(result.rejection);
  return created(`/ari/recordings/live/${encodeURIComponent(result.value.name)}`, liveRecordingJson(result.value));
}

function continueInDialplan(ctx: HandlerContext): AriResponse {
  const p = ctx.req.params;
  return voidOr(
    ctx.world.channels.continueInDialplan(channelIdOf(ctx), {
      context: p.get('context') ?? '',
      extension: p.get('extension') ?? '',
      priority: intParam(p, 'priority'),
    }),
  );
}

function getVariable(ctx: HandlerContext): AriResponse {
  const variable = ctx.req.params.get('variable') ?? '';
  if (variable === '') return message(400, 'Variable name is required');
  return okOr(ctx.world.channels.getVariable(channelIdOf(ctx), variable), (value) => ({ value }));
}

function setVariable(ctx: HandlerContext): AriResponse {
  const variable = ctx.req.params.get('variable') ?? '';
  if (variable === '') return message(400, 'Variable name is required');
  return voidOr(ctx.world.channels.setVariable(channelIdOf(ctx), variable, ctx.req.params.get('value') ?? ''));
}

const indicate = (ctx: HandlerContext): AriResponse => voidOr(ctx.world.channels.indicate(channelIdOf(ctx)));

export const CHANNEL_CONTROL_HANDLERS: HandlerTable = {
  'channels.continueInDialplan': continueInDialplan,
  'channels.answer': (ctx) => voidOr(ctx.world.channels.answer(channelIdOf(ctx))),
  'channels.ring': indicate,
  'channels.ringStop': indicate,
  'channels.progress': indicate,
  'channels.startMoh': indicate,
  'channels.stopMoh': indicate,
  'channels.startSilence': indicate,
  'channels.stopSilence': indicate,
  'channels.hold': (ctx) => voidOr(ctx.world.channels.hold(channelIdOf(ctx), true)),
  'channels.unhold': (ctx) => voidOr(ctx.world.channels.hold(channelIdOf(ctx), false)),
  'channels.play': play,
  'channels.playWithId': play,
  'channels.record': record,
  'channels.getChannelVar': getVariable,
  'channels.setChannelVar': setVariable,
};
