import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postMultipart } from '../../../../plugins/stt/http/multipart-post';
import { ViraSttProvider } from '../../../../plugins/stt/providers/vira-stt.provider';
import { interpretViraReply } from '../../../../plugins/stt/providers/vira-reply';
import { ProviderFailure, type FailureKind } from '../../../../plugins/stt/providers/stt-provider';
import { sttConfigSchema } from '../../../../plugins/stt/stt.config';
import { FakeViraStt, type FakeViraMode } from '../../../fakes/fake-vira-stt';
import { speechLike, wavFile } from '../../../helpers/stt-audio';

const AUDIO = wavFile(speechLike(0.5, 8000), 8000);

function provider(fake: FakeViraStt, overrides: Record<string, unknown> = {}): ViraSttProvider {
  const vira = sttConfigSchema.parse({ vira: { sttUrl: fake.url, sttToken: fake.token, ...overrides } }).vira;
  return new ViraSttProvider(vira, postMultipart);
}

function ask(p: ViraSttProvider, signal = new AbortController().signal, hotwords: string[] = []) {
  return p.transcribe({ audio: AUDIO, name: 'rec-1', hotwords, language: 'fa', signal });
}

function failsWith(kind: FailureKind, status?: number) {
  return (err: unknown): boolean => err instanceof ProviderFailure && err.kind === kind && (status === undefined || err.status === status);
}

/** A port on 127.0.0.1 with nothing listening. */
async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

describe('stt Vira provider against the loopback fake', () => {
  let fake: FakeViraStt;
  beforeEach(async () => {
    fake = await new FakeViraStt().start();
  });
  afterEach(() => fake.stop());

  it('sends the Avanegar multipart: gateway-token, legacy fields, one hotwords[] part per word, a WAV audio part', async () => {
    const answer = await ask(provider(fake), undefined, ['بله', 'نه', 'آره']);
    assert.deepEqual(answer, { kind: 'text', text: 'بله' });
    const [req] = fake.requests;
    assert.equal(req!.method, 'POST');
    assert.equal(req!.headers['gateway-token'], '***');
    assert.equal(req!.headers['accept'], 'application/json');
    assert.equal(req!.headers['authorization'], undefined);
    assert.deepEqual(req!.hotwords, ['بله', 'نه', 'آره']);
    assert.deepEqual(req!.fields, {
      model: ['default'], srt: ['false'], inverseNormalizer: ['false'], timestamp: ['false'],
      spokenPunctuation: ['false'], punctuation: ['false'], numSpeakers: ['0'], diarize: ['false'],
    });
    assert.equal(req!.audioFilename, 'audio.wav');
    assert.equal(req!.audioIsWav, true);
    assert.deepEqual(req!.audio, AUDIO);
    assert.ok(!JSON.stringify(fake.requests).includes(fake.token), 'the token must never be recorded');
  });

  const cases: [string, FakeViraMode, (p: Promise<unknown>) => Promise<void>][] = [
    ['ok', { kind: 'ok', text: ' نه ممنون ' }, async (p) => assert.deepEqual(await p, { kind: 'text', text: 'نه ممنون' })],
    ['empty-text (a normal result)', { kind: 'empty-text' }, async (p) => assert.deepEqual(await p, { kind: 'text', text: '' })],
    ['empty-audio as 400', { kind: 'empty-audio' }, async (p) => assert.deepEqual(await p, { kind: 'empty-audio', detail: 'Empty Audio file' })],
    ['empty-audio as 200', { kind: 'empty-audio', status: 200 }, async (p) => assert.equal(((await p) as { kind: string }).kind, 'empty-audio')],
    ['quota 403 balanceError', { kind: 'quota' }, (p) => assert.rejects(p, failsWith('quota', 403))],
    ['quota 402', { kind: 'quota-402' }, (p) => assert.rejects(p, failsWith('quota', 402))],
    ['duration 400', { kind: 'duration' }, (p) => assert.rejects(p, failsWith('too-long', 400))],
    ['5xx', { kind: 'server-error', status: 503 }, (p) => assert.rejects(p, failsWith('server', 503))],
    ['non-JSON 200', { kind: 'non-json' }, (p) => assert.rejects(p, failsWith('malformed', 200))],
    ['non-JSON 502', { kind: 'non-json', status: 502 }, (p) => assert.rejects(p, failsWith('server', 502))],
    ['bad token 401', { kind: 'bad-token' }, (p) => assert.rejects(p, failsWith('client', 401))],
    ['async job id', { kind: 'pending' }, (p) => assert.rejects(p, failsWith('malformed', 200))],
  ];
  for (const [name, mode, check] of cases) {
    it(`classifies the fake's "${name}" reply`, async () => {
      fake.enqueue(mode);
      await check(ask(provider(fake)));
      assert.equal(fake.requests.at(-1)?.mode, mode.kind);
    });
  }

  it('gets 401 from the fake when the configured token is wrong', async () => {
    await assert.rejects(ask(provider(fake, { sttToken: 'wrong' })), failsWith('client', 401));
    assert.equal(fake.requests[0]!.mode, undefined);
  });

  it('stops waiting on a hung request when its signal aborts, and the fake sees the socket close', async () => {
    fake.enqueue({ kind: 'hang' });
    const ctl = new AbortController();
    const pending = ask(provider(fake), ctl.signal);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(fake.inProgress, 1);
    ctl.abort(new Error('call hung up'));
    await assert.rejects(pending);
    for (let i = 0; i < 50 && fake.inProgress > 0; i++) await new Promise((r) => setTimeout(r, 10));
    assert.equal(fake.inProgress, 0);
  });

  it('reports "network" when nothing listens', async () => {
    const vira = sttConfigSchema.parse({ vira: { sttUrl: `http://127.0.0.1:${await closedPort()}/x` } }).vira;
    await assert.rejects(ask(new ViraSttProvider(vira, postMultipart)), failsWith('network'));
  });
});

