import { describeError, isEngineError, type PluginCommand } from '../../../engine/src/index';
import { CommandFlags, UsageError } from './command-flags';
import type { SyncDeps } from './prompt-sync';
import { runSync, SYNC_SWITCHES } from './sync.subcommand';
import { runTts, TTS_SWITCHES, type TtsCommandDeps } from './tts.subcommand';

export const PROMPTS_USAGE = `usage:
  salehi-engine prompts sync [--target DIR] [--scenario NAME] [--dry-run] [--prune] [--force ID[,ID]]
                             [--source DIR] [--ffmpeg PATH] [--verbose] [--json]
      convert assets/audio/<scenario>/*.(wav|mp3) to 8 kHz wav + ulaw + alaw and install them into
      asterisk.soundDir/<scenario>/ and its en/custom sibling (scenario "common" = the root).
      Only changed files are written; files salehi-engine did not install are never overwritten
      (reported as conflicts; --force academy/hello replaces that prompt, keeping a .salehi-orig copy).
      --prune deletes installed files whose source is gone. Exit 0 ok, 3 conflicts, 1 failures.
  salehi-engine prompts tts --scenario NAME (--name NAME --text "..." | --all) [--voice shahrzad]
                            [--speed 1.0] [--force] [--no-cache] [--source DIR] [--cache DIR]
                            [--track-url URL-WITH-{id}] [--max-wait SEC]
      record prompt sources offline through Vira TTS (plugins.stt.vira.ttsUrl/ttsToken):
      writes assets/audio/<scenario>/<name>.mp3; --all reads assets/audio/<scenario>/prompts.tsv.`;

const USAGE_EXIT = 64;
const CONFIG_EXIT = 2;

export type PromptsCommandDeps = SyncDeps & TtsCommandDeps;

/** `salehi-engine prompts <sync|tts> ...`: prompt assets, offline (PRODUCT.md §7). */
export function createPromptsCommand(deps: PromptsCommandDeps = {}): PluginCommand {
  return {
    name: 'prompts',
    summary: 'sync | tts ...  install prompt audio into Asterisk; record prompts via Vira TTS',
    async run(input) {
      try {
        const flags = new CommandFlags(input, [...new Set([...SYNC_SWITCHES, ...TTS_SWITCHES.filter((s) => s !== 'force')])]);
        const sub = flags.positionals[0];
        if (sub === 'sync') return await runSync(input, flags, deps);
        if (sub === 'tts') return await runTts(input, new CommandFlags(input, TTS_SWITCHES), deps);
        if (sub === 'help' || flags.bool('help')) {
          input.io.out(PROMPTS_USAGE);
          return 0;
        }
        throw new UsageError(sub === undefined ? 'which one: sync or tts?' : `unknown subcommand '${sub}'`);
      } catch (err) {
        if (err instanceof UsageError) {
          input.io.err(`${err.message}\n${PROMPTS_USAGE}`);
          return USAGE_EXIT;
        }
        if (isEngineError(err, 'CE_CONFIG_INVALID')) {
          input.io.err(`${err.code}: ${err.message}`);
          return CONFIG_EXIT;
        }
        input.io.err(`${isEngineError(err) ? err.code : 'CE_ENGINE_INTERNAL'}: ${describeError(err)}`);
        return 1;
      }
    },
  };
}

/** The command as the stt plugin manifest lists it. */
export const promptsCommand: PluginCommand = createPromptsCommand();
