import { createInterface } from 'node:readline';
import {
  systemClock,
  type EngineConfig,
  type EngineEventsPort,
  type IntentClassifierPort,
  type IntentRequest,
  type IntentResult,
  type IntentTokens,
  type Logger,
  type PluginCommand,
  type PluginCommandInput,
} from '../../engine/src/index';
import { createLlmClassifier } from './llm-classifier.factory';
import { llmConfigSchema, type LlmConfig } from './llm.config';

/** The intent setup of one scenario: what the classify step of that scenario would pass. */
export interface ScenarioIntents {
  readonly labels: readonly string[];
  readonly fallbackLabel: string;
  readonly tokens?: IntentTokens;
  readonly prompt?: IntentRequest['prompt'];
}

/** The academy's reference scenario (PRODUCT.md §3), used until scenario files can be read. */
export const ACADEMY_INTENTS: ScenarioIntents = { labels: ['yes', 'no', 'number_question', 'unknown'], fallbackLabel: 'unknown' };

/**
 * Hook for the scenario loader: returns the labels, token lists and prompt of scenario `name`
 * (rejecting for an unknown one). The default answers ACADEMY_INTENTS for any name; the call-flow
 * work passes a loader that reads `scenarios.dir`.
 */
export type ScenarioIntentsLoader = (name: string, config: EngineConfig) => Promise<ScenarioIntents>;

/** Builds the engine's local keyword classifier; the CLI runs outside DI, so main wires this in. */
export type LocalClassifierFactory = (input: { readonly config: EngineConfig; readonly logger: Logger }) => IntentClassifierPort;

export interface ClassifyCommandDeps {
  readonly createLocalClassifier: LocalClassifierFactory;
  readonly loadScenarioIntents?: ScenarioIntentsLoader;
}

const USAGE = 'usage: salehi-engine classify --scenario NAME [--no-llm] < replies.txt   (prints intent<TAB>source<TAB>text per line)';
const USAGE_EXIT = 64;
const CONFIG_EXIT = 2;

/**
 * `salehi-engine classify --scenario NAME [--no-llm]`: classifies one reply per stdin line the way
 * a call would (local fast path, then the LLM from `plugins.llm`, local fallback) and prints
 * `intent<TAB>source<TAB>text`. `--no-llm` uses only the local classifier. Blank lines are skipped.
 * A quota answer stops the run with CE_LLM_QUOTA (the CLI prints it and exits 1).
 */
export function createClassifyCommand(deps: ClassifyCommandDeps): PluginCommand {
  const loadIntents = deps.loadScenarioIntents ?? (() => Promise.resolve(ACADEMY_INTENTS));
  return {
    name: 'classify',
    summary: '--scenario NAME [--no-llm]  classify replies read from stdin, one per line',
    async run(input) {
      const scenario = input.flags['scenario'];
      if (typeof scenario !== 'string' || scenario.length === 0) {
        input.io.err(USAGE);
        return USAGE_EXIT;
      }
      const parsed = llmConfigSchema.safeParse(ownSlice(input.config.plugins['llm']));
      if (!parsed.success) {
        input.io.err(`plugins.llm is invalid: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
        return CONFIG_EXIT;
      }
      const intents = await loadIntents(scenario, input.config);
      const localOnly = noLlm(input.flags['no-llm']);
      const classifier = buildClassifier(input, deps, parsed.data, localOnly);
      try {
        await classifyLines(input, classifier, { ...intents, scenario }, localOnly ? 1 : parsed.data.maxParallel);
      } finally {
        classifier.close?.();
      }
      return 0;
    },
  };
}

type ClosableClassifier = IntentClassifierPort & { close?(): void };

function buildClassifier(input: PluginCommandInput, deps: ClassifyCommandDeps, config: LlmConfig, localOnly: boolean): ClosableClassifier {
  const local = deps.createLocalClassifier({ config: input.config, logger: input.logger });
  if (localOnly) return local;
  if (!config.apiKey) input.logger.warn('plugins.llm.apiKey is empty: every reply is classified locally');
  return createLlmClassifier({ config, local, events: loggingEvents(input.logger), logger: input.logger.child({ plugin: 'llm' }), clock: systemClock });
}

/** `--no-llm` parses as a switch; a value after it (e.g. a swallowed positional) still means on, except "false". */
function noLlm(flag: string | true | undefined): boolean {
  return flag !== undefined && flag !== 'false';
}

function ownSlice(slice: unknown): unknown {
  if (!slice || typeof slice !== 'object') return {};
  const { enabled: _enabled, optional: _optional, ...own } = slice as Record<string, unknown>;
  return own;
}

/** Outside the engine nobody listens for events; the quota event is logged instead. */
function loggingEvents(logger: Logger): EngineEventsPort {
  return {
    emit: (event) => logger.warn({ event: event.type }, 'engine event (no listeners in the CLI)'),
    on: () => () => undefined,
  };
}

type Settled = { readonly ok: true; readonly result: IntentResult; readonly text: string } | { readonly ok: false; readonly err: unknown };

/** Classifies up to `window` lines at once but prints strictly in input order. */
async function classifyLines(input: PluginCommandInput, classifier: IntentClassifierPort, base: Omit<IntentRequest, 'text'>, window: number): Promise<void> {
  const rl = createInterface({ input: input.io.stdin, crlfDelay: Infinity, terminal: false });
  const pending: Promise<Settled>[] = [];
  const printHead = async (): Promise<void> => {
    const head = await (pending.shift() as Promise<Settled>);
    if (!head.ok) throw head.err;
    input.io.out(`${head.result.label}\t${head.result.source}\t${head.text.replace(/\t/g, ' ')}`);
  };
  try {
    for await (const line of rl) {
      const text = line.trim();
      if (!text) continue;
      // Settled promises never reject, so a failure behind the head cannot go unhandled.
      pending.push(classifier.classify({ ...base, text }).then((result): Settled => ({ ok: true, result, text }), (err: unknown): Settled => ({ ok: false, err })));
      if (pending.length >= window) await printHead();
    }
    while (pending.length > 0) await printHead();
  } finally {
    rl.close();
  }
}
