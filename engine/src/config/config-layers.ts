import { isAbsolute, join, resolve } from 'node:path';
import type { ConfigIssue } from './config-issues';
import { readDotEnvFile, withDotEnv } from './dotenv-file';
import { mapOverrides, type Alternative } from './env-overrides';
import { interpolateEnv } from './interpolate';
import { mapLegacyEnv } from './legacy-env';
import { legacyEnabledPlugins, legacyPluginDefaultsLayer } from './legacy-plugins';
import { deepMerge, getPath, setPath, type PlainObject } from './object-path';
import { readYamlConfig } from './yaml-config-file';

/** Environment variable naming the config file when no explicit path is given. */
export const CONFIG_PATH_ENV = 'SALEHI_CONFIG';

export interface LoadConfigOptions {
  /** Explicit config file (the CLI's `--config`); wins over SALEHI_CONFIG. Relative to `cwd`. */
  readonly configPath?: string;
  /** The environment to read (default `process.env`). */
  readonly env?: NodeJS.ProcessEnv;
  /** Working directory for the `.env` file and relative paths (default `process.cwd()`). */
  readonly cwd?: string;
  /** The legacy `.env` file (default `<cwd>/.env`); `null` reads none. */
  readonly envFile?: string | null;
  /** Plugin ids installed in this build; legacy-implied plugins among them are enabled (see legacyEnabledPlugins). */
  readonly availablePlugins?: readonly string[];
}

/** Every layer of the config, lowest first, with what each one set and every problem found so far. */
export interface ConfigLayers {
  readonly configPath?: string;
  readonly merged: PlainObject;
  readonly issues: ConfigIssue[];
  /** Readings to try when the schema rejects a value for its type (config path → alternative). */
  readonly alternatives: Map<string, Alternative>;
  /** Config path → the environment variable that set it (legacy or SALEHI__). */
  readonly envSources: Map<string, string>;
  /** Human-readable remarks for check-config (which file values the environment replaced). */
  readonly notes: string[];
}

/** True when one path is the other or lies inside it. */
export function pathsOverlap(a: string, b: string): boolean {
  return a === b || a.startsWith(`${b}.`) || a.startsWith(`${b}[`) || b.startsWith(`${a}.`) || b.startsWith(`${a}[`);
}

export function resolveConfigPath(options: LoadConfigOptions, env: Readonly<Record<string, string | undefined>>, cwd: string): string | undefined {
  const chosen = options.configPath || env[CONFIG_PATH_ENV] || undefined;
  if (!chosen) return undefined;
  return isAbsolute(chosen) ? chosen : resolve(cwd, chosen);
}

function effectiveEnv(options: LoadConfigOptions, cwd: string): { env: Record<string, string>; fromFile: Set<string> } {
  // The engine's single read of the process environment (STYLE.md §9: process.env only in config/).
  const real = options.env ?? process.env;
  const fileVars = options.envFile === null ? {} : readDotEnvFile(options.envFile ?? join(cwd, '.env'));
  const fromFile = new Set(Object.keys(fileVars).filter((k) => real[k] === undefined));
  return { env: withDotEnv(real, fileVars), fromFile };
}

function baseLayer(env: Record<string, string>, available: readonly string[]): PlainObject {
  const base = legacyPluginDefaultsLayer();
  for (const id of legacyEnabledPlugins(env, available)) setPath(base, ['plugins', id, 'enabled'], true);
  return base;
}

function fileLayer(configPath: string | undefined, env: Record<string, string>, issues: ConfigIssue[]): { data: PlainObject; alternatives: Map<string, Alternative> } {
  if (!configPath) return { data: {}, alternatives: new Map() };
  const file = readYamlConfig(configPath);
  const interpolated = interpolateEnv(file.data, env);
  issues.push(...file.issues, ...interpolated.issues);
  return { data: interpolated.value as PlainObject, alternatives: new Map(interpolated.alternatives) };
}

function describeSource(name: string, fromFile: Set<string>): string {
  return fromFile.has(name) ? `${name} in the .env file` : `environment variable ${name}`;
}

/**
 * Builds the layers, lowest first: legacy plugin defaults and legacy-enabled plugins < config file
 * (`${VAR}` interpolated) < legacy variables < SALEHI__ overrides. Schema defaults sit below all of them.
 * Throws only for a missing or unparsable file; every other problem is collected.
 */
export function buildLayers(options: LoadConfigOptions): ConfigLayers {
  const cwd = options.cwd ?? process.cwd();
  const { env, fromFile } = effectiveEnv(options, cwd);
  const configPath = resolveConfigPath(options, env, cwd);
  const issues: ConfigIssue[] = [];
  const file = fileLayer(configPath, env, issues);
  const legacy = mapLegacyEnv(env);
  const overrides = mapOverrides(env);
  issues.push(...legacy.issues, ...overrides.issues);
  const below = deepMerge(deepMerge(baseLayer(env, options.availablePlugins ?? []), file.data), legacy.layer);
  const alternatives = file.alternatives;
  const envSources = new Map<string, string>();
  for (const [path, name] of [...legacy.sources, ...overrides.sources]) {
    for (const key of [...alternatives.keys()]) if (pathsOverlap(key, path)) alternatives.delete(key);
    envSources.set(path, describeSource(name, fromFile));
  }
  for (const [path, alt] of overrides.alternatives) {
    // An override keeps the type of the value it replaces: a token "12345678" stays a string.
    if (typeof getPath(below, alt.segments as string[]) === 'string') setPath(overrides.layer, alt.segments as string[], alt.value);
    else alternatives.set(path, alt);
  }
  const merged = deepMerge(below, overrides.layer);
  return { configPath, merged, issues, alternatives, envSources, notes: overrideNotes(file.data, merged, envSources) };
}

function overrideNotes(fileData: PlainObject, merged: PlainObject, envSources: Map<string, string>): string[] {
  const notes: string[] = [];
  for (const [path, source] of envSources) {
    const segments = path.split('.');
    const inFile = getPath(fileData, segments);
    if (inFile === undefined || JSON.stringify(inFile) === JSON.stringify(getPath(merged, segments))) continue;
    notes.push(`${path}: ${source} replaces the config file's value`);
  }
  return notes;
}
