import assert from 'node:assert/strict';
import { FakeViraStt, VIRA_PATH } from '../../../fakes/fake-vira-stt';
import { FakeOpenAiStt } from '../../../fakes/fake-openai-stt';
import { parseMultipart } from '../../../fakes/multipart-body';
import { speechLike, wavFile } from '../../../helpers/stt-audio';

const AUDIO = wavFile(speechLike(0.3, 8000), 8000);

function form(parts: Record<string, string | Buffer>): FormData {
  const f = new FormData();
  for (const [name, value] of Object.entries(parts)) {
    if (typeof value === 'string') f.append(name, value);
    else f.append(name, new Blob([value], { type: 'audio/wav' }), 'audio.wav');
  }
  return f;
}

describe('STT loopback fakes (their own contract)', () => {
  it('multipart parser keeps repeated fields in order and file bytes exact', async () => {
    const f = form({ a: '1', audio: AUDIO });
    f.append('hotwords[]', 'x');
    f.append('hotwords[]', 'ی ک');
    const res = new Response(f);
    const parsed = parseMultipart(Buffer.from(await res.arrayBuffer()), res.headers.get('content-type') ?? undefined);
    assert.deepEqual(parsed.fields, { a: ['1'], 'hotwords[]': ['x', 'ی ک'] });
    assert.deepEqual(parsed.files[0]!.data, AUDIO);
    assert.equal(parsed.files[0]!.filename, 'audio.wav');
  });

  describe('fake Vira', () => {
    let fake: FakeViraStt;
    beforeEach(async () => {
      fake = await new FakeViraStt().start();
    });
    afterEach(() => fake.stop());

    const post = (body: FormData, token = fake.token, path = VIRA_PATH) =>
      fetch(`${fake.origin}${path}`, { method: 'POST', headers: { 'gateway-token': token }, body });

    it('answers 404 off its route, 401 for a wrong token, 400 "unexpected" without a WAV audio part', async () => {
      assert.equal((await post(form({ audio: AUDIO }), fake.token, '/other')).status, 404);
      assert.equal((await post(form({ audio: AUDIO }), 'nope')).status, 401);
      const noWav = await post(form({ audio: Buffer.from('not a wav file at all') }));
      assert.equal(noWav.status, 400);
      assert.match(await noWav.text(), /Input file content is unexpected/);
      assert.deepEqual(fake.requests.map((r) => r.mode), [undefined, undefined, undefined]);
    });

    it('takes queued modes in order, then the default; replyForAudio wins over the queue', async () => {
      fake.enqueue({ kind: 'server-error' }, { kind: 'quota' }).replyForAudio(wavFile(new Float32Array(10), 8000), { kind: 'empty-text' });
      assert.equal((await post(form({ audio: wavFile(new Float32Array(10), 8000) }))).status, 200);
      assert.equal((await post(form({ audio: AUDIO }))).status, 500);
      assert.equal((await post(form({ audio: AUDIO }))).status, 403);
      const ok = await post(form({ audio: AUDIO }));
      assert.equal(((await ok.json()) as { meta: { status: string } }).meta.status, 'fail', 'the misleading meta.status is kept');
      assert.deepEqual(fake.requests.map((r) => r.mode), ['empty-text', 'server-error', 'quota', 'ok']);
    });
  });

  it('fake OpenAI requires a model and a file and redacts the key', async () => {
    const fake = await new FakeOpenAiStt().start();
    try {
      const res = await fetch(`${fake.baseUrl}/audio/transcriptions`, { method: 'POST', headers: { authorization: `Bearer ${fake.apiKey}` }, body: form({ file: AUDIO }) });
      assert.equal(res.status, 400);
      assert.equal(fake.requests[0]!.headers['authorization'], 'Bearer ***');
    } finally {
      await fake.stop();
    }
  });
});
