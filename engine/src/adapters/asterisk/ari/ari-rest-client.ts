/**
 * The ARI REST operations a call engine needs (PROTOCOLS.md §2.4), typed with the port's request
 * types. Each call has the request timeout of `AriHttp`; non-2xx answers are mapped by
 * `ari-error-map.ts`. Idempotent teardown (hangup, stop, destroy, delete) resolves when the target is
 * already gone, because that is the normal race in telephony.
 */
import { randomUUID } from 'node:crypto';
import { CallGoneError } from '../../../errors';
import type {
  BridgeHandle,
  BridgeRequest,
  DialplanTarget,
  HangupReason,
  OriginateRequest,
  OriginatedChannel,
  PlayRequest,
  PlaybackHandle,
  RecordRequest,
  RecordingFile,
  RecordingHandle,
  TelephonyChannel,
} from '../../../ports/telephony.port';
import { ariStatusError, isSuccess, type AriSubject } from './ari-error-map';
import { asRecord, channelState, stasisAppOf, str, strList, type AriChannelJson } from './ari-models';
import { appArgsParam, checkId, hangupParams, hasControlChar, invalidRequest, joinList, segment } from './ari-params';
import type { AriHttp, AriRequest, AriResponse, QueryValue } from './ari-request';

type Method = AriRequest['method'];

export class AriRestClient {
  constructor(
    private readonly http: AriHttp,
    private readonly app: string,
  ) {}

  async originate(req: OriginateRequest): Promise<OriginatedChannel> {
    checkId('channel id', req.channelId);
    if (req.otherChannelId !== undefined) checkId('other channel id', req.otherChannelId);
    if (!req.endpoint || hasControlChar(req.endpoint)) throw invalidRequest('endpoint must be a non-empty dial string');
    const target = req.dialplan ? dialplanQuery(req.dialplan) : { app: this.app, appArgs: appArgsParam(req.appArgs) };
    const query = {
      endpoint: req.endpoint,
      ...target,
      callerId: req.callerId,
      timeout: req.timeoutSec,
      channelId: req.channelId,
      otherChannelId: req.otherChannelId,
    };
    const body = req.variables && Object.keys(req.variables).length > 0 ? { variables: req.variables } : undefined;
    const res = await this.call('channels.originate', 'POST', '/channels', 'originate', query, body);
    const ch = (asRecord(res.body) ?? {}) as AriChannelJson;
    return { channelId: str(ch.id, req.channelId), name: str(ch.name), state: channelState(ch.state) };
  }

  async answer(channelId: string): Promise<void> {
    await this.channelOp('channels.answer', 'POST', channelId, '/answer');
  }

  async ring(channelId: string): Promise<void> {
    await this.channelOp('channels.ring', 'POST', channelId, '/ring');
  }

  async startMusicOnHold(channelId: string, mohClass?: string): Promise<void> {
    await this.channelOp('channels.startMoh', 'POST', channelId, '/moh', { mohClass });
  }

  async stopMusicOnHold(channelId: string): Promise<void> {
    await this.channelOp('channels.stopMoh', 'DELETE', channelId, '/moh');
  }

  async play(channelId: string, req: PlayRequest): Promise<PlaybackHandle> {
    const media = joinList('media', typeof req.media === 'string' ? [req.media] : req.media);
    // Pre-assigned so PlaybackStarted (which can beat the 201) already carries a known id.
    const playbackId = checkId('playback id', req.playbackId ?? randomUUID());
    await this.channelOp('channels.play', 'POST', channelId, '/play', { media, playbackId, lang: req.language });
    return { playbackId, channelId };
  }

  async stopPlayback(playbackId: string): Promise<void> {
    await this.tolerate404('playbacks.stop', 'DELETE', `/playbacks/${segment('playback id', playbackId)}`, 'playback');
  }

