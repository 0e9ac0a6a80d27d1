import assert from 'node:assert/strict';
import { postMultipart } from '../../../../plugins/stt/http/multipart-post';
import { OpenAiSttProvider } from '../../../../plugins/stt/providers/openai-stt.provider';
import { ProviderFailure, type FailureKind } from '../../../../plugins/stt/providers/stt-provider';
import { sttConfigSchema } from '../../../../plugins/stt/stt.config';
import { FakeOpenAiStt, type FakeOpenAiMode } from '../../../fakes/fake-openai-stt';
import { speechLike, wavFile } from '../../../helpers/stt-audio';

const AUDIO = wavFile(speechLike(0.5, 8000), 8000);

function provider(fake: FakeOpenAiStt, apiKey = fake.apiKey): OpenAiSttProvider {
  return new OpenAiSttProvider(sttConfigSchema.parse({ openai: { baseUrl: `${fake.baseUrl}/`, apiKey, model: 'gapgpt/whisper-1' } }).openai, postMultipart);
}

function ask(p: OpenAiSttProvider, signal = new AbortController().signal, hotwords: string[] = []) {
  return p.transcribe({ audio: AUDIO, name: 'rec-1', hotwords, language: 'fa', signal });
}

function failsWith(kind: FailureKind, status?: number) {
  return (err: unknown): boolean => err instanceof ProviderFailure && err.kind === kind && (status === undefined || err.status === status);
}

describe('stt OpenAI-compatible provider against the loopback fake', () => {
  let fake: FakeOpenAiStt;
  beforeEach(async () => {
    fake = await new FakeOpenAiStt().start();
  });
  afterEach(() => fake.stop());

  it('posts file, model, language and json format with a Bearer key; hotwords become the prompt', async () => {
    assert.deepEqual(await ask(provider(fake), undefined, ['بله', 'خیر']), { kind: 'text', text: 'بله' });
    const req = fake.requests[0]!;
    assert.equal(req.path, '/v1/audio/transcriptions');
    assert.equal(req.headers['authorization'], 'Bearer ***');
    assert.equal(req.fileIsWav, true);
    assert.deepEqual(req.file, AUDIO);
    assert.deepEqual(req.fields['model'], ['gapgpt/whisper-1']);
    assert.deepEqual(req.fields['language'], ['fa']);
    assert.deepEqual(req.fields['response_format'], ['json']);
    assert.deepEqual(req.fields['prompt'], ['بله، خیر']);
    assert.ok(!JSON.stringify(fake.requests).includes(fake.apiKey));
  });

  const cases: [FakeOpenAiMode, (p: Promise<unknown>) => Promise<void>][] = [
    [{ kind: 'ok', text: 'نه' }, async (p) => assert.deepEqual(await p, { kind: 'text', text: 'نه' })],
    [{ kind: 'too-short' }, async (p) => assert.equal(((await p) as { kind: string }).kind, 'empty-audio')],
    [{ kind: 'bad-file' }, (p) => assert.rejects(p, failsWith('client', 400))],
    [{ kind: 'rate-limit' }, (p) => assert.rejects(p, failsWith('client', 429))],
    [{ kind: 'quota' }, (p) => assert.rejects(p, failsWith('quota', 429))],
    [{ kind: 'quota-403' }, (p) => assert.rejects(p, failsWith('quota', 403))],
    [{ kind: 'server-error' }, (p) => assert.rejects(p, failsWith('server', 500))],
    [{ kind: 'non-json' }, (p) => assert.rejects(p, failsWith('malformed', 200))],
  ];
  for (const [mode, check] of cases) {
    it(`classifies the fake's "${mode.kind}" reply`, async () => {
      fake.enqueue(mode);
      await check(ask(provider(fake)));
    });
  }

  it('gets 401 for a wrong key', async () => {
    await assert.rejects(ask(provider(fake, 'sk-wrong')), failsWith('client', 401));
  });

  it('gives up on a hung request when its signal aborts', async () => {
    fake.enqueue({ kind: 'hang' });
    const ctl = new AbortController();
    setTimeout(() => ctl.abort(new Error('deadline')), 50);
    await assert.rejects(ask(provider(fake), ctl.signal));
  });
});
