import { createToken } from '../../../engine/src/index';
import type { ProviderAnswer, ProviderRequest, SttProvider } from './stt-provider';

/**
 * The provider for runs against the built-in PBX simulator: a simulated customer "says" a scripted
 * sentence, the simulator attaches it to the recording it stores, and this provider hands it back
 * without any network. It runs after the silence gate and the clean-up like a real provider, so a
 * scripted silence (a silent WAV) still comes out as `status: 'silent'`.
 */

/** Returns the sentence the simulator attached to a recording, or undefined (nothing said). */
export type SimulatorSpeechLookup = (recordingName: string) => string | undefined;

/**
 * Registered by whoever runs the simulator in-process (the composition root's `overrides`, or a
 * simulator plugin). Needed only when `plugins.stt.provider` is `simulator`.
 */
export const SIMULATOR_SPEECH = createToken<SimulatorSpeechLookup>('SIMULATOR_SPEECH');

export class SimulatorSttProvider implements SttProvider {
  readonly name = 'simulator';
  readonly quotaResult = 'failed:vira_quota' as const;

  constructor(private readonly lookup: SimulatorSpeechLookup) {}

  transcribe(req: ProviderRequest): Promise<ProviderAnswer> {
    if (req.signal.aborted) return Promise.reject(req.signal.reason);
    return Promise.resolve({ kind: 'text', text: (this.lookup(req.name) ?? '').trim() });
  }
}
