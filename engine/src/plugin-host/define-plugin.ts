import { EngineError } from '../errors';
import type { PluginManifest } from './plugin.types';

const KEBAB = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

/** Declares a plugin; checks the manifest's shape at once so a typo fails at import, not at boot. */
export function definePlugin<C>(manifest: PluginManifest<C>): PluginManifest<C> {
  if (!KEBAB.test(manifest.id)) {
    throw new EngineError('CE_PLUGIN_MANIFEST_INVALID', `Plugin id '${manifest.id}' must be kebab-case`);
  }
  if (!manifest.version) {
    throw new EngineError('CE_PLUGIN_MANIFEST_INVALID', `Plugin '${manifest.id}' has no version`);
  }
  if ((manifest.dependsOn ?? []).includes(manifest.id)) {
    throw new EngineError('CE_PLUGIN_CYCLE', `Plugin '${manifest.id}' depends on itself`);
  }
  return Object.freeze({ ...manifest });
}
