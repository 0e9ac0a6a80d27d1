import 'reflect-metadata';
import assert from 'node:assert/strict';
import { container as rootContainer, type DependencyContainer } from 'tsyringe';
import { z } from 'zod';
import { PluginHost } from '../../../../engine/src/plugin-host/plugin-host';
import { definePlugin } from '../../../../engine/src/plugin-host/define-plugin';
import { createToken } from '../../../../engine/src/di/token';
import { EngineError, PluginStartError } from '../../../../engine/src/errors';
import type { AnyPluginManifest } from '../../../../engine/src/plugin-host/plugin.types';
import type { HealthIndicator } from '../../../../engine/src/ports/health.port';
import type { RouteGroup } from '../../../../engine/src/ports/http-routes.port';
import { CaptureLogger } from '../../../fakes/capture-logger';

const GREETER = createToken<{ greet(): string }>('GREETER');
const MISSING = createToken<unknown>('MISSING_PORT');

function setup() {
  const container: DependencyContainer = rootContainer.createChildContainer();
  const logger = new CaptureLogger();
  const groups: RouteGroup[] = [];
  const indicators: HealthIndicator[] = [];
  const host = new PluginHost({
    container,
    logger,
    routes: { register: (routes, opts) => groups.push({ ...opts, routes }), groups: () => groups },
    health: { add: (i) => indicators.push(i), list: () => indicators },
    coreTokens: [],
  });
  return { container, logger, groups, host };
}

function plugin(id: string, extra: Partial<AnyPluginManifest> = {}, calls: string[] = []): AnyPluginManifest {
  return definePlugin({
    id,
    version: '1.0.0',
    configSchema: z.object({}).strict(),
    register: () => calls.push(`register:${id}`),
    start: () => {
      calls.push(`start:${id}`);
    },
    stop: () => {
      calls.push(`stop:${id}`);
    },
    ...extra,
  });
}

function catchErr(fn: () => unknown): EngineError {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof EngineError);
    return err;
  }
  assert.fail('expected a throw');
}

