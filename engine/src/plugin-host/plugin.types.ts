import type { ZodType } from 'zod';
import type { Token } from '../di/token';
import type { Logger } from '../ports/logger.port';
import type { RouteDefinition } from '../ports/http-routes.port';
import type { HealthRegistry } from '../ports/health.port';

/** Registrations a plugin may make in register(): DI only, no I/O. */
export interface PluginRegistrar {
  registerValue<T>(token: Token<T>, value: T): void;
  /** Lazily built singleton; `resolve` reaches any token registered by the engine or an earlier plugin. */
  registerFactory<T>(token: Token<T>, factory: (resolve: <U>(t: Token<U>) => U) => T): void;
  /** A class whose constructor parameters all carry `@inject(TOKEN)`; one instance per container. */
  registerSingleton<T>(token: Token<T>, ctor: new (...args: never[]) => T): void;
}

export interface PluginRegisterContext<C> {
  readonly id: string;
  /** This plugin's own config slice, validated by its configSchema and frozen. */
  readonly config: C;
  readonly logger: Logger;
  readonly container: PluginRegistrar;
  /** Adds routes under `/api/<id>` (or the given prefix). */
  readonly http: { register(routes: readonly RouteDefinition[], opts?: { prefix?: string }): void };
  readonly health: HealthRegistry;
}

export interface PluginRuntimeContext<C> {
  readonly id: string;
  readonly config: C;
  readonly logger: Logger;
  /** Resolves a token this plugin provides or requires (or an engine core token). */
  resolve<T>(token: Token<T>): T;
}

/** Text in and out of a CLI command (no console.* in the engine). */
export interface CommandIo {
  out(text: string): void;
  err(text: string): void;
  /** Standard input, for commands that read lines (e.g. `classify`). */
  readonly stdin: NodeJS.ReadableStream;
}

export interface PluginCommandInput {
  /** `--name value` flags and positionals after the command name(s). */
  readonly flags: Readonly<Record<string, string | true>>;
  readonly positionals: readonly string[];
  readonly io: CommandIo;
  /** The engine config as `--config`/SALEHI_CONFIG/.env give it (loaded by the CLI). */
  readonly config: import('../config/config.schema').EngineConfig;
  readonly logger: Logger;
  /** Opens the configured store (the command closes it when done). */
  openStore(): import('../ports/call-store.port').CallStorePort;
}

/** A `salehi-engine <name> ...` command a plugin contributes (e.g. `classify`, `prompts`). */
export interface PluginCommand {
  readonly name: string;
  readonly summary: string;
  /** Returns the exit code. */
  run(input: PluginCommandInput): Promise<number>;
}

export interface PluginManifest<C = unknown> {
  /** kebab-case; equals the folder name and the config key `plugins.<id>`. */
  readonly id: string;
  readonly version: string;
  readonly dependsOn?: readonly string[];
  readonly provides?: readonly Token<unknown>[];
  readonly requires?: readonly Token<unknown>[];
  /** Validates `plugins.<id>` (without `enabled`/`optional`). */
  readonly configSchema: ZodType<C>;
  register(ctx: PluginRegisterContext<C>): void;
  start?(ctx: PluginRuntimeContext<C>): Promise<void> | void;
  stop?(ctx: PluginRuntimeContext<C>): Promise<void> | void;
  /** CLI commands this plugin adds; they run whether or not the plugin is enabled. */
  readonly commands?: readonly PluginCommand[];
}

/** A manifest whose config type has been erased, as the host stores it. */
export type AnyPluginManifest = PluginManifest<any>; // eslint-disable-line @typescript-eslint/no-explicit-any

export type PluginState = 'registered' | 'starting' | 'started' | 'failed' | 'stopping' | 'stopped';

export interface PluginStatus {
  readonly id: string;
  readonly version: string;
  readonly optional: boolean;
  readonly state: PluginState;
  readonly errorCode?: string;
  readonly error?: string;
}

/** Read side of the plugin host, for `/ready` and the plugin-status API. */
export interface PluginStatusSource {
  list(): readonly PluginStatus[];
}
