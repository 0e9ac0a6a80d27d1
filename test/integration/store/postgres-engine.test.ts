import 'reflect-metadata';
import assert from 'node:assert/strict';
import { buildEngine } from '../../../engine/src/build-engine';
import { loadConfig } from '../../../engine/src/config/load-config';
import { resolveToken } from '../../../engine/src/di/token';
import { CALL_STORE_PORT } from '../../../engine/src/di/tokens';
import { CaptureLogger } from '../../fakes/capture-logger';

const URL = process.env.SALEHI_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

describe('engine with store.driver postgres', function () {
  this.timeout(20000);
  it('opens the PostgreSQL store at start, uses it, and closes it at stop', async () => {
    const config = loadConfig({ env: { SALEHI__asterisk__enabled: 'false', SALEHI__store__driver: 'postgres', SALEHI__store__postgres__url: URL }, envFile: null });
    const engine = buildEngine(config, { logger: new CaptureLogger() });
    await engine.start();
    try {
      const store = resolveToken(engine.container, CALL_STORE_PORT);
      const id = `engine-pg-${Date.now()}`;
      const c = await store.createCampaign({ id, name: 'pg wiring', settings: { scenario: 'academy', timeZone: 'Asia/Tehran' } });
      assert.equal((await store.getCampaign(c.id)).name, 'pg wiring');
      assert.equal(store.constructor.name, 'PostgresCallStore');
    } finally {
      await engine.stop();
    }
  });
});
