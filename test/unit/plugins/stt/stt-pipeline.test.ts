import 'reflect-metadata';
import assert from 'node:assert/strict';
import sinon from 'sinon';
import { SttPipeline } from '../../../../plugins/stt/stt-pipeline';
import { AudioEnhancer } from '../../../../plugins/stt/audio/enhance';
import { createSttMetrics } from '../../../../plugins/stt/stt-metrics';
import { QuotaAlarm } from '../../../../plugins/stt/quota-alarm';
import { sttConfigSchema } from '../../../../plugins/stt/stt.config';
import { postMultipart } from '../../../../plugins/stt/http/multipart-post';
import { ViraSttProvider } from '../../../../plugins/stt/providers/vira-stt.provider';
import { ProviderFailure, type ProviderAnswer, type ProviderRequest, type SttProvider } from '../../../../plugins/stt/providers/stt-provider';
import { PromMetricsAdapter } from '../../../../engine/src/adapters/metrics/prom-metrics.adapter';
import { EngineEventBus } from '../../../../engine/src/events/engine-event-bus';
import { EngineError, type EngineEvent } from '../../../../engine/src/index';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { FakeViraStt } from '../../../fakes/fake-vira-stt';
import { probeWav } from '../../../../plugins/stt/audio/wav-probe';
import { speechLike, wavFile } from '../../../helpers/stt-audio';

type Step = ProviderAnswer | ProviderFailure | 'hang';

/** A provider that plays a script, one step per call ('hang' never answers). */
class ScriptedProvider implements SttProvider {
  readonly name = 'vira';
  readonly quotaResult = 'failed:vira_quota' as const;
  readonly calls: ProviderRequest[] = [];
  constructor(private readonly script: Step[] = []) {}
  transcribe(req: ProviderRequest): Promise<ProviderAnswer> {
    this.calls.push(req);
    const step = this.script.shift() ?? { kind: 'text', text: 'بله' };
    if (step === 'hang') return new Promise(() => undefined);
    return step instanceof ProviderFailure ? Promise.reject(step) : Promise.resolve(step);
  }
}

const SPEECH = wavFile(speechLike(1, 8000), 8000);

function build(provider: SttProvider, overrides: Record<string, unknown> = {}) {
  const logger = new CaptureLogger();
  const prom = new PromMetricsAdapter(logger, { defaultMetrics: false });
  const metrics = createSttMetrics(prom);
  const config = sttConfigSchema.parse({ enhance: { mode: 'off' }, ...overrides });
  const events = new EngineEventBus(logger);
  const seen: EngineEvent[] = [];
  events.on('quota.exhausted', (e) => seen.push(e));
  const stt = new SttPipeline({ config, provider, enhancer: new AudioEnhancer(config.enhance, logger, metrics), metrics, alarm: new QuotaAlarm(logger), logger });
  stt.attachEvents(events);
  return { stt, prom, logger, events: seen };
}

function code(c: string, reason?: string) {
  return (err: unknown): boolean =>
    err instanceof EngineError && err.code === c && (reason === undefined || (err.details as { reason?: string } | undefined)?.reason === reason);
}

/** Lets real event-loop turns pass (the pipeline yields before CPU work) until `done()` holds. */
async function until(done: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !done(); i++) await new Promise((r) => setImmediate(r));
  assert.ok(done(), 'condition never held');
}

async function metricsText(prom: PromMetricsAdapter): Promise<string> {
  return (await prom.render()).body;
}