  async record(channelId: string, req: RecordRequest): Promise<RecordingHandle> {
    const format = req.format ?? 'wav';
    const query = {
      name: checkId('recording name', req.name),
      format,
      maxDurationSeconds: req.maxDurationSec,
      maxSilenceSeconds: req.maxSilenceSec,
      ifExists: req.ifExists ?? 'overwrite',
      beep: req.beep ?? false,
      terminateOn: req.terminateOn ?? 'none',
    };
    const request = this.request('channels.record', 'POST', `/channels/${segment('channel id', channelId)}/record`, query);
    const res = await this.http.send(request);
    if (isSuccess(res)) return { name: req.name, format, channelId };
    // 409 is both "recording exists" and "channel not in Stasis": only the channel's state can tell.
    if (res.status === 409) {
      if (!(await this.isInOurApp(channelId))) throw new CallGoneError(`channel ${channelId} left the application`);
      throw ariStatusError(res, request, 'other');
    }
    throw ariStatusError(res, request, 'channel');
  }

  async stopRecording(name: string): Promise<void> {
    await this.tolerate404('recordings.stop', 'POST', `/recordings/live/${segment('recording name', name)}/stop`, 'recording');
  }

  async cancelRecording(name: string): Promise<void> {
    await this.tolerate404('recordings.cancel', 'DELETE', `/recordings/live/${segment('recording name', name)}`, 'recording');
  }

  async fetchRecording(name: string): Promise<RecordingFile> {
    const path = `/recordings/stored/${segment('recording name', name)}/file`;
    const request = { ...this.request('recordings.file', 'GET', path), binary: true };
    const res = await this.http.send(request);
    if (!isSuccess(res)) throw ariStatusError(res, request, 'recording');
    return { name, contentType: res.contentType, data: res.bytes ?? Buffer.alloc(0) };
  }

  async deleteRecording(name: string): Promise<void> {
    await this.tolerate404('recordings.delete', 'DELETE', `/recordings/stored/${segment('recording name', name)}`, 'recording');
  }

  async createBridge(req: BridgeRequest = {}): Promise<BridgeHandle> {
    const bridgeId = checkId('bridge id', req.bridgeId ?? randomUUID());
    await this.call('bridges.create', 'POST', '/bridges', 'other', { type: req.type ?? 'mixing', bridgeId, name: req.name });
    return { bridgeId };
  }

