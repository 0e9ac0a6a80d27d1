/** What a simulated person said into one recording. */
export interface SpokenText {
  readonly recordingName: string;
  /** The text (Persian), `''` when the person stayed silent. */
  readonly text: string;
  /** Where the voice is in the file, in seconds (absent for silence). */
  readonly speechStartSec?: number;
  readonly speechEndSec?: number;
  readonly durationSec: number;
  readonly channelId: string;
  /** The script label of the person (`says-yes`, `silent`, ...). */
  readonly party?: string;
}

/**
 * The side channel a simulated speech-to-text provider reads: recording name → spoken text.
 * Real audio is written too; this registry spares the simulator a real recogniser.
 */
export class SpokenTextRegistry {
  private readonly byName = new Map<string, SpokenText>();

  set(entry: SpokenText): void {
    this.byName.set(entry.recordingName, entry);
  }

  /** Looks a recording up by name, also when given a file name or path (`/spool/recording/x.wav`). */
  get(recording: string): SpokenText | undefined {
    const direct = this.byName.get(recording);
    if (direct) return direct;
    const parts = recording.replace(/\.(wav|sln|ulaw|alaw)$/i, '').split('/');
    for (let i = 0; i < parts.length; i++) {
      const found = this.byName.get(parts.slice(i).join('/'));
      if (found) return found;
    }
    return undefined;
  }

  delete(recordingName: string): void {
    this.byName.delete(recordingName);
  }

  list(): SpokenText[] {
    return [...this.byName.values()];
  }
}
