import { EngineError } from '../errors';
import type { TelephonyPort } from '../ports/telephony.port';
import type { SttPort } from '../ports/stt.port';
import type { IntentClassifierPort } from '../ports/intent.port';
import type { Logger } from '../ports/logger.port';
import type { CallSpeech, IntentOutcome, RecordingOutcome, TranscriptOutcome } from '../flow/step-context';
import { DEFAULT_REFINES } from '../classify/default-tokens';

/** The label of a request not to be called again (classify/default-tokens.ts). */
const DNC_REQUEST = 'dnc_request';
import type { LoadedScenario } from '../flow/loaded-scenario';

export interface CallSpeechDeps {
  readonly telephony: TelephonyPort;
  /** Undefined when no STT provider is enabled: classification then fails over to `on_failure`. */
  readonly stt?: SttPort;
  readonly classifier: IntentClassifierPort;
  readonly scenario: LoadedScenario;
  readonly signal: AbortSignal;
  readonly log: Logger;
  /** Called with each stage's latency (seconds) for the per-stage metrics. */
  readonly observe?: (stage: 'fetch' | 'stt' | 'classify', seconds: number) => void;
}

/** Recording → transcript → intent, with the scenario's hotwords, labels, token lists and prompt. */
export class CallSpeechService implements CallSpeech {
  constructor(private readonly d: CallSpeechDeps) {}

  async transcribe(recording: RecordingOutcome): Promise<TranscriptOutcome> {
    if (!this.d.stt) throw new EngineError('CE_STT_FAILED', 'no speech-to-text provider is enabled (plugins.stt)');
    let t = performance.now();
    const file = await this.d.telephony.fetchRecording(recording.name);
    this.d.observe?.('fetch', (performance.now() - t) / 1000);
    t = performance.now();
    const result = await this.d.stt.transcribe({
      audio: file.data,
      name: recording.name,
      hotwords: this.d.scenario.body.stt.hotwords,
      signal: this.d.signal,
    });
    this.d.observe?.('stt', (performance.now() - t) / 1000);
    this.d.log.info({ recording: recording.name, status: result.status, transcript: result.text, provider: result.provider }, 'transcribed');
    return { text: result.text, status: result.status };
  }

  async classify(text: string): Promise<IntentOutcome> {
    const llm = this.d.scenario.body.llm;
    const categories = llm.intent_categories;
    // auto_dnc: "remove me" is asked for even when the step's labels lack it, then counted as its coarser label.
    const autoDnc = this.d.scenario.body.options.auto_dnc && !categories.includes(DNC_REQUEST);
    const t = performance.now();
    const result = await this.d.classifier.classify({
      text,
      labels: autoDnc ? [...categories, DNC_REQUEST] : categories,
      fallbackLabel: llm.fallback_label,
      tokens: llm.fallback_tokens,
      prompt: { template: llm.prompt_template, examples: llm.examples },
      scenario: this.d.scenario.name,
      signal: this.d.signal,
    });
    this.d.observe?.('classify', (performance.now() - t) / 1000);
    const label = coarsest(result.label, categories) ?? llm.fallback_label;
    return { label, source: result.source, ...(result.label === DNC_REQUEST ? { dncRequested: true } : {}) };
  }
}

/** `label` if the step routes on it, else the first coarser label it refines that the step does (`dnc_request` → `no`). */
function coarsest(label: string, categories: readonly string[]): string | undefined {
  const seen = new Set<string>();
  for (let l: string | undefined = label; l !== undefined && !seen.has(l); l = DEFAULT_REFINES[l]) {
    if (categories.includes(l)) return l;
    seen.add(l);
  }
  return undefined;
}
