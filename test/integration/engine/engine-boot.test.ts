import 'reflect-metadata';
import assert from 'node:assert/strict';
import { z } from 'zod';
import { buildEngine } from '../../../engine/src/build-engine';
import { loadConfig } from '../../../engine/src/config/load-config';
import { createToken, definePlugin, EngineError, routeReply, type AnyPluginManifest } from '../../../engine/src/index';
import { CaptureLogger } from '../../fakes/capture-logger';

const CLOCK_TEXT = createToken<{ text(): string }>('CLOCK_TEXT');

function config(plugins: Record<string, unknown>) {
  return loadConfig({ env: { SALEHI__plugins: JSON.stringify(plugins), SALEHI__asterisk__enabled: 'false', SALEHI__store__sqlite__path: ':memory:' }, envFile: null });
}

const provider = definePlugin({
  id: 'time-teller',
  version: '1.0.0',
  provides: [CLOCK_TEXT],
  configSchema: z.object({ greeting: z.string().default('hello') }).strict(),
  register(ctx) {
    ctx.container.registerValue(CLOCK_TEXT, { text: () => `${ctx.config.greeting} at noon` });
    ctx.http.register([{ method: 'GET', url: '/now', handler: () => routeReply(200, { text: `${ctx.config.greeting}` }) }]);
    ctx.health.add({ name: 'time-source', check: () => ({ ok: true }) });
  },
});

const consumer = definePlugin({
  id: 'announcer',
  version: '1.0.0',
  dependsOn: ['time-teller'],
  requires: [CLOCK_TEXT],
  configSchema: z.object({}).strict(),
  register() {},
});

describe('engine boot (in process, inject only)', () => {
  it('fails fast when a plugin requires a token nobody provides, naming plugin and token', () => {
    const lonely: AnyPluginManifest = definePlugin({ ...consumer, dependsOn: [] });
    assert.throws(
      () => buildEngine(config({ announcer: { enabled: true } }), { plugins: [lonely], logger: new CaptureLogger() }),
      (err: unknown) => err instanceof EngineError && err.code === 'CE_PLUGIN_DEP_MISSING' && /announcer/.test(err.message) && /CLOCK_TEXT/.test(err.message),
    );
  });

  it('fails fast when a plugin depends on a plugin that is not enabled', () => {
    assert.throws(
      () => buildEngine(config({ announcer: { enabled: true } }), { plugins: [provider, consumer], logger: new CaptureLogger() }),
      (err: unknown) => err instanceof EngineError && err.code === 'CE_PLUGIN_DEP_MISSING' && /announcer/.test(err.message) && /time-teller/.test(err.message),
    );
  });

  it('starts plugins, mounts their routes and reports their status, then stops', async () => {
    const engine = buildEngine(config({ 'time-teller': { enabled: true, greeting: 'salam' }, announcer: { enabled: true } }), {
      plugins: [consumer, provider],
      logger: new CaptureLogger(),
    });
    await engine.start();
    try {
      const now = await engine.http.inject({ method: 'GET', url: '/api/time-teller/now' });
      assert.deepEqual(now.json(), { text: 'salam' });
      const plugins = await engine.http.inject({ method: 'GET', url: '/api/plugins' });
      const list = plugins.json<{ id: string; state: string }[] | { plugins: { id: string; state: string }[] }>();
      const entries = Array.isArray(list) ? list : list.plugins;
      assert.deepEqual(entries.map((p) => [p.id, p.state]), [['time-teller', 'started'], ['announcer', 'started']]);
      const ready = await engine.http.inject({ method: 'GET', url: '/ready' });
      assert.equal(ready.statusCode, 200);
      assert.deepEqual(ready.json<{ components: { name: string; ok: boolean }[] }>().components.map((c) => [c.name, c.ok]), [['time-source', true]]);
    } finally {
      await engine.stop();
    }
    assert.deepEqual(engine.plugins.list().map((p) => p.state), ['stopped', 'stopped']);
  });
});