describe('PluginHost', () => {
  it('starts enabled plugins in dependency order, stops them in reverse, and skips disabled ones', async () => {
    const calls: string[] = [];
    const { host } = setup();
    host.load(
      [plugin('dialer', { dependsOn: ['stt'] }, calls), plugin('stt', {}, calls), plugin('panel', {}, calls)],
      { dialer: { enabled: true, optional: false }, stt: { enabled: true, optional: false }, panel: { enabled: false, optional: false } },
    );
    await host.start();
    await host.stop();
    assert.deepEqual(calls, ['register:stt', 'register:dialer', 'start:stt', 'start:dialer', 'stop:dialer', 'stop:stt']);
    assert.deepEqual(host.list().map((s) => [s.id, s.state]), [['stt', 'stopped'], ['dialer', 'stopped']]);
  });

  it('fails boot when a plugin requires a token nobody registered, naming plugin and token', () => {
    const { host } = setup();
    const err = catchErr(() => host.load([plugin('dialer', { requires: [MISSING] })], { dialer: { enabled: true, optional: false } }));
    assert.equal(err.code, 'CE_PLUGIN_DEP_MISSING');
    assert.deepEqual(err.details, { plugin: 'dialer', token: 'MISSING_PORT' });
  });

  it('fails boot when a plugin does not register what it says it provides', () => {
    const { host } = setup();
    const err = catchErr(() => host.load([plugin('stt', { provides: [GREETER] })], { stt: { enabled: true, optional: false } }));
    assert.equal(err.code, 'CE_PLUGIN_PROVIDES_MISSING');
    assert.deepEqual(err.details, { plugin: 'stt', token: 'GREETER' });
  });

  it('fails boot for an enabled plugin that does not exist and for a missing plugin dependency', () => {
    assert.equal(catchErr(() => setup().host.load([], { ghost: { enabled: true, optional: false } })).code, 'CE_PLUGIN_UNKNOWN');
    const err = catchErr(() =>
      setup().host.load([plugin('dialer', { dependsOn: ['panel'] }), plugin('panel')], { dialer: { enabled: true, optional: false } }),
    );
    assert.equal(err.code, 'CE_PLUGIN_DEP_MISSING');
    assert.deepEqual(err.details, { plugin: 'dialer', dependency: 'panel' });
  });

  it('gives each plugin only its own validated, frozen slice and reports slice errors with their paths', () => {
    const seen: unknown[] = [];
    const schema = z.object({ limit: z.number().int().default(5), name: z.string() }).strict();
    const p = plugin('dialer', { configSchema: schema, register: (ctx) => seen.push(ctx.config) });
    setup().host.load([p], { dialer: { enabled: true, optional: false, name: 'x' } });
    assert.deepEqual(seen, [{ limit: 5, name: 'x' }]);
    assert.ok(Object.isFrozen(seen[0]));

    const err = catchErr(() => setup().host.load([p], { dialer: { enabled: true, optional: false, limit: 'many', extra: 1 } }));
    assert.equal(err.code, 'CE_PLUGIN_CONFIG_INVALID');
    const paths = (err.details as { issues: { path: string }[] }).issues.map((i) => i.path).sort();
    assert.deepEqual(paths, ['plugins.dialer.extra', 'plugins.dialer.limit', 'plugins.dialer.name']);
  });

  it('lets provided tokens be resolved by dependants and mounts routes under /api/<id>', async () => {
    const { host, groups } = setup();
    let greeting = '';
    const provider = plugin('stt', {
      provides: [GREETER],
      register: (ctx) => {
        ctx.container.registerValue(GREETER, { greet: () => 'salam' });
        ctx.http.register([{ method: 'GET', url: '/status', handler: () => ({ ok: true }) }]);
      },
    });
    const consumer = plugin('dialer', { dependsOn: ['stt'], requires: [GREETER], start: (ctx) => void (greeting = ctx.resolve(GREETER).greet()) });
    host.load([consumer, provider], { stt: { enabled: true, optional: false }, dialer: { enabled: true, optional: false } });
    await host.start();
    assert.equal(greeting, 'salam');
    assert.deepEqual(groups.map((g) => [g.owner, g.prefix, g.routes[0]?.url]), [['stt', '/api/stt', '/status']]);
  });

  it('refuses to resolve a token a plugin did not declare', async () => {
    const { host } = setup();
    const p = plugin('dialer', { start: (ctx) => void ctx.resolve(GREETER) });
    host.load([p], { dialer: { enabled: true, optional: false } });
    await assert.rejects(host.start(), (err: unknown) => err instanceof PluginStartError && (err.cause as EngineError).code === 'CE_PLUGIN_DEP_MISSING');
  });

  it('stops the started plugins and throws PluginStartError when a required plugin fails', async () => {
    const calls: string[] = [];
    const { host } = setup();
    const boom = new Error('trunk down');
    host.load(
      [plugin('stt', {}, calls), plugin('dialer', { dependsOn: ['stt'], start: () => Promise.reject(boom) }, calls)],
      { stt: { enabled: true, optional: false }, dialer: { enabled: true, optional: false } },
    );
    await assert.rejects(host.start(), (err: unknown) => err instanceof PluginStartError && err.pluginId === 'dialer' && err.cause === boom);
    assert.deepEqual(calls, ['register:stt', 'register:dialer', 'start:stt', 'stop:stt']);
    assert.deepEqual(host.list().find((s) => s.id === 'dialer'), {
      id: 'dialer', version: '1.0.0', optional: false, state: 'failed', errorCode: 'CE_PLUGIN_START_FAILED', error: 'trunk down',
    });
  });

  it('logs an optional plugin failure, keeps going, and does not start its dependants', async () => {
    const calls: string[] = [];
    const { host, logger } = setup();
    const bad = plugin('sms-alerts', { start: () => { throw new EngineError('CE_TELEPHONY_TIMEOUT'); } }, calls);
    host.load(
      [bad, plugin('stt', {}, calls), plugin('reporter', { dependsOn: ['sms-alerts'] }, calls)],
      { 'sms-alerts': { enabled: true, optional: true }, stt: { enabled: true, optional: false }, reporter: { enabled: true, optional: true } },
    );
    await host.start();
    const states = Object.fromEntries(host.list().map((s) => [s.id, [s.state, s.errorCode]]));
    assert.deepEqual(states, {
      'sms-alerts': ['failed', 'CE_TELEPHONY_TIMEOUT'],
      stt: ['started', undefined],
      reporter: ['failed', 'CE_PLUGIN_DEP_MISSING'],
    });
    assert.ok(logger.find('error', /optional plugin failed/), 'the failure is logged');
    assert.ok(!calls.includes('start:reporter'));
  });

  it('rejects a manifest whose id is not kebab-case', () => {
    assert.equal(catchErr(() => plugin('SmsAlerts')).code, 'CE_PLUGIN_MANIFEST_INVALID');
  });
});
