import { join } from 'node:path';
import { atomicWrite, readIfExists, sha256 } from './atomic-file';
import { sniffAudio } from './audio-sniff';
import type { TtsAudio, TtsRequest } from './vira-tts.client';

/**
 * Audio already bought from the TTS provider, keyed by sha256 of text + voice + speed, so running
 * `prompts tts` again for the same line costs no credit and no wait: `<dir>/<key>.(mp3|wav)` plus
 * `<dir>/<key>.json` saying what it is. Text is compared after Unicode NFC and trimming, so the
 * same Persian line typed with a different normal form is still one entry.
 */
export function ttsCacheKey(req: TtsRequest): string {
  return sha256(JSON.stringify([req.text.normalize('NFC').trim(), req.voice, req.speed]));
}

export class TtsCache {
  constructor(readonly dir: string) {}

  async get(key: string): Promise<TtsAudio | undefined> {
    for (const ext of ['mp3', 'wav'] as const) {
      const path = join(this.dir, `${key}.${ext}`);
      const bytes = await readIfExists(path);
      // A file cut short or damaged by hand is not audio any more: ask the provider again.
      if (bytes !== undefined && sniffAudio(bytes) === ext) return { bytes, kind: ext, url: path };
    }
    return undefined;
  }

  async put(key: string, req: TtsRequest, audio: TtsAudio, now: Date): Promise<void> {
    await atomicWrite(join(this.dir, `${key}.${audio.kind}`), audio.bytes);
    const meta = { text: req.text, voice: req.voice, speed: req.speed, from: audio.url, at: now.toISOString() };
    await atomicWrite(join(this.dir, `${key}.json`), Buffer.from(`${JSON.stringify(meta, null, 2)}\n`));
  }
}
