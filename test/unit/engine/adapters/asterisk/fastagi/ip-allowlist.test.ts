import assert from 'node:assert/strict';
import { IpAllowlist } from '../../../../../../engine/src/adapters/asterisk/fastagi/ip-allowlist';
import { isEngineError } from '../../../../../../engine/src/errors';

describe('IpAllowlist', () => {
  it('admits loopback by the config default, in plain and IPv4-mapped form', () => {
    const list = new IpAllowlist(['127.0.0.1', '::1', '::ffff:127.0.0.1']);
    assert.ok(list.allows('127.0.0.1'));
    assert.ok(list.allows('::ffff:127.0.0.1'));
    assert.ok(list.allows('::1'));
    assert.ok(!list.allows('127.0.0.2'));
    assert.ok(!list.allows('10.0.0.1'));
    assert.ok(!list.allows(undefined));
    assert.ok(!list.allows('not-an-ip'));
  });

  it('matches CIDR blocks for IPv4 and IPv6', () => {
    const list = new IpAllowlist(['10.20.0.0/16', 'fd00::/8', '192.168.1.7']);
    assert.ok(list.allows('10.20.255.1'));
    assert.ok(list.allows('::ffff:10.20.0.9'));
    assert.ok(!list.allows('10.21.0.1'));
    assert.ok(list.allows('fd12:3456::1'));
    assert.ok(!list.allows('fe80::1'));
    assert.ok(list.allows('192.168.1.7'));
    assert.ok(!list.allows('192.168.1.8'));
  });

  it('refuses entries that are not addresses or CIDR blocks', () => {
    for (const bad of ['localhost', '10.0.0.0/33', '10.0.0.0/', '::/129', '1.2.3.4/x', '']) {
      assert.throws(() => new IpAllowlist([bad]), (e) => isEngineError(e, 'CE_CONFIG_INVALID'), bad);
    }
  });
});