describe('stt Vira provider over TLS (verifySsl)', () => {
  let dir: string;
  let fake: FakeViraStt;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stt-tls-'));
    execFileSync('openssl', ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1'], { stdio: 'ignore' });
    fake = await new FakeViraStt('tls-token', { tls: { key: readFileSync(join(dir, 'key.pem')), cert: readFileSync(join(dir, 'cert.pem')) } }).start();
  });
  after(async () => {
    await fake.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a self-signed gateway when verifySsl is true (the default)', async () => {
    await assert.rejects(ask(provider(fake)), failsWith('network'));
  });

  it('accepts a self-signed gateway when verifySsl is false, with the same multipart body', async () => {
    const answer = await ask(provider(fake, { verifySsl: false }), undefined, ['بله']);
    assert.deepEqual(answer, { kind: 'text', text: 'بله' });
    const req = fake.requests.at(-1)!;
    assert.deepEqual([req.audioIsWav, req.hotwords, req.fields['model']], [true, ['بله'], ['default']]);
    assert.equal(req.headers['gateway-token'], '***');
  });

  it('aborts an insecure request that hangs', async () => {
    fake.enqueue({ kind: 'hang' });
    const ctl = new AbortController();
    const pending = ask(provider(fake, { verifySsl: false }), ctl.signal);
    setTimeout(() => ctl.abort(new Error('timeout')), 50);
    await assert.rejects(pending);
  });
});

describe('stt Vira reply reading', () => {
  it('reads the transcript from data.data.aiResponse.result.text, then data.text, then data.data.text', () => {
    assert.deepEqual(interpretViraReply(201, JSON.stringify({ data: { data: { aiResponse: { result: { text: 'a' } } } } })), { kind: 'text', text: 'a' });
    assert.deepEqual(interpretViraReply(200, JSON.stringify({ data: { text: 'b' } })), { kind: 'text', text: 'b' });
    assert.deepEqual(interpretViraReply(200, JSON.stringify({ data: { data: { text: 'c' } } })), { kind: 'text', text: 'c' });
  });

  it('ignores meta.status, which reads "fail" even on success', () => {
    const body = JSON.stringify({ meta: { status: 'fail' }, data: { status: 'success', data: { aiResponse: { result: { text: 'بله' } } } } });
    assert.deepEqual(interpretViraReply(200, body), { kind: 'text', text: 'بله' });
  });

  it('finds quota and empty-audio messages wherever Vira puts them', () => {
    assert.throws(() => interpretViraReply(200, JSON.stringify({ message: 'credit is below the set threshold' })), failsWith('quota'));
    assert.throws(() => interpretViraReply(400, JSON.stringify({ data: { data: { aiResponse: { message: 'balanceError' } } } })), failsWith('quota'));
    assert.throws(() => interpretViraReply(400, 'balanceError (plain text)'), failsWith('quota'));
    assert.deepEqual(interpretViraReply(400, JSON.stringify({ message: 'Input file content is unexpected' })), { kind: 'empty-audio', detail: 'Input file content is unexpected' });
    assert.throws(() => interpretViraReply(429, '{}'), failsWith('client', 429));
  });
});
