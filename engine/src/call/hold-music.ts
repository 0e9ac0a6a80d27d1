import type { CallMedia, PlaybackHandle } from '../flow/step-context';

/**
 * The customer's hold music while operators are tried. It stops right before the customer joins an
 * operator's bridge, and starts again when that join fails, so the customer never waits in silence
 * while the next agent rings.
 */
export class HoldMusic {
  private handle?: PlaybackHandle;

  constructor(
    private readonly media: CallMedia,
    private readonly prompt: string | undefined,
    private readonly signal: AbortSignal,
  ) {}

  /** Starts the loop unless it is playing, there is no hold prompt or the call is over. Never throws. */
  async start(): Promise<void> {
    if (!this.prompt || this.handle || this.signal.aborted) return;
    this.handle = await this.media.start(this.prompt, { loop: true }).catch(() => undefined);
  }

  /** Stops the loop (no-op when silent). */
  async stop(): Promise<void> {
    const handle = this.handle;
    this.handle = undefined;
    await handle?.stop();
  }
}