describe('stt pipeline (gate, clean-up, slot, timeout, retry, quota)', () => {
  it('returns the transcript with per-stage timings and passes hotwords and the default language', async () => {
    const provider = new ScriptedProvider([{ kind: 'text', text: 'بله حتما' }]);
    const { stt, prom } = build(provider);
    const result = await stt.transcribe({ audio: SPEECH, name: 'rec-1', hotwords: ['بله'] });
    assert.equal(result.text, 'بله حتما');
    assert.equal(result.status, 'ok');
    assert.equal(result.provider, 'vira');
    assert.ok(result.timings.precheckMs >= 0 && result.timings.requestMs >= 0);
    assert.deepEqual(provider.calls[0]!.hotwords, ['بله']);
    assert.equal(provider.calls[0]!.language, 'fa');
    assert.equal(provider.calls[0]!.name, 'rec-1');
    const text = await metricsText(prom);
    assert.match(text, /salehi_stt_transcriptions_total\{provider="vira",outcome="ok"\} 1/);
    assert.match(text, /salehi_stt_stage_duration_seconds_count\{provider="vira",stage="request"\} 1/);
  });

  it('reports an empty transcript as a normal result', async () => {
    const { stt, prom } = build(new ScriptedProvider([{ kind: 'text', text: '' }]));
    assert.deepEqual((await stt.transcribe({ audio: SPEECH, name: 'r' })).text, '');
    assert.match(await metricsText(prom), /outcome="empty"\} 1/);
  });

  it('answers "silent" for a tiny, short or quiet recording without calling the provider', async () => {
    const provider = new ScriptedProvider();
    const { stt, prom } = build(provider);
    const tiny = await stt.transcribe({ audio: Buffer.alloc(100), name: 'tiny' });
    const quiet = await stt.transcribe({ audio: wavFile(new Float32Array(8000), 8000), name: 'quiet' });
    assert.deepEqual([tiny.status, tiny.text, quiet.status], ['silent', '', 'silent']);
    assert.equal(provider.calls.length, 0);
    const text = await metricsText(prom);
    assert.match(text, /salehi_stt_silence_rejected_total\{reason="tiny"\} 1/);
    assert.match(text, /salehi_stt_silence_rejected_total\{reason="quiet"\} 1/);
  });

  it('answers "silent" when the provider says the audio was empty', async () => {
    const { stt } = build(new ScriptedProvider([{ kind: 'empty-audio', detail: 'Empty Audio file' }]));
    assert.equal((await stt.transcribe({ audio: SPEECH, name: 'r' })).status, 'silent');
  });

  it('rejects a non-WAV recording with CE_AUDIO_INVALID (the flow treats it as no speech)', async () => {
    const { stt, prom } = build(new ScriptedProvider());
    await assert.rejects(stt.transcribe({ audio: Buffer.alloc(4000, 1), name: 'r' }), code('CE_AUDIO_INVALID'));
    assert.match(await metricsText(prom), /outcome="invalid_audio"\} 1/);
  });

  it('retries once after a 5xx and succeeds', async () => {
    const provider = new ScriptedProvider([new ProviderFailure('server', '502', 502), { kind: 'text', text: 'نه' }]);
    const { stt, prom } = build(provider);
    assert.equal((await stt.transcribe({ audio: SPEECH, name: 'r' })).text, 'نه');
    assert.equal(provider.calls.length, 2);
    assert.match(await metricsText(prom), /salehi_stt_retries_total\{provider="vira",reason="server_error"\} 1/);
  });

  it('fails with CE_STT_FAILED after a second 5xx (only one retry)', async () => {
    const provider = new ScriptedProvider([new ProviderFailure('server', '500', 500), new ProviderFailure('server', '503', 503), { kind: 'text', text: 'x' }]);
    const { stt } = build(provider);
    await assert.rejects(stt.transcribe({ audio: SPEECH, name: 'r' }), code('CE_STT_FAILED', 'server'));
    assert.equal(provider.calls.length, 2);
  });

  for (const [kind, status] of [['client', 401], ['client', 429], ['malformed', 200], ['network', undefined], ['too-long', 400]] as const) {
    it(`does not retry a "${kind}" failure${status ? ` (${status})` : ''}: CE_STT_FAILED`, async () => {
      const provider = new ScriptedProvider([new ProviderFailure(kind, kind, status)]);
      const { stt } = build(provider);
      await assert.rejects(stt.transcribe({ audio: SPEECH, name: 'r' }), code('CE_STT_FAILED', kind));
      assert.equal(provider.calls.length, 1);
    });
  }

  for (const status of [402, 403]) {
    it(`turns HTTP ${status} into CE_STT_QUOTA without a retry and raises quota.exhausted`, async () => {
      const provider = new ScriptedProvider([new ProviderFailure('quota', 'no credit', status, 'balanceError')]);
      const { stt, events, prom } = build(provider);
      await assert.rejects(stt.transcribe({ audio: SPEECH, name: 'r' }), code('CE_STT_QUOTA'));
      assert.equal(provider.calls.length, 1);
      assert.deepEqual(events, [{ type: 'quota.exhausted', provider: 'vira', result: 'failed:vira_quota', detail: 'balanceError' }]);
      assert.match(await metricsText(prom), /outcome="quota"\} 1/);
    });
  }

  describe('with fake timers', () => {
    let clock: sinon.SinonFakeTimers;
    beforeEach(() => {
      clock = sinon.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    });
    afterEach(() => clock.restore());

    it('times out an attempt after timeoutSec, retries once, then fails with CE_STT_TIMEOUT', async () => {
      const provider = new ScriptedProvider(['hang', 'hang']);
      const { stt } = build(provider, { timeoutSec: 30 });
      const outcome = stt.transcribe({ audio: SPEECH, name: 'r' }).then(() => 'resolved', (err: unknown) => err);
      await until(() => provider.calls.length === 1);
      await clock.tickAsync(29_999);
      assert.equal(provider.calls.length, 1);
      await clock.tickAsync(1);
      assert.equal(provider.calls.length, 2);
      assert.ok(provider.calls[0]!.signal.aborted, 'the first attempt is cancelled');
      await clock.tickAsync(30_000);
      assert.ok(code('CE_STT_TIMEOUT')(await outcome));
    });

    it('succeeds when the retry after a timeout answers', async () => {
      const provider = new ScriptedProvider(['hang', { kind: 'text', text: 'آره' }]);
      const { stt, prom } = build(provider, { timeoutSec: 5 });
      const result = stt.transcribe({ audio: SPEECH, name: 'r' });
      await until(() => provider.calls.length === 1);
      await clock.tickAsync(5_000);
      assert.equal((await result).text, 'آره');
      assert.match(await metricsText(prom), /reason="timeout"\} 1/);
    });

    it('stops at once, without a retry, when the caller aborts (the call hung up)', async () => {
      const provider = new ScriptedProvider(['hang', { kind: 'text', text: 'x' }]);
      const { stt, prom } = build(provider);
      const ctl = new AbortController();
      const outcome = stt.transcribe({ audio: SPEECH, name: 'r', signal: ctl.signal }).then(() => 'resolved', (err: unknown) => err);
      await until(() => provider.calls.length === 1);
      await clock.tickAsync(1_000);
      ctl.abort(new Error('hung up'));
      await clock.tickAsync(0);
      assert.ok(code('CE_STT_FAILED', 'aborted')(await outcome));
      assert.equal(provider.calls.length, 1);
      assert.match(await metricsText(prom), /outcome="aborted"\} 1/);
    });
  });

  it('drops a transcription whose caller aborts while it waits for a slot', async () => {
    const provider = new ScriptedProvider(['hang']);
    const { stt } = build(provider, { maxParallel: 1, timeoutSec: 60 });
    const firstCtl = new AbortController();
    const first = stt.transcribe({ audio: SPEECH, name: 'first', signal: firstCtl.signal });
    const ctl = new AbortController();
    const queued = stt.transcribe({ audio: SPEECH, name: 'second', signal: ctl.signal });
    await until(() => provider.calls.length === 1);
    await new Promise((r) => setImmediate(r));
    ctl.abort(new Error('hung up'));
    await assert.rejects(queued, code('CE_STT_FAILED', 'aborted'));
    assert.deepEqual(provider.calls.map((c) => c.name), ['first']);
    firstCtl.abort(new Error('done'));
    await assert.rejects(first, code('CE_STT_FAILED', 'aborted'));
  });
});

