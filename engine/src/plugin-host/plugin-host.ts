import type { DependencyContainer } from 'tsyringe';
import { z } from 'zod';
import { EngineError, PluginStartError, describeError, isEngineError } from '../errors';
import type { Token } from '../di/token';
import { tokenName } from '../di/token';
import type { EngineConfig } from '../config/config.schema';
import { zodIssues, formatIssues } from '../config/config-issues';
import type { Logger } from '../ports/logger.port';
import type { HttpRouteRegistry } from '../ports/http-routes.port';
import type { HealthRegistry } from '../ports/health.port';
import { orderPlugins } from './plugin-order';
import { createRegistrar } from './plugin-registrar';
import type { AnyPluginManifest, PluginRuntimeContext, PluginState, PluginStatus, PluginStatusSource } from './plugin.types';

export interface PluginHostDeps {
  readonly container: DependencyContainer;
  readonly logger: Logger;
  readonly routes: HttpRouteRegistry;
  readonly health: HealthRegistry;
  /** Core tokens every plugin may resolve without listing them in `requires`. */
  readonly coreTokens: readonly Token<unknown>[];
}

interface Entry {
  readonly manifest: AnyPluginManifest;
  readonly optional: boolean;
  readonly config: unknown;
  readonly logger: Logger;
  state: PluginState;
  errorCode?: string;
  error?: string;
}

/**
 * Loads the plugins enabled in config: orders them by `dependsOn`, validates each config slice with the
 * plugin's schema, runs every `register()` (DI only), checks `provides`/`requires`, then starts them in
 * order and stops them in reverse. Every boot failure names the plugin and the missing id or token.
 */
export class PluginHost implements PluginStatusSource {
  private entries: Entry[] = [];

  constructor(private readonly deps: PluginHostDeps) {}

  /** Selects, orders, validates and registers. Throws an EngineError before anything has started. */
  load(available: readonly AnyPluginManifest[], pluginsConfig: EngineConfig['plugins']): void {
    const known = new Map<string, AnyPluginManifest>();
    for (const m of available) {
      if (known.has(m.id)) throw new EngineError('CE_PLUGIN_DUPLICATE', `Plugin id '${m.id}' is declared twice`, { details: { plugin: m.id } });
      known.set(m.id, m);
    }
    const enabled: AnyPluginManifest[] = [];
    for (const [id, slice] of Object.entries(pluginsConfig)) {
      if (!slice.enabled) continue;
      const manifest = known.get(id);
      if (!manifest) throw new EngineError('CE_PLUGIN_UNKNOWN', `plugins.${id} is enabled but no plugin '${id}' exists`, { details: { plugin: id } });
      enabled.push(manifest);
    }
    const ordered = orderPlugins(enabled);
    this.entries = ordered.map((m) => this.validateSlice(m, pluginsConfig[m.id]));
    for (const e of this.entries) this.registerOne(e);
    for (const e of this.entries) this.checkTokens(e);
  }

  /** Starts plugins in dependency order. A non-optional failure stops what started and throws PluginStartError. */
  async start(): Promise<void> {
    const failed = new Set<string>();
    for (const e of this.entries) {
      const brokenDep = (e.manifest.dependsOn ?? []).find((d) => failed.has(d));
      if (brokenDep) {
        this.fail(e, new EngineError('CE_PLUGIN_DEP_MISSING', `Plugin '${e.manifest.id}' not started: its dependency '${brokenDep}' failed`));
        failed.add(e.manifest.id);
        if (!e.optional) return this.abortStart(e, this.entries.find((x) => x.manifest.id === brokenDep)?.error);
        continue;
      }
      e.state = 'starting';
      try {
        await e.manifest.start?.(this.runtimeContext(e));
        e.state = 'started';
        e.logger.info('plugin started');
      } catch (err) {
        this.fail(e, err);
        failed.add(e.manifest.id);
        if (!e.optional) return this.abortStart(e, err);
        e.logger.error({ err }, 'optional plugin failed to start; engine continues without it');
      }
    }
  }