  async addToBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    const path = `/bridges/${segment('bridge id', bridgeId)}/addChannel`;
    await this.call('bridges.addChannel', 'POST', path, 'bridge-member', { channel: joinList('channel id', channelIds) });
  }

  async removeFromBridge(bridgeId: string, channelIds: readonly string[]): Promise<void> {
    const path = `/bridges/${segment('bridge id', bridgeId)}/removeChannel`;
    await this.call('bridges.removeChannel', 'POST', path, 'bridge-member', { channel: joinList('channel id', channelIds) });
  }

  async destroyBridge(bridgeId: string): Promise<void> {
    await this.tolerate404('bridges.destroy', 'DELETE', `/bridges/${segment('bridge id', bridgeId)}`, 'bridge');
  }

  /** True when the hangup was sent; false when the channel was already gone. */
  async hangup(channelId: string, reason?: HangupReason | { readonly causeCode: number }): Promise<boolean> {
    const path = `/channels/${segment('channel id', channelId)}`;
    return this.tolerate404('channels.hangup', 'DELETE', path, 'channel', hangupParams(reason));
  }

  async getVariable(channelId: string, name: string): Promise<string | undefined> {
    const request = this.request('channels.getVariable', 'GET', `/channels/${segment('channel id', channelId)}/variable`, { variable: name });
    const res = await this.http.send(request);
    if (isSuccess(res)) return str(asRecord(res.body)?.value);
    // 404 is both "no such channel" and "variable not set": ask for the channel to tell them apart.
    if (res.status === 404) {
      if ((await this.getChannel(channelId)) === undefined) throw new CallGoneError(`channel ${channelId} is gone`);
      return undefined;
    }
    throw ariStatusError(res, request, 'channel');
  }

  async setVariable(channelId: string, name: string, value: string): Promise<void> {
    await this.channelOp('channels.setVariable', 'POST', channelId, '/variable', { variable: name, value });
  }

  async continueInDialplan(channelId: string, target?: DialplanTarget): Promise<void> {
    await this.channelOp('channels.continue', 'POST', channelId, '/continue', target ? dialplanQuery(target) : undefined);
  }

  /** The channel's JSON, or undefined when it does not exist. */
  async getChannel(channelId: string): Promise<AriChannelJson | undefined> {
    const request = this.request('channels.get', 'GET', `/channels/${segment('channel id', channelId)}`);
    const res = await this.http.send(request);
    if (res.status === 404 && res.contentType.includes('json')) return undefined;
    if (!isSuccess(res)) throw ariStatusError(res, request, 'other');
    return (asRecord(res.body) ?? {}) as AriChannelJson;
  }

  /** Channels subscribed to our application (in Stasis, or originated and still dialing). */
  async listAppChannels(): Promise<TelephonyChannel[]> {
    const appReq = this.request('applications.get', 'GET', `/applications/${segment('application', this.app)}`);
    const appRes = await this.http.send(appReq);
    if (appRes.status === 404 && appRes.contentType.includes('json')) return [];
    if (!isSuccess(appRes)) throw ariStatusError(appRes, appReq, 'other');
    const ids = new Set(strList(asRecord(appRes.body)?.channel_ids));
    if (ids.size === 0) return [];
    const res = await this.call('channels.list', 'GET', '/channels', 'other');
    const all = Array.isArray(res.body) ? (res.body as AriChannelJson[]) : [];
    return all.filter((ch) => ids.has(str(asRecord(ch)?.id))).map((ch) => this.toTelephonyChannel(ch));
  }

  private toTelephonyChannel(ch: AriChannelJson): TelephonyChannel {
    const stasis = stasisAppOf(ch);
    const inApplication = stasis?.app === this.app;
    return { channelId: str(ch.id), name: str(ch.name), state: channelState(ch.state), inApplication, appArgs: inApplication ? stasis.args : [] };
  }

  private async isInOurApp(channelId: string): Promise<boolean> {
    const ch = await this.getChannel(channelId);
    return ch !== undefined && stasisAppOf(ch)?.app === this.app;
  }

  private request(operation: string, method: Method, path: string, query?: Record<string, QueryValue>, body?: unknown): AriRequest {
    return { operation, method, path, ...(query ? { query } : {}), ...(body === undefined ? {} : { body }) };
  }

  private async call(
    operation: string,
    method: Method,
    path: string,
    subject: AriSubject,
    query?: Record<string, QueryValue>,
    body?: unknown,
  ): Promise<AriResponse> {
    const request = this.request(operation, method, path, query, body);
    const res = await this.http.send(request);
    if (!isSuccess(res)) throw ariStatusError(res, request, subject);
    return res;
  }

  private async channelOp(operation: string, method: Method, channelId: string, suffix: string, query?: Record<string, QueryValue>): Promise<void> {
    await this.call(operation, method, `/channels/${segment('channel id', channelId)}${suffix}`, 'channel', query);
  }

  /** Teardown: resolves true when done, false when the target was already gone (JSON 404). */
  private async tolerate404(operation: string, method: Method, path: string, subject: AriSubject, query?: Record<string, QueryValue>): Promise<boolean> {
    const request = this.request(operation, method, path, query);
    const res = await this.http.send(request);
    if (isSuccess(res)) return true;
    if (res.status === 404 && res.contentType.includes('json')) return false;
    throw ariStatusError(res, request, subject);
  }
}

function dialplanQuery(target: DialplanTarget): Record<string, QueryValue> {
  return { context: target.context, extension: target.extension, ...(target.label ? { label: target.label } : { priority: target.priority ?? 1 }) };
}
