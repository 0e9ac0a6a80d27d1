import { createServer } from 'node:net';
import { join } from 'node:path';
import { configSchema, type EngineConfig, type EngineConfigInput } from '../../../../engine/src/config/config.schema';
import { applyDerivedDefaults } from '../../../../engine/src/config/load-config';
import type { PbxSimulator } from '../../../../engine/src/simulator/pbx-simulator';
import { repoRoot } from '../../../helpers/repo-root';
import { LINE, TRUNK, USER } from './pbx-harness';

/** A port that was free a moment ago (the engine's FastAGI server needs a fixed one in config). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The engine config of a deployment whose Asterisk is the simulator (in-memory store, no plugins). */
export function engineConfigFor(sim: PbxSimulator, agiPort: number, extra: EngineConfigInput = {}): EngineConfig {
  const input: EngineConfigInput = {
    log: { level: 'silent' },
    store: { sqlite: { path: ':memory:' } },
    asterisk: {
      ari: { url: sim.ariUrl, wsUrl: sim.ariWsUrl, app: 'salehi', username: USER.username, password: USER.password, requestTimeoutSec: 2 },
      ami: { host: sim.host, port: sim.amiPort, username: USER.username, password: USER.password, actionTimeoutSec: 2, pingIntervalSec: 5 },
      agi: { host: '127.0.0.1', port: agiPort },
    },
    lines: { trunk: TRUNK, numbers: [LINE] },
    scenarios: { dir: join(repoRoot(), 'assets', 'scenarios') },
    shutdown: { drainTimeoutSec: 1 },
    ...extra,
  };
  return applyDerivedDefaults(configSchema.parse(input));
}