  /** Stops started plugins in reverse order; errors are logged, never thrown, so every plugin gets its stop. */
  async stop(): Promise<void> {
    for (const e of [...this.entries].reverse()) {
      if (e.state !== 'started') continue;
      e.state = 'stopping';
      try {
        await e.manifest.stop?.(this.runtimeContext(e));
        e.state = 'stopped';
      } catch (err) {
        e.state = 'failed';
        e.errorCode = 'CE_PLUGIN_STOP_FAILED';
        e.error = describeError(err);
        e.logger.error({ err }, 'plugin failed to stop');
      }
    }
  }

  list(): readonly PluginStatus[] {
    return this.entries.map((e) => ({
      id: e.manifest.id,
      version: e.manifest.version,
      optional: e.optional,
      state: e.state,
      ...(e.errorCode ? { errorCode: e.errorCode } : {}),
      ...(e.error ? { error: e.error } : {}),
    }));
  }

  private validateSlice(manifest: AnyPluginManifest, slice: EngineConfig['plugins'][string]): Entry {
    const { enabled: _enabled, optional, ...own } = slice;
    const parsed = manifest.configSchema.safeParse(own);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error as z.ZodError, `plugins.${manifest.id}`);
      throw new EngineError('CE_PLUGIN_CONFIG_INVALID', `Plugin '${manifest.id}' config is invalid:\n${formatIssues(issues)}`, {
        details: { plugin: manifest.id, issues },
      });
    }
    const logger = this.deps.logger.child({ plugin: manifest.id });
    return { manifest, optional, config: deepFreeze(parsed.data), logger, state: 'registered' };
  }

  private registerOne(e: Entry): void {
    const { id } = e.manifest;
    try {
      e.manifest.register({
        id,
        config: e.config,
        logger: e.logger,
        container: createRegistrar(this.deps.container),
        http: { register: (routes, opts) => this.deps.routes.register(routes, { prefix: opts?.prefix ?? `/api/${id}`, owner: id }) },
        health: this.deps.health,
      });
    } catch (err) {
      if (isEngineError(err)) throw err;
      throw new EngineError('CE_PLUGIN_REGISTER_FAILED', `Plugin '${id}' failed in register(): ${describeError(err)}`, { cause: err, details: { plugin: id } });
    }
  }

  private checkTokens(e: Entry): void {
    const { id } = e.manifest;
    for (const t of e.manifest.provides ?? []) {
      if (!this.deps.container.isRegistered(t, true)) {
        throw new EngineError('CE_PLUGIN_PROVIDES_MISSING', `Plugin '${id}' declares it provides ${tokenName(t)} but did not register it`, {
          details: { plugin: id, token: tokenName(t) },
        });
      }
    }
    for (const t of e.manifest.requires ?? []) {
      if (!this.deps.container.isRegistered(t, true)) {
        throw new EngineError('CE_PLUGIN_DEP_MISSING', `Plugin '${id}' requires ${tokenName(t)}, which no enabled plugin or the engine provides`, {
          details: { plugin: id, token: tokenName(t) },
        });
      }
    }
  }

  private runtimeContext(e: Entry): PluginRuntimeContext<unknown> {
    const allowed = new Set<symbol>([...this.deps.coreTokens, ...(e.manifest.provides ?? []), ...(e.manifest.requires ?? [])]);
    return {
      id: e.manifest.id,
      config: e.config,
      logger: e.logger,
      resolve: <T>(token: Token<T>): T => {
        if (!allowed.has(token)) {
          throw new EngineError('CE_PLUGIN_DEP_MISSING', `Plugin '${e.manifest.id}' resolved ${tokenName(token)} without listing it in requires`, {
            details: { plugin: e.manifest.id, token: tokenName(token) },
          });
        }
        return this.deps.container.resolve<T>(token);
      },
    };
  }

  private fail(e: Entry, err: unknown): void {
    e.state = 'failed';
    e.errorCode = isEngineError(err) ? err.code : 'CE_PLUGIN_START_FAILED';
    e.error = describeError(err);
  }

  private async abortStart(e: Entry, cause: unknown): Promise<never> {
    e.logger.error({ err: cause }, 'plugin failed to start; stopping the plugins that started');
    await this.stop();
    throw new PluginStartError(e.manifest.id, cause);
  }
}

export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value as Record<string, unknown>)) deepFreeze(v);
  }
  return value;
}
