import { promises as fs } from 'node:fs';
import { join, resolve } from 'node:path';
import { EngineError, describeError, isEngineError, type PluginCommandInput } from '../../../engine/src/index';
import { UsageError, type CommandFlags } from './command-flags';
import { DEFAULT_VOICE, readTtsSlice, scenarioFlag, sourceRootOf } from './prompts-options';
import { NAME_PATTERN } from './prompt-paths';
import { NON_SPEECH_GENERATORS, parsePromptsTsv } from './prompts-tsv';
import { generatePrompt, type TtsJob } from './prompt-tts';
import { TtsCache } from './tts-cache';
import type { HttpSender } from './tts-http';
import { ViraTtsClient } from './vira-tts.client';

export const TTS_SWITCHES = ['all', 'force', 'no-cache', 'json'];

export interface TtsCommandDeps {
  readonly send?: HttpSender;
  readonly sleep?: (ms: number) => Promise<void>;
  readonly now?: () => Date;
  readonly cwd?: string;
}

async function jobsFrom(flags: CommandFlags, sourceRoot: string, scenario: string): Promise<TtsJob[]> {
  const voice = flags.str('voice') ?? DEFAULT_VOICE;
  if (!/^[A-Za-z][A-Za-z0-9_-]*$/.test(voice)) throw new UsageError(`--voice ${voice}: a voice name such as shahrzad, sara, dara`);
  const speed = flags.num('speed', 1, 0.5, 2);
  if (!flags.bool('all')) {
    const name = flags.required('name');
    if (!NAME_PATTERN.test(name)) throw new UsageError(`--name ${name}: letters, digits, '-' and '_' only`);
    return [{ scenario, name, text: flags.required('text'), voice, speed }];
  }
  if (flags.str('name') !== undefined || flags.str('text') !== undefined) throw new UsageError('--all reads names and texts from prompts.tsv; drop --name/--text');
  const tsv = join(sourceRoot, scenario, 'prompts.tsv');
  const parsed = parsePromptsTsv(await fs.readFile(tsv, 'utf8').catch(() => {
    throw new UsageError(`--all needs ${tsv}`);
  }));
  if (parsed.errors.length > 0) throw new UsageError(`${tsv}:\n  ${parsed.errors.join('\n  ')}`);
  return parsed.rows.filter((r) => !NON_SPEECH_GENERATORS.includes(r.generator)).map((r) => ({ scenario, name: r.name, text: r.text, voice, speed }));
}

function buildClient(input: PluginCommandInput, flags: CommandFlags, deps: TtsCommandDeps): Pick<ViraTtsClient, 'synthesize'> {
  const slice = readTtsSlice(input.config);
  if (!slice.ok) throw new EngineError('CE_CONFIG_INVALID', slice.issues.join('; '));
  const { vira, ttsTimeoutSec } = slice.value;
  if (!vira.ttsToken) {
    // Only a cache miss needs the provider, so a missing token fails then, not up front.
    return { synthesize: () => Promise.reject(new EngineError('CE_CONFIG_INVALID', 'plugins.stt.vira.ttsToken (VIRA_TTS_TOKEN) is empty')) };
  }
  const trackUrls = flags.list('track-url');
  return new ViraTtsClient({
    url: vira.ttsUrl,
    token: vira.ttsToken,
    verifySsl: vira.verifySsl,
    timeoutMs: ttsTimeoutSec * 1000,
    maxWaitMs: flags.num('max-wait', 120, 1, 3600) * 1000,
    ...(trackUrls.length > 0 ? { trackUrls } : {}),
    ...(deps.send ? { send: deps.send } : {}),
    ...(deps.sleep ? { sleep: deps.sleep } : {}),
    logger: input.logger.child({ plugin: 'stt', command: 'prompts tts' }),
  });
}

/**
 * `salehi-engine prompts tts --scenario NAME (--name N --text "..." | --all) [--voice V] [--speed S]
 * [--force] [--no-cache] [--source DIR] [--cache DIR] [--track-url TEMPLATE] [--max-wait SEC]`.
 * Writes prompt SOURCES (`<source>/<scenario>/<name>.mp3`); `prompts sync` installs them.
 * Exit 0 = all written or unchanged, 3 = some left alone (conflicts), 1 = failures, 2 = config.
 */
export async function runTts(input: PluginCommandInput, flags: CommandFlags, deps: TtsCommandDeps): Promise<number> {
  const cwd = deps.cwd ?? process.cwd();
  const scenario = scenarioFlag(flags, true) as string;
  const sourceRoot = sourceRootOf(flags, cwd);
  const jobs = await jobsFrom(flags, sourceRoot, scenario);
  const client = buildClient(input, flags, deps);
  const cache = new TtsCache(resolve(cwd, flags.str('cache') ?? join(sourceRoot, '.tts-cache')));
  const opts = { sourceRoot, force: flags.bool('force'), useCache: !flags.bool('no-cache') };
  const tally = { written: 0, unchanged: 0, conflict: 0, failed: 0 };
  for (const job of jobs) {
    try {
      const r = await generatePrompt(job, opts, { client, cache, ...(deps.now ? { now: deps.now } : {}) });
      tally[r.action]++;
      input.io.out(`${r.action.padEnd(10)}${r.path}  (${r.kind}${r.cached ? ', from cache' : ''}${r.detail ? `; ${r.detail}` : ''})`);
    } catch (err) {
      tally.failed++;
      const code = isEngineError(err) ? err.code : 'CE_TTS_FAILED';
      input.io.err(`failed    ${scenario}/${job.name}: ${code}: ${describeError(err)}`);
      // Every later line would hit the same wall: stop instead of burning retries.
      if (code === 'CE_TTS_QUOTA') break;
      if (code === 'CE_CONFIG_INVALID') return 2;
    }
  }
  input.io.out(`${jobs.length} prompts: ${tally.written} written, ${tally.unchanged} unchanged, ${tally.conflict} conflicts, ${tally.failed} failed`);
  if (tally.written > 0) input.io.out('install them with: salehi-engine prompts sync');
  if (tally.failed > 0) return 1;
  return tally.conflict > 0 ? 3 : 0;
}
