import { KeywordIntentClassifier, scenarioIntents, type AnyPluginManifest } from '../engine/src/index';
import { createLlmPlugin } from './llm';
import { sttPlugin, SIMULATOR_SPEECH } from './stt';
import { dialerPlugin } from './dialer';

/**
 * The plugins shipped with this build. Config (`plugins.<id>.enabled`) decides which run.
 * Each product plugin (dialer, stt, llm, panel, sms-alerts) is added here by the issue that implements it.
 */
export const bundledPlugins: readonly AnyPluginManifest[] = [
  sttPlugin,
  dialerPlugin,
  createLlmPlugin({
    createLocalClassifier: () => new KeywordIntentClassifier(),
    loadScenarioIntents: async (name, config) => scenarioIntents(name, config),
  }),
];

/** The stt plugin's lookup token for the PBX simulator's spoken text (the demo registers it). */
export const simulatorSpeech = SIMULATOR_SPEECH;
