import { definePlugin, ENGINE_EVENTS, EngineError, METRICS, STT_PORT, type Logger, type Token } from '../../engine/src/index';
import { sttConfigSchema, type SttConfig } from './stt.config';
import { createSttMetrics } from './stt-metrics';
import { AudioEnhancer } from './audio/enhance';
import { postMultipart } from './http/multipart-post';
import { QuotaAlarm } from './quota-alarm';
import { CpuTurns } from './cpu-turns';
import { SttPipeline } from './stt-pipeline';
import type { SttProvider } from './providers/stt-provider';
import { ViraSttProvider } from './providers/vira-stt.provider';
import { OpenAiSttProvider } from './providers/openai-stt.provider';
import { SIMULATOR_SPEECH, SimulatorSttProvider } from './providers/simulator-stt.provider';
import { promptsCommand } from './prompts';
import { startRetention } from './retention';

export { sttConfigSchema, type SttConfig } from './stt.config';
export { SIMULATOR_SPEECH, type SimulatorSpeechLookup } from './providers/simulator-stt.provider';

type Resolve = <U>(t: Token<U>) => U;

function buildProvider(cfg: SttConfig, resolve: Resolve): SttProvider {
  if (cfg.provider === 'vira') return new ViraSttProvider(cfg.vira, postMultipart);
  if (cfg.provider === 'openai') return new OpenAiSttProvider(cfg.openai, postMultipart);
  let lookup;
  try {
    lookup = resolve(SIMULATOR_SPEECH);
  } catch (err) {
    throw new EngineError('CE_PLUGIN_DEP_MISSING', "plugins.stt.provider is 'simulator' but nothing registered SIMULATOR_SPEECH (run the built-in PBX simulator)", {
      cause: err,
      details: { plugin: 'stt', token: 'SIMULATOR_SPEECH' },
    });
  }
  return new SimulatorSttProvider(lookup);
}

function buildPipeline(cfg: SttConfig, logger: Logger, resolve: Resolve): SttPipeline {
  const metrics = createSttMetrics(resolve(METRICS));
  const cpu = new CpuTurns();
  return new SttPipeline({
    config: cfg,
    provider: buildProvider(cfg, resolve),
    enhancer: new AudioEnhancer(cfg.enhance, logger, metrics, cpu),
    metrics,
    alarm: new QuotaAlarm(logger),
    logger,
    cpu,
  });
}

/**
 * Speech-to-text: silence gate, audio clean-up and a bounded, timed, retried request to Vira
 * Avanegar (default), an OpenAI-compatible `/audio/transcriptions`, or the PBX simulator. Provides
 * STT_PORT; a quota refusal raises `quota.exhausted` so the dialer pauses.
 */
/** Builds the manifest; the closure holds the running plugin's retention sweep. */
export function createSttPlugin() {
  let stopRetention: (() => void) | undefined;
  return definePlugin<SttConfig>({
    id: 'stt',
    version: '1.0.0',
    provides: [STT_PORT],
    configSchema: sttConfigSchema,
    commands: [promptsCommand],
    register(ctx) {
      ctx.container.registerFactory(STT_PORT, (resolve) => buildPipeline(ctx.config, ctx.logger, resolve));
    },
    start(ctx) {
      // Built here, not at first use, so a missing simulator lookup fails the boot, not the first call.
      const stt = ctx.resolve(STT_PORT);
      if (stt instanceof SttPipeline) stt.attachEvents(ctx.resolve(ENGINE_EVENTS));
      const { provider, vira, openai, enhance } = ctx.config;
      if ((provider === 'vira' && !vira.sttToken) || (provider === 'openai' && !openai.apiKey)) {
        ctx.logger.warn({ provider }, 'no STT credential is set (VIRA_STT_TOKEN / plugins.stt.openai.apiKey): every transcription will fail');
      }
      ctx.logger.info({ provider, enhance: enhance.mode, maxParallel: ctx.config.maxParallel, timeoutSec: ctx.config.timeoutSec }, 'speech-to-text ready');
      stopRetention = startRetention(enhance.keepDir, enhance.keepDays, ctx.logger);
    },
    stop() {
      stopRetention?.();
      stopRetention = undefined;
    },
  });
}

export const sttPlugin = createSttPlugin();
