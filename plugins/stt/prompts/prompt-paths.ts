import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, resolve, sep } from 'node:path';

/**
 * Where prompts come from and where they go.
 *
 * Sources: `<sourceRoot>/<scenario>/<prompt>.(wav|mp3)`. Installed as
 * `<installRoot>/<scenario>/<prompt>.(wav|ulaw|alaw)` so `sound:custom/<scenario>/<prompt>` resolves
 * (the install root is `asterisk.soundDir`, i.e. `.../sounds/custom`). The scenario folder named
 * `common` installs at the root instead: `assets/audio/common/onhold.wav` → `sound:custom/onhold`.
 */
export const COMMON_SCENARIO = 'common';

/** The three files each prompt becomes: Asterisk picks the one matching the channel codec, so no transcoding. */
export const PROMPT_FORMATS = ['wav', 'ulaw', 'alaw'] as const;
export type PromptFormat = (typeof PROMPT_FORMATS)[number];

/** Scenario and prompt names become path segments and media URIs: no dots, spaces or slashes. */
export const NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

/** `academy/hello`, or `onhold` for a common prompt: also the path under the install root without extension. */
export function promptId(scenario: string, prompt: string): string {
  return scenario === COMMON_SCENARIO ? prompt : `${scenario}/${prompt}`;
}

/** The scenario part of a prompt id (`common` for a root-level one). */
export function scenarioOfId(id: string): string {
  const slash = id.indexOf('/');
  return slash === -1 ? COMMON_SCENARIO : id.slice(0, slash);
}

/** Path of one installed file relative to an install root, always with `/` (manifest keys). */
export function installRelPath(scenario: string, prompt: string, format: PromptFormat): string {
  return `${promptId(scenario, prompt)}.${format}`;
}

function isLanguageFolder(name: string): boolean {
  // The legacy engine's test: a two-letter folder or `en` is a language folder (fa, de, en).
  return name.length === 2 || name.toLowerCase() === 'en';
}

/**
 * Every directory a prompt is installed into, the legacy rule kept:
 * - always `soundDir` itself;
 * - `.../sounds/custom` also feeds `.../sounds/en/custom`;
 * - `.../sounds/<lang>/custom` also feeds `.../sounds/custom` and `.../sounds/en/custom`;
 * - a `soundDir` not named `custom` gets no sibling.
 * Why `en/custom`: with Asterisk's default `languageprefix=yes`, `sound:custom/academy/hello` on a
 * channel whose language is `en` (FreePBX's default) is looked up as `sounds/en/custom/academy/hello`
 * BEFORE the language-less `sounds/custom/academy/hello`, and FreePBX keeps its system recordings in
 * `sounds/en/custom`. A stale copy there would win, so both places get the same file.
 * Our scenario sub-folder is appended under each of these roots unchanged.
 */
export function installRoots(soundDir: string): string[] {
  const dir = resolve(soundDir);
  const roots = [dir];
  if (basename(dir) !== 'custom') return roots;
  const parent = dirname(dir);
  if (isLanguageFolder(basename(parent))) {
    roots.push(join(dirname(parent), 'custom'), join(dirname(parent), 'en', 'custom'));
  } else {
    roots.push(join(parent, 'en', 'custom'));
  }
  return [...new Set(roots)];
}

/** The package root (package.json + assets/), found from this file in source or in dist. */
function packageRoot(): string | undefined {
  let dir = __dirname;
  for (let i = 0; i < 8; i++) {
    if (existsSync(join(dir, 'package.json')) && existsSync(join(dir, 'assets'))) return dir;
    dir = dirname(dir);
  }
  return undefined;
}

/**
 * A configured relative path (`assets/audio`, `assets/audio/wav`) resolved like `scenarios.dir`:
 * against the working directory when its first segment exists there, otherwise against the
 * engine's own install, so the shipped assets are found from any working directory.
 */
export function resolveAssetPath(path: string, cwd: string = process.cwd()): string {
  if (isAbsolute(path)) return resolve(path);
  const first = path.split(/[\\/]/)[0] ?? path;
  if (existsSync(join(cwd, first))) return resolve(cwd, path);
  const pkg = packageRoot();
  return pkg ? resolve(pkg, path) : resolve(cwd, path);
}

/** True when `child` is `parent` or inside it. */
export function isInside(child: string, parent: string): boolean {
  const c = resolve(child);
  const p = resolve(parent);
  return c === p || c.startsWith(p.endsWith(sep) ? p : p + sep);
}
