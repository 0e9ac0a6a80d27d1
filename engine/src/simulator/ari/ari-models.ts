import type {
  BridgeSnapshot,
  ChannelSnapshot,
  ContactSnapshot,
  EndpointSnapshot,
  PlaybackSnapshot,
  RecordingSnapshot,
  StasisAppSnapshot,
  StoredRecordingSnapshot,
} from '../core/world-model';
import { ariTimestamp } from './ari-timestamp';

/**
 * World snapshots as ARI JSON, key order as Asterisk 20.20.1 sends them
 * (`ast_channel_snapshot_to_json`, `ast_bridge_snapshot_to_json`, captures/ari-*).
 */
export function channelJson(channel: ChannelSnapshot): Record<string, unknown> {
  return {
    id: channel.id,
    name: channel.name,
    state: channel.state,
    protocol_id: channel.protocolId,
    caller: { name: channel.caller.name, number: channel.caller.number },
    connected: { name: channel.connected.name, number: channel.connected.number },
    accountcode: channel.accountCode,
    dialplan: {
      context: channel.dialplan.context,
      exten: channel.dialplan.exten,
      priority: channel.dialplan.priority,
      app_name: channel.dialplan.appName,
      app_data: channel.dialplan.appData,
    },
    creationtime: ariTimestamp(channel.creationTime),
    language: channel.language,
  };
}

export function bridgeJson(bridge: BridgeSnapshot): Record<string, unknown> {
  return {
    id: bridge.id,
    technology: bridge.technology,
    bridge_type: bridge.bridgeType,
    bridge_class: bridge.bridgeClass,
    creator: bridge.creator,
    name: bridge.name,
    channels: [...bridge.channelIds],
    creationtime: ariTimestamp(bridge.creationTime),
    video_mode: bridge.videoMode,
  };
}

export function playbackJson(playback: PlaybackSnapshot): Record<string, unknown> {
  return {
    id: playback.id,
    media_uri: playback.mediaUri,
    ...(playback.nextMediaUri !== undefined ? { next_media_uri: playback.nextMediaUri } : {}),
    target_uri: playback.targetUri,
    language: playback.language,
    state: playback.state,
  };
}

export function liveRecordingJson(recording: RecordingSnapshot): Record<string, unknown> {
  return {
    name: recording.name,
    format: recording.format,
    state: recording.state,
    target_uri: recording.targetUri,
    ...(recording.duration !== undefined ? { duration: recording.duration } : {}),
    ...(recording.talkingDuration !== undefined ? { talking_duration: recording.talkingDuration } : {}),
    ...(recording.silenceDuration !== undefined ? { silence_duration: recording.silenceDuration } : {}),
    ...(recording.cause !== undefined ? { cause: recording.cause } : {}),
  };
}

export function storedRecordingJson(recording: StoredRecordingSnapshot): Record<string, unknown> {
  return { name: recording.name, format: recording.format };
}

export function endpointJson(endpoint: EndpointSnapshot): Record<string, unknown> {
  return { technology: endpoint.technology, resource: endpoint.resource, state: endpoint.state, channel_ids: [...endpoint.channelIds] };
}

export function contactJson(contact: ContactSnapshot): Record<string, unknown> {
  return { uri: contact.uri, contact_status: contact.status, aor: contact.aor, roundtrip_usec: String(contact.roundtripUsec) };
}

export function applicationJson(app: StasisAppSnapshot): Record<string, unknown> {
  return {
    name: app.name,
    channel_ids: [...app.channelIds],
    bridge_ids: [...app.bridgeIds],
    endpoint_ids: [...app.endpointIds],
    device_names: [],
    events_allowed: [],
    events_disallowed: [],
  };
}