describe('stt pipeline against the Vira fake', () => {
  let fake: FakeViraStt;
  beforeEach(async () => {
    fake = await new FakeViraStt().start();
  });
  afterEach(() => fake.stop());

  function viraPipeline(overrides: Record<string, unknown>) {
    const vira = sttConfigSchema.parse({ vira: { sttUrl: fake.url, sttToken: fake.token } }).vira;
    return build(new ViraSttProvider(vira, postMultipart), overrides);
  }

  it('keeps at most maxParallel requests at the provider at once', async () => {
    fake.latencyMs = 80;
    const { stt, prom } = viraPipeline({ maxParallel: 2 });
    const results = await Promise.all(Array.from({ length: 6 }, (_, i) => stt.transcribe({ audio: SPEECH, name: `r${i}` })));
    assert.deepEqual(results.map((r) => r.text), Array(6).fill('بله'));
    assert.equal(fake.maxConcurrent, 2);
    assert.match(await metricsText(prom), /salehi_stt_requests_in_flight\{provider="vira"\} 0/);
  });

  it('sends the in-process clean-up (16 kHz) by default and the raw 8 kHz recording when ffmpeg cannot run', async () => {
    await viraPipeline({ enhance: { mode: 'inprocess' } }).stt.transcribe({ audio: SPEECH, name: 'a' });
    await viraPipeline({ enhance: { mode: 'ffmpeg', ffmpegPath: '/nonexistent/ffmpeg' } }).stt.transcribe({ audio: SPEECH, name: 'b' });
    assert.equal(probeWav(fake.requests[0]!.audio!).sampleRate, 16000);
    assert.deepEqual(fake.requests[1]!.audio, SPEECH);
  });

  it('turns the fake\'s quota 403 into CE_STT_QUOTA plus the event, and a hang into CE_STT_TIMEOUT after one retry', async () => {
    fake.enqueue({ kind: 'quota' }, { kind: 'hang' }, { kind: 'hang' });
    const { stt, events } = viraPipeline({ timeoutSec: 0.1 });
    await assert.rejects(stt.transcribe({ audio: SPEECH, name: 'q' }), code('CE_STT_QUOTA'));
    assert.equal(events.length, 1);
    await assert.rejects(stt.transcribe({ audio: SPEECH, name: 'h' }), code('CE_STT_TIMEOUT'));
    assert.equal(fake.requests.length, 3);
  });
});
