import type { SttConfig } from '../stt.config';
import type { MultipartSender } from '../http/multipart-post';
import { ProviderFailure, type ProviderAnswer, type ProviderRequest, type SttProvider } from './stt-provider';
import { interpretViraReply } from './vira-reply';

/**
 * Vira (Part AI "Avanegar" v2) speech-to-text: `POST {sttUrl}` as multipart with the audio part, the
 * legacy text fields and one `hotwords[]` part per word; the token goes in `gateway-token` (not a
 * Bearer header).
 */
const FIXED_FIELDS: readonly (readonly [string, string])[] = [
  ['srt', 'false'],
  ['inverseNormalizer', 'false'],
  ['timestamp', 'false'],
  ['spokenPunctuation', 'false'],
  ['punctuation', 'false'],
  ['numSpeakers', '0'],
  ['diarize', 'false'],
];

export class ViraSttProvider implements SttProvider {
  readonly name = 'vira';
  readonly quotaResult = 'failed:vira_quota' as const;

  constructor(
    private readonly cfg: SttConfig['vira'],
    private readonly send: MultipartSender,
  ) {}

  async transcribe(req: ProviderRequest): Promise<ProviderAnswer> {
    const form = new FormData();
    form.append('audio', new Blob([req.audio], { type: 'audio/wav' }), 'audio.wav');
    form.append('model', this.cfg.model);
    for (const [field, value] of FIXED_FIELDS) form.append(field, value);
    for (const word of req.hotwords) form.append('hotwords[]', word);
    let reply;
    try {
      reply = await this.send({
        url: this.cfg.sttUrl,
        headers: { 'gateway-token': this.cfg.sttToken, accept: 'application/json' },
        form,
        signal: req.signal,
        verifyTls: this.cfg.verifySsl,
      });
    } catch (err) {
      if (req.signal.aborted) throw err;
      throw new ProviderFailure('network', 'Vira could not be reached', undefined, undefined, { cause: err });
    }
    return interpretViraReply(reply.status, reply.body);
  }
}
