import assert from 'node:assert/strict';
import { FASTAGI_DEFAULT_LIMITS, fastAgiOptionsFromConfig, resolveLimits } from '../../../../../../engine/src/adapters/asterisk/fastagi/fastagi-options';
import { configSchema } from '../../../../../../engine/src/config/config.schema';

describe('FastAGI options', () => {
  it('takes host, port, allowlist and the two timeouts from asterisk.agi (seconds → ms)', () => {
    const config = configSchema.parse({ asterisk: { agi: { port: 4600, commandTimeoutSec: 2.5, allow: ['10.1.0.0/16'] } } });
    assert.deepEqual(fastAgiOptionsFromConfig(config.asterisk.agi), {
      host: '127.0.0.1',
      port: 4600,
      allow: ['10.1.0.0/16'],
      commandTimeoutMs: 2500,
      idleTimeoutMs: 60_000,
    });
  });

  it('defaults to loopback only', () => {
    assert.deepEqual(fastAgiOptionsFromConfig(configSchema.parse({}).asterisk.agi).allow, ['127.0.0.1', '::1', '::ffff:127.0.0.1']);
  });

  it('fills every limit the caller leaves out, with the sizes the brief names', () => {
    const limits = resolveLimits({ commandTimeoutMs: 5, maxLineBytes: undefined });
    assert.equal(limits.commandTimeoutMs, 5);
    assert.equal(limits.maxLineBytes, 8192);
    assert.equal(limits.maxEnvLines, 64);
    assert.equal(limits.maxEnvBytes, 16 * 1024);
    assert.deepEqual(Object.keys(limits).sort(), Object.keys(FASTAGI_DEFAULT_LIMITS).sort());
  });
});
