import { liveRecordingJson, playbackJson, storedRecordingJson } from '../ari-models';
import { message, type AriResponse } from '../ari-response';
import { pathParam, voidOr, type HandlerContext, type HandlerTable } from './handler-types';

function recordingName(ctx: HandlerContext): string {
  return pathParam(ctx, 'recordingName');
}

/** GET /recordings/stored/{name}/file: the raw file, `Content-Type: audio/<format>` (capital T). */
function storedFile(ctx: HandlerContext): AriResponse {
  const stored = ctx.world.store.read(recordingName(ctx));
  if (!stored) return message(404, 'Recording not found');
  return { status: 200, raw: { data: stored.data, contentType: `audio/${stored.format}`, headerName: 'Content-Type' } };
}

export const MEDIA_HANDLERS: HandlerTable = {
  'playbacks.get': (ctx) => {
    const playback = ctx.world.playbacks.get(pathParam(ctx, 'playbackId'));
    return playback ? { status: 200, body: playbackJson(playback) } : message(404, 'Playback not found');
  },
  'playbacks.stop': (ctx) => voidOr(ctx.world.playbacks.stop(pathParam(ctx, 'playbackId'))),
  'playbacks.control': (ctx) => {
    const operation = ctx.req.params.get('operation') ?? '';
    if (operation === '') return message(400, 'Missing parameter operation');
    return voidOr(ctx.world.playbacks.control(pathParam(ctx, 'playbackId'), operation));
  },
  'recordings.listStored': (ctx) => ({ status: 200, body: ctx.world.store.list().map(storedRecordingJson) }),
  'recordings.getStored': (ctx) => {
    const stored = ctx.world.store.find(recordingName(ctx));
    return stored ? { status: 200, body: storedRecordingJson(stored) } : message(404, 'Recording not found');
  },
  'recordings.deleteStored': (ctx) => {
    const name = recordingName(ctx);
    if (!ctx.world.store.delete(name)) return message(404, 'Recording not found');
    ctx.world.spokenText.delete(name);
    return { status: 204 };
  },
  'recordings.getStoredFile': storedFile,
  'recordings.getLive': (ctx) => {
    const live = ctx.world.recordings.getLive(recordingName(ctx));
    return live ? { status: 200, body: liveRecordingJson(live) } : message(404, 'Recording not found');
  },
  'recordings.stop': (ctx) => voidOr(ctx.world.recordings.stop(recordingName(ctx))),
  'recordings.cancel': (ctx) => voidOr(ctx.world.recordings.cancel(recordingName(ctx))),
};
