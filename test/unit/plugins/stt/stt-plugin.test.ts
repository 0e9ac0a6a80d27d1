import 'reflect-metadata';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildEngine, type BuildEngineOptions, type Engine } from '../../../../engine/src/build-engine';
import { loadConfig } from '../../../../engine/src/config/load-config';
import { PromMetricsAdapter } from '../../../../engine/src/adapters/metrics/prom-metrics.adapter';
import { ENGINE_EVENTS, EngineError, STT_PORT, type EngineEvent, type EngineEventsPort, type SttPort } from '../../../../engine/src/index';
import { SIMULATOR_SPEECH, sttConfigSchema, sttPlugin } from '../../../../plugins/stt/index';
import { probeWav } from '../../../../plugins/stt/audio/wav-probe';
import { SpokenTextRegistry } from '../../../../engine/src/simulator/core/spoken-text-registry';
import { synthesize } from '../../../../engine/src/simulator/core/speech-audio';
import { encodeWav } from '../../../../engine/src/simulator/core/wav-audio';
import { CaptureLogger } from '../../../fakes/capture-logger';
import { FakeViraStt } from '../../../fakes/fake-vira-stt';
import { speechLike, wavFile } from '../../../helpers/stt-audio';

const SPEECH = wavFile(speechLike(1, 8000), 8000);

function engineWith(env: Record<string, string>, overrides?: BuildEngineOptions['overrides']): Engine {
  const config = loadConfig({ env: { SALEHI__asterisk__enabled: 'false', SALEHI__store__sqlite__path: ':memory:', ...env }, envFile: null, availablePlugins: ['stt'] });
  const logger = new CaptureLogger();
  return buildEngine(config, { plugins: [sttPlugin], logger, metrics: new PromMetricsAdapter(logger, { defaultMetrics: false }), ...(overrides ? { overrides } : {}) });
}

