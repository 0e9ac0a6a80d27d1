import { loadConfig } from '../config/load-config';
import { buildEngine } from '../build-engine';
import type { AnyPluginManifest } from '../plugin-host/plugin.types';
import type { CliArgs } from './cli-args';
import { stringFlag } from './cli-args';

/** How long a SIGTERM/SIGINT stop may take before the process gives up waiting (systemd's default is 90 s; we promise 10). */
export const STOP_DEADLINE_MS = 9_500;

export interface RunningEngine {
  /** Resolves with the exit code once the engine has stopped after a signal. */
  readonly done: Promise<number>;
  readonly address: string;
}

/**
 * Loads config, builds and starts the engine, listens, and stops it in order on SIGTERM/SIGINT.
 * Resolves once listening; `done` resolves with 0 after a clean stop, 1 when the deadline passed.
 */
export async function startCommand(args: CliArgs, plugins: readonly AnyPluginManifest[]): Promise<RunningEngine> {
  const config = loadConfig({ configPath: stringFlag(args, 'config'), availablePlugins: plugins.map((p) => p.id) });
  const engine = buildEngine(config, { plugins });
  try {
    await engine.start();
  } catch (err) {
    await engine.stop();
    throw err;
  }
  let listening;
  try {
    listening = await engine.http.listen();
  } catch (err) {
    await engine.stop();
    throw err;
  }
  const done = new Promise<number>((resolve) => {
    let stopping = false;
    const onSignal = (signal: NodeJS.Signals): void => {
      if (stopping) return;
      stopping = true;
      engine.logger.info({ signal }, 'stopping');
      const deadline = setTimeout(() => {
        engine.logger.error({ deadlineMs: STOP_DEADLINE_MS }, 'stop did not finish in time; exiting anyway');
        resolve(1);
      }, STOP_DEADLINE_MS);
      deadline.unref();
      engine.stop().then(
        () => resolve(0),
        (err: unknown) => {
          engine.logger.error({ err }, 'error while stopping');
          resolve(1);
        },
      ).finally(() => clearTimeout(deadline));
    };
    process.once('SIGTERM', onSignal);
    process.once('SIGINT', onSignal);
  });
  return { done, address: listening.address };
}
