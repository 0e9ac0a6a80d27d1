import { promises as fs } from 'node:fs';
import { join } from 'node:path';
import { atomicWrite, readIfExists, sha256 } from './atomic-file';
import type { AudioKind } from './audio-sniff';
import { TtsCache, ttsCacheKey } from './tts-cache';
import type { TtsRequest, ViraTtsClient } from './vira-tts.client';

/** One prompt to record: `<sourceRoot>/<scenario>/<name>.(mp3|wav)` from this text. */
export interface TtsJob extends TtsRequest {
  readonly scenario: string;
  readonly name: string;
}

export interface TtsWriteOptions {
  readonly sourceRoot: string;
  /** Replace an existing different source (a hand recording or the espeak-ng default) and its other-format twin. */
  readonly force: boolean;
  /** False asks the provider even if this text + voice + speed was bought before. */
  readonly useCache: boolean;
}

export type TtsAction = 'written' | 'unchanged' | 'conflict';

export interface TtsOutcome {
  readonly action: TtsAction;
  readonly path: string;
  readonly kind: AudioKind;
  /** True when the audio came from the cache (no provider call). */
  readonly cached: boolean;
  readonly detail?: string;
}

export interface TtsDeps {
  readonly client: Pick<ViraTtsClient, 'synthesize'>;
  readonly cache: TtsCache;
  readonly now?: () => Date;
}

const OTHER: Record<AudioKind, AudioKind> = { mp3: 'wav', wav: 'mp3' };

/**
 * Records one prompt source. The file is named by what the audio IS (sniffed), so a WAV the
 * gateway sends is not saved as `.mp3`. An existing different source, or a twin in the other format
 * (the sync would prefer a `.wav` over our `.mp3`), is a conflict unless `force`: sources are the
 * admin's files too. Sources are only ever written here, offline; the sync installs them.
 */
export async function generatePrompt(job: TtsJob, opts: TtsWriteOptions, deps: TtsDeps): Promise<TtsOutcome> {
  const key = ttsCacheKey(job);
  const hit = opts.useCache ? await deps.cache.get(key) : undefined;
  const audio = hit ?? (await deps.client.synthesize(job));
  if (!hit) await deps.cache.put(key, job, audio, (deps.now ?? (() => new Date()))());
  const dir = join(opts.sourceRoot, job.scenario);
  const path = join(dir, `${job.name}.${audio.kind}`);
  const twin = join(dir, `${job.name}.${OTHER[audio.kind]}`);
  const base = { path, kind: audio.kind, cached: hit !== undefined };
  const current = await readIfExists(path);
  const twinExists = (await readIfExists(twin)) !== undefined;
  if (current !== undefined && sha256(current) === sha256(audio.bytes) && !twinExists) return { ...base, action: 'unchanged' };
  if (!opts.force && (current !== undefined || twinExists)) {
    const what = current !== undefined ? `${path} exists with other audio` : `${twin} exists and would be used instead`;
    return { ...base, action: 'conflict', detail: `${what}; --force replaces it` };
  }
  await atomicWrite(path, audio.bytes);
  if (twinExists) await fs.unlink(twin);
  return { ...base, action: 'written', ...(twinExists ? { detail: `removed ${twin}` } : {}) };
}
