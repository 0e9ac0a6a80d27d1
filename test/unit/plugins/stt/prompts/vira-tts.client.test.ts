import assert from 'node:assert/strict';
import { isEngineError } from '../../../../../engine/src/index';
import { defaultTrackUrls, ViraTtsClient, type ViraTtsOptions } from '../../../../../plugins/stt/prompts/vira-tts.client';
import { sniffAudio } from '../../../../../plugins/stt/prompts/audio-sniff';
import { FakeViraTts, tinyMp3, tinyWav } from '../../../../fakes/fake-vira-tts';

const REQ = { text: 'سلام، از آموزشگاه تماس می‌گیریم.', voice: 'shahrzad', speed: 1 };

describe('Vira TTS client (Avasho v2) against the loopback fake', () => {
  let fake: FakeViraTts;
  let sleeps: number[];

  beforeEach(async () => {
    fake = await new FakeViraTts().start();
    sleeps = [];
  });
  afterEach(() => fake.stop());

  function client(over: Partial<ViraTtsOptions> = {}): ViraTtsClient {
    return new ViraTtsClient({
      url: fake.url,
      token: fake.token,
      verifySsl: true,
      timeoutMs: 2000,
      maxWaitMs: 60_000,
      // Pending jobs wait in "time" only: the sleeps are recorded, not slept.
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...over,
    });
  }

  it('posts the Avasho JSON with gateway-token and a named voice, then downloads the MP3 link (201)', async () => {
    const audio = await client().synthesize(REQ);

    assert.equal(audio.kind, 'mp3');
    assert.deepEqual(audio.bytes, tinyMp3());
    const post = fake.requests[0]!;
    assert.equal(post.method, 'POST');
    assert.equal(post.headers['gateway-token'], '***');
    assert.equal(post.headers['content-type'], 'application/json');
    assert.equal(post.headers['authorization'], undefined, 'no Bearer header');
    assert.deepEqual(post.json, { text: REQ.text, speaker: 'shahrzad', speed: 1, timestamp: false });
    assert.match(fake.requests[1]!.path, /^\/files\/p\d+\.mp3$/);
  });

  it('never sends the gateway token to a file host on another origin', async () => {
    const viaLocalhost = fake.url.replace('127.0.0.1', 'localhost');

    await client({ url: viaLocalhost }).synthesize(REQ);

    const download = fake.requests.find((r) => r.path.startsWith('/files/'))!;
    assert.equal(download.headers['gateway-token'], undefined);
    assert.equal(fake.requests[0]!.headers['gateway-token'], '***');
  });

  it('sniffs a WAV behind the link and accepts a 200 reply as well', async () => {
    fake.enqueue({ kind: 'ok', audio: 'wav', status: 200 });

    const audio = await client().synthesize(REQ);

    assert.equal(audio.kind, 'wav');
    assert.deepEqual(audio.bytes, tinyWav());
  });

  it('pending → waits the estimate, polls the track route until the link appears', async () => {
    fake.enqueue({ kind: 'pending', polls: 2 });

    const audio = await client().synthesize(REQ);

    assert.equal(audio.kind, 'mp3');
    const tracks = fake.requests.filter((r) => r.path.includes('/track/'));
    assert.equal(tracks.length, 3, 'pending, pending, done');
    assert.deepEqual(sleeps, [1000, 1000, 1000]);
  });

  it('pending → falls through unknown tracking routes (404) to the download route that returns the audio', async () => {
    fake.enqueue({ kind: 'pending', polls: 0, via: 'download', audio: 'wav' });

    const audio = await client().synthesize(REQ);

    assert.equal(audio.kind, 'wav');
    assert.deepEqual(fake.requests.slice(1).map((r) => r.path.split('/')[4]), ['track', 'tracking', 'download']);
  });

  it('pending for longer than maxWait → CE_TTS_TIMEOUT', async () => {
    fake.enqueue({ kind: 'pending', polls: 1000 });
    let now = 0;
    const c = client({ maxWaitMs: 5000, now: () => now, sleep: async (ms) => void (now += ms) });

    await assert.rejects(c.synthesize(REQ), (err) => isEngineError(err, 'CE_TTS_TIMEOUT'));
  });

  it('429 → CE_TTS_QUOTA without a retry', async () => {
    fake.enqueue({ kind: 'quota-429' });

    await assert.rejects(client().synthesize(REQ), (err) => isEngineError(err, 'CE_TTS_QUOTA') && /429/.test(err.message));
    assert.equal(fake.requests.length, 1);
  });

  it('403 balanceError → CE_TTS_QUOTA', async () => {
    fake.enqueue({ kind: 'quota-403' });

    await assert.rejects(client().synthesize(REQ), (err) => isEngineError(err, 'CE_TTS_QUOTA') && /balanceError/.test(err.message));
  });

  it('5xx is retried once: a second 5xx → CE_TTS_FAILED, a success after it wins', async () => {
    fake.enqueue({ kind: 'server-error', status: 502 }, { kind: 'server-error', status: 503 });
    await assert.rejects(client().synthesize(REQ), (err) => isEngineError(err, 'CE_TTS_FAILED') && /503/.test(err.message));
    assert.equal(fake.requests.length, 2);

    fake.enqueue({ kind: 'server-error' }, { kind: 'ok' });
    const audio = await client().synthesize(REQ);
    assert.equal(audio.kind, 'mp3');
  });

  it('a hung gateway → CE_TTS_TIMEOUT after timeoutMs (not retried: the job may be running)', async () => {
    fake.enqueue({ kind: 'hang' });
    const started = Date.now();

    await assert.rejects(client({ timeoutMs: 150 }).synthesize(REQ), (err) => isEngineError(err, 'CE_TTS_TIMEOUT'));
    assert.ok(Date.now() - started < 1500);
    assert.equal(fake.requests.length, 1);
  });

  it('a wrong token → CE_TTS_FAILED naming VIRA_TTS_TOKEN; a link to non-audio → CE_TTS_FAILED', async () => {
    await assert.rejects(client({ token: 'wrong' }).synthesize(REQ), (err) => isEngineError(err, 'CE_TTS_FAILED') && /401.*VIRA_TTS_TOKEN/.test(err.message));

    fake.enqueue({ kind: 'not-audio' });
    await assert.rejects(client().synthesize(REQ), (err) => isEngineError(err, 'CE_TTS_FAILED') && /neither MP3 nor WAV/.test(err.message));
  });

  it('derives tracking guesses from the request URL', () => {
    assert.deepEqual(defaultTrackUrls('https://gw/avasho/v2/avasho/request'), [
      'https://gw/avasho/v2/avasho/track/{id}',
      'https://gw/avasho/v2/avasho/tracking/{id}',
      'https://gw/avasho/v2/avasho/download/{id}',
      'https://gw/avasho/v2/avasho/result/{id}',
    ]);
  });

  it('sniffs MP3 (ID3 or frame sync) and WAV, and nothing else', () => {
    assert.equal(sniffAudio(tinyMp3()), 'mp3');
    assert.equal(sniffAudio(tinyMp3().subarray(10)), 'mp3');
    assert.equal(sniffAudio(tinyWav()), 'wav');
    assert.equal(sniffAudio(Buffer.from([0xff, 0xf1, 0x50, 0x80])), undefined, 'AAC ADTS is not MP3');
    assert.equal(sniffAudio(Buffer.from('{"data":1}')), undefined);
  });
});