describe('stt plugin (manifest, config slice, boot)', () => {
  it('is a kebab-case manifest that provides STT_PORT', () => {
    assert.equal(sttPlugin.id, 'stt');
    assert.deepEqual(sttPlugin.provides, [STT_PORT]);
  });

  it('accepts exactly the legacy slice (vira, timeouts, parallelism) and fills the new keys with defaults', () => {
    const legacy = {
      vira: { sttUrl: 'https://partai.gw.isahab.ir/avanegar/v2/avanegar/request', sttToken: 't', ttsUrl: 'https://partai.gw.isahab.ir/avasho/v2/avasho/request', ttsToken: '', verifySsl: false },
      timeoutSec: 30, ttsTimeoutSec: 30, maxParallel: 50, maxParallelTts: 50,
    };
    const cfg = sttConfigSchema.parse(legacy);
    assert.equal(cfg.provider, 'vira');
    assert.equal(cfg.vira.verifySsl, false);
    assert.equal(cfg.enhance.mode, 'inprocess');
    assert.equal(cfg.enhance.ffmpegFilter, 'highpass=f=120,lowpass=f=3800,afftdn=nf=-25,loudnorm=I=-19:TP=-2:LRA=8');
    assert.deepEqual(cfg.silence, { minBytes: 800, minDurationSec: 0.1, minRms: 0.001 });
    assert.equal(sttConfigSchema.safeParse({ ...legacy, timeoutSecs: 3 }).success, false, 'unknown keys are typos');
  });

  it('fails the boot with CE_PLUGIN_CONFIG_INVALID for a bad slice, naming the path', () => {
    assert.throws(
      () => engineWith({ SALEHI__plugins__stt__enhance__mode: 'sox' }),
      (err: unknown) => err instanceof EngineError && err.code === 'CE_PLUGIN_CONFIG_INVALID' && /plugins\.stt\.enhance\.mode/.test(err.message),
    );
  });

  describe('booted with the legacy environment against the Vira fake', () => {
    let fake: FakeViraStt;
    let engine: Engine;
    let keepDir: string;
    beforeEach(async () => {
      fake = await new FakeViraStt('legacy-token', { defaultText: 'بله بفرمایید' }).start();
      keepDir = mkdtempSync(join(tmpdir(), 'stt-plugin-'));
      engine = engineWith({
        VIRA_STT_URL: fake.url,
        VIRA_STT_TOKEN: 'legacy-token',
        STT_TIMEOUT: '5',
        MAX_PARALLEL_STT: '3',
        SALEHI__plugins__stt__enhance__keepDir: keepDir,
      });
      await engine.start();
    });
    afterEach(async () => {
      await engine.stop();
      await fake.stop();
      rmSync(keepDir, { recursive: true, force: true });
    });

    it('transcribes through STT_PORT, keeps the enhanced copy and exports metrics', async () => {
      const stt = engine.container.resolve<SttPort>(STT_PORT);
      const result = await stt.transcribe({ audio: SPEECH, name: 'out-42-1', hotwords: ['بله'] });
      assert.equal(result.text, 'بله بفرمایید');
      assert.equal(result.status, 'ok');
      assert.equal(result.enhancedPath, join(keepDir, 'out-42-1.enhanced.wav'));
      assert.equal(probeWav(readFileSync(result.enhancedPath)).sampleRate, 16000);
      assert.deepEqual(fake.requests[0]!.hotwords, ['بله']);
      const metrics = await engine.http.inject({ method: 'GET', url: '/metrics' });
      assert.match(metrics.body, /salehi_stt_transcriptions_total\{provider="vira",outcome="ok"\} 1/);
      assert.equal(engine.plugins.list()[0]!.state, 'started');
    });

    it('emits quota.exhausted on the engine bus for a quota refusal', async () => {
      const seen: EngineEvent[] = [];
      engine.container.resolve<EngineEventsPort>(ENGINE_EVENTS).on('quota.exhausted', (e) => seen.push(e));
      fake.enqueue({ kind: 'quota' });
      await assert.rejects(engine.container.resolve<SttPort>(STT_PORT).transcribe({ audio: SPEECH, name: 'q' }), (err: unknown) => err instanceof EngineError && err.code === 'CE_STT_QUOTA');
      assert.equal(seen.length, 1);
      assert.deepEqual({ ...seen[0], detail: undefined }, { type: 'quota.exhausted', provider: 'vira', result: 'failed:vira_quota', detail: undefined });
      assert.match((seen[0] as { detail?: string }).detail ?? '', /balanceError/);
    });
  });

  it('with provider "simulator", answers with the sentence the simulator attached to the recording', async () => {
    const spoken = new Map([['sim-rec-1', 'نه ممنون']]);
    const engine = engineWith({ SALEHI__plugins__stt__provider: 'simulator' }, (c) => c.register(SIMULATOR_SPEECH, { useValue: (name: string) => spoken.get(name) }));
    await engine.start();
    try {
      const stt = engine.container.resolve<SttPort>(STT_PORT);
      assert.equal((await stt.transcribe({ audio: SPEECH, name: 'sim-rec-1' })).text, 'نه ممنون');
      assert.equal((await stt.transcribe({ audio: SPEECH, name: 'unknown' })).text, '');
      assert.equal((await stt.transcribe({ audio: Buffer.alloc(10), name: 'sim-rec-1' })).status, 'silent');
    } finally {
      await engine.stop();
    }
  });

  it('reads the simulator\'s own recordings and spoken-text registry (the wiring the lead adds)', async () => {
    const registry = new SpokenTextRegistry();
    const spoken = encodeWav(synthesize({ totalSec: 3, speech: { startSec: 0.5, endSec: 1.7 } }, 7));
    const silent = encodeWav(synthesize({ totalSec: 3 }, 8));
    registry.set({ recordingName: 'out-1-a', text: 'بله', durationSec: 3, channelId: 'c1' });
    registry.set({ recordingName: 'out-1-b', text: '', durationSec: 3, channelId: 'c1' });
    const engine = engineWith({ SALEHI__plugins__stt__provider: 'simulator' }, (c) =>
      c.register(SIMULATOR_SPEECH, { useValue: (name: string) => registry.get(name)?.text }),
    );
    await engine.start();
    try {
      const stt = engine.container.resolve<SttPort>(STT_PORT);
      assert.deepEqual(await stt.transcribe({ audio: spoken, name: 'out-1-a' }).then((r) => [r.status, r.text]), ['ok', 'بله']);
      assert.deepEqual(await stt.transcribe({ audio: silent, name: 'out-1-b' }).then((r) => [r.status, r.text]), ['silent', '']);
    } finally {
      await engine.stop();
    }
  });

  it('fails to start with provider "simulator" when nothing registered SIMULATOR_SPEECH', async () => {
    const engine = engineWith({ SALEHI__plugins__stt__provider: 'simulator' });
    await assert.rejects(engine.start(), (err: unknown) => err instanceof EngineError && err.code === 'CE_PLUGIN_START_FAILED' && /SIMULATOR_SPEECH/.test(err.message));
    await engine.stop();
  });
});
