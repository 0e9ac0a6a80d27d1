import type { KeyPresses } from './customer-script';
import type { SimChannel } from './sim-channel';
import type { WorldContext } from './world-context';
import type { WorldEvent } from './world-events';

/** How long a simulated key is held (`duration_ms` of ChannelDtmfReceived). */
const KEY_DURATION_MS = 120;

/**
 * The scripted people's key presses (CustomerScript.keys). Counts the prompts that start playing to
 * each channel with a scripted person on it and, on the prompt a KeyPresses entry names, presses its
 * digits one by one: ChannelDtmfReceived (the received direction), which reaches the app even while
 * the channel runs dialplan. A press is dropped once the call is over.
 */
export class CustomerKeypad {
  private readonly prompts = new WeakMap<SimChannel, number>();

  constructor(private readonly ctx: WorldContext) {
    ctx.bus.on((event) => this.onEvent(event));
  }

  private onEvent(event: WorldEvent): void {
    if (event.type !== 'playback.started' || !event.playback.targetUri.startsWith('channel:')) return;
    const channel = this.ctx.channels.get(event.playback.targetUri.slice('channel:'.length));
    const keys = channel?.party?.script.keys;
    if (!channel || !keys?.length) return;
    const prompt = (this.prompts.get(channel) ?? 0) + 1;
    this.prompts.set(channel, prompt);
    for (const entry of keys) if ((entry.onPrompt ?? 1) === prompt) this.press(channel, entry);
  }

  private press(channel: SimChannel, entry: KeyPresses): void {
    [...entry.digits].forEach((digit, i) => {
      const atMs = ((entry.afterSeconds ?? 1) + i * (entry.gapSeconds ?? 1)) * 1000;
      const timer = this.ctx.clock.after(atMs, () => {
        if (channel.destroyed || channel.hangingUp || !channel.isUp) return;
        this.ctx.bus.emit({ type: 'channel.dtmf', channel: channel.snapshot(), digit, durationMs: KEY_DURATION_MS }, { channels: [channel.id] });
      });
      channel.track(timer);
    });
  }
}
