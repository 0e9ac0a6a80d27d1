import { join } from 'node:path';
import { z } from 'zod';
import { atomicWrite, readIfExists, sha256 } from './atomic-file';
import { CONVERSION_PIPELINE, type ConvertedPrompt } from './prompt-convert';
import { PROMPT_FORMATS, scenarioOfId, type PromptFormat } from './prompt-paths';

/**
 * Converted prompts kept in `audio.wavDir` (legacy AUDIO_WAV_DIR, "converted prompts") as
 * `<wavDir>/<scenario>/<prompt>.(wav|ulaw|alaw)`, with `.salehi-prompt-cache.json` recording the
 * source hash each was made from. An unchanged source is not converted again, so a sync with
 * nothing to do runs no ffmpeg at all. Every cached file is re-hashed before use: a file edited
 * or truncated by hand is simply converted again.
 */
export const CACHE_MANIFEST_NAME = '.salehi-prompt-cache.json';

const sha = z.string().regex(/^[0-9a-f]{64}$/);
const cacheSchema = z.object({
  version: z.literal(1),
  pipeline: z.string(),
  prompts: z.record(
    z.string(),
    z.object({ sourceSha256: sha, durationSec: z.number().nonnegative(), outputs: z.object({ wav: sha, ulaw: sha, alaw: sha }) }),
  ),
});
type CacheFile = z.infer<typeof cacheSchema>;

export class ConversionCache {
  private dirty = false;

  private constructor(
    private readonly dir: string,
    private readonly data: CacheFile,
    /** Dry runs read the cache but never write it. */
    private readonly readOnly: boolean,
  ) {}

  static async open(dir: string, readOnly: boolean): Promise<ConversionCache> {
    const raw = await readIfExists(join(dir, CACHE_MANIFEST_NAME));
    let data: CacheFile = { version: 1, pipeline: CONVERSION_PIPELINE, prompts: {} };
    if (raw !== undefined) {
      try {
        const parsed = cacheSchema.safeParse(JSON.parse(raw.toString('utf8')));
        // A cache from another conversion pipeline is worthless: start over.
        if (parsed.success && parsed.data.pipeline === CONVERSION_PIPELINE) data = parsed.data;
      } catch {
        // A damaged cache only costs a re-conversion.
      }
    }
    return new ConversionCache(dir, data, readOnly);
  }

  private file(id: string, format: PromptFormat): string {
    const scenario = scenarioOfId(id);
    const prompt = id.slice(id.indexOf('/') + 1);
    return join(this.dir, scenario, `${prompt}.${format}`);
  }

  /** The cached conversion of this exact source, or undefined. */
  async get(id: string, sourceSha256: string): Promise<ConvertedPrompt | undefined> {
    const entry = this.data.prompts[id];
    if (!entry || entry.sourceSha256 !== sourceSha256) return undefined;
    const out: Partial<Record<PromptFormat, Buffer>> = {};
    for (const format of PROMPT_FORMATS) {
      const bytes = await readIfExists(this.file(id, format)).catch(() => undefined);
      if (bytes === undefined || sha256(bytes) !== entry.outputs[format]) return undefined;
      out[format] = bytes;
    }
    return { ...(out as Record<PromptFormat, Buffer>), durationSec: entry.durationSec };
  }

  async put(id: string, sourceSha256: string, converted: ConvertedPrompt): Promise<void> {
    if (this.readOnly) return;
    for (const format of PROMPT_FORMATS) await atomicWrite(this.file(id, format), converted[format]);
    this.data.prompts[id] = {
      sourceSha256,
      durationSec: converted.durationSec,
      outputs: { wav: sha256(converted.wav), ulaw: sha256(converted.ulaw), alaw: sha256(converted.alaw) },
    };
    this.dirty = true;
  }

  async flush(): Promise<void> {
    if (this.readOnly || !this.dirty) return;
    await atomicWrite(join(this.dir, CACHE_MANIFEST_NAME), Buffer.from(`${JSON.stringify(this.data, null, 2)}\n`));
    this.dirty = false;
  }
}
