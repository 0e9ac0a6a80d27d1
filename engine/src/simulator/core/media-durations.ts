import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RecordingStore } from './recording-store';
import { readWavInfo } from './wav-audio';

export interface MediaDurationOptions {
  /** Known prompt lengths in seconds by sound name (`custom/hello` → 3.2). */
  readonly durations?: Readonly<Record<string, number>>;
  /** A sounds directory: `<dir>/<name>.wav` gives the length (and its absence a failed playback). */
  readonly soundsDir?: string;
  /** Length of a sound that is neither in the table nor (without soundsDir) on disk. Default 2 s. */
  readonly defaultSoundSeconds?: number;
}

const SECONDS_PER_DIGIT = 0.6;
const TONE_SECONDS = 10;

/**
 * How long a media URI plays, in simulated seconds; undefined when Asterisk would fail it
 * (missing file, unknown scheme) and the playback ends `failed`.
 */
export class MediaDurations {
  constructor(
    private readonly options: MediaDurationOptions,
    private readonly recordings: RecordingStore,
  ) {}

  secondsOf(mediaUri: string): number | undefined {
    const colon = mediaUri.indexOf(':');
    if (colon <= 0) return undefined;
    const scheme = mediaUri.slice(0, colon);
    const value = mediaUri.slice(colon + 1);
    switch (scheme) {
      case 'sound':
        return this.soundSeconds(value);
      case 'recording':
        return this.recordings.durationSec(value);
      case 'digits':
      case 'characters':
        return value.length * SECONDS_PER_DIGIT;
      case 'number':
        return /^-?\d+$/.test(value) ? 0.4 + value.replace('-', '').length * 0.4 : undefined;
      case 'tone':
        return TONE_SECONDS;
      default:
        return undefined;
    }
  }

  private soundSeconds(name: string): number | undefined {
    const silence = /^silence\/(\d+)$/.exec(name);
    if (silence) return Number(silence[1]);
    const known = this.options.durations?.[name];
    if (known !== undefined) return known;
    const dir = this.options.soundsDir;
    if (dir === undefined) return this.options.defaultSoundSeconds ?? 2;
    const file = join(dir, `${name}.wav`);
    if (!existsSync(file)) return undefined;
    return readWavInfo(readFileSync(file))?.durationSec;
  }
}
