import type { ChannelLifecycle } from './channel-lifecycle';
import type { SimChannel } from './sim-channel';
import type { WorldContext } from './world-context';
import type { BridgeSnapshot, BridgeType } from './world-model';
import { fail, ok, reject, type WorldResult } from './world-result';

interface Bridge {
  readonly id: string;
  readonly type: BridgeType;
  readonly name: string;
  readonly creationTime: number;
  readonly channels: SimChannel[];
}

export interface CreateBridgeOptions {
  readonly bridgeId?: string;
  readonly type?: BridgeType;
  readonly name?: string;
}

/**
 * Stasis bridges (`res/ari/resource_bridges.c`, `main/stasis_bridges.c`): entering a bridge
 * subscribes the channel's app to it and sets BRIDGEPEER; leaving clears BRIDGEPEER first
 * (captures/ari-08-stasis-e2e.ari.txt).
 */
export class BridgeManager {
  private readonly bridges = new Map<string, Bridge>();
  /** Called when a bridge goes away (its playbacks stop). */
  onDestroyed?: (bridgeId: string) => void;

  constructor(
    private readonly ctx: WorldContext,
    private readonly lc: ChannelLifecycle,
  ) {}

  create(options: CreateBridgeOptions = {}): WorldResult<BridgeSnapshot> {
    const id = options.bridgeId || this.ctx.ids.uuid();
    if (this.bridges.has(id)) return reject({ kind: 'bridge-id-taken', bridgeId: id });
    const bridge: Bridge = { id, type: options.type ?? 'mixing', name: options.name ?? '', creationTime: this.ctx.clock.wallNow(), channels: [] };
    this.bridges.set(id, bridge);
    this.ctx.bus.emit({ type: 'bridge.created', bridge: this.snapshot(bridge) }, { bridge: id });
    return ok(this.snapshot(bridge));
  }

  get(id: string): BridgeSnapshot | undefined {
    const bridge = this.bridges.get(id);
    return bridge ? this.snapshot(bridge) : undefined;
  }

  list(): BridgeSnapshot[] {
    return [...this.bridges.values()].map((bridge) => this.snapshot(bridge));
  }

  /** addChannel: checks every id first (400 missing, 422 not in Stasis), then moves them in. */
  add(bridgeId: string, channelIds: readonly string[]): WorldResult<void> {
    const bridge = this.bridges.get(bridgeId);
    if (!bridge) return fail('bridge-not-found');
    const channels: SimChannel[] = [];
    for (const id of channelIds) {
      const channel = this.ctx.channels.get(id);
      if (!channel || channel.hangingUp) return fail('bridge-channel-not-found');
      if (!channel.stasis) return fail('bridge-channel-not-in-stasis');
      channels.push(channel);
    }
    for (const channel of channels) this.enter(bridge, channel);
    this.updatePeers(bridge);
    for (const channel of channels) this.lc.connectedLine(channel);
    return ok(undefined);
  }

  remove(bridgeId: string, channelIds: readonly string[]): WorldResult<void> {
    const bridge = this.bridges.get(bridgeId);
    if (!bridge) return fail('bridge-not-found');
    const channels = channelIds.map((id) => this.ctx.channels.get(id));
    if (channels.some((c) => c === undefined)) return fail('bridge-channel-not-found');
    if (channels.some((c) => c && !c.stasis)) return fail('bridge-channel-not-in-stasis');
    if (channels.some((c) => c && c.bridgeId !== bridgeId)) return fail('channel-not-in-bridge');
    for (const channel of channels) if (channel) this.leave(channel);
    return ok(undefined);
  }

  /** DELETE /bridges/{id}: channels go back to plain Stasis, then BridgeDestroyed. */
  destroy(bridgeId: string): WorldResult<void> {
    const bridge = this.bridges.get(bridgeId);
    if (!bridge) return fail('bridge-not-found');
    for (const channel of [...bridge.channels]) this.leave(channel);
    this.bridges.delete(bridgeId);
    this.onDestroyed?.(bridgeId);
    this.ctx.bus.emit({ type: 'bridge.destroyed', bridge: this.snapshot(bridge) }, { bridge: bridgeId });
    this.ctx.apps.forget('bridge', bridgeId);
    return ok(undefined);
  }

  /** Takes a channel out of its bridge (hangup, move, removeChannel). */
  leave(channel: SimChannel): void {
    const bridge = channel.bridgeId === undefined ? undefined : this.bridges.get(channel.bridgeId);
    if (!bridge) return;
    this.lc.setVar(channel, 'BRIDGEPEER', '');
    bridge.channels.splice(bridge.channels.indexOf(channel), 1);
    channel.bridgeId = undefined;
    this.ctx.bus.emit({ type: 'bridge.left', bridge: this.snapshot(bridge), channel: channel.snapshot() }, { channels: [channel.id], bridge: bridge.id });
  }

  /** Drops every bridge (restart). */
  reset(): void {
    this.bridges.clear();
  }

  private enter(bridge: Bridge, channel: SimChannel): void {
    if (channel.bridgeId === bridge.id) return;
    this.leave(channel);
    bridge.channels.push(channel);
    channel.bridgeId = bridge.id;
    const app = channel.stasis?.app;
    if (app) this.ctx.apps.subscribe(app, 'bridge', bridge.id);
    this.ctx.bus.emit({ type: 'bridge.entered', bridge: this.snapshot(bridge), channel: channel.snapshot() }, { channels: [channel.id], bridge: bridge.id });
  }

  private updatePeers(bridge: Bridge): void {
    if (bridge.channels.length < 2) return;
    for (const channel of bridge.channels) {
      const peers = bridge.channels.filter((other) => other !== channel).map((other) => other.name);
      this.lc.setVar(channel, 'BRIDGEPEER', peers.join(','));
    }
  }

  private snapshot(bridge: Bridge): BridgeSnapshot {
    const mixing = bridge.type === 'mixing';
    return {
      id: bridge.id,
      technology: mixing ? 'simple_bridge' : 'holding_bridge',
      bridgeType: bridge.type,
      bridgeClass: 'stasis',
      creator: 'Stasis',
      name: bridge.name,
      channelIds: bridge.channels.map((c) => c.id),
      creationTime: bridge.creationTime,
      videoMode: mixing ? 'talker' : 'none',
    };
  }
}
