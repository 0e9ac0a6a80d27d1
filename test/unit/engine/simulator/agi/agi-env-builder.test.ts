import assert from 'node:assert/strict';
import { agiScriptOf, buildAgiEnvironment } from '../../../../../engine/src/simulator/agi/agi-env-builder';
import { AGI_CAPTURE_FILES, loadAgiCapture } from '../../../../fixtures/agi/agi-capture';
import { envSpecFromCapture } from '../../../../fixtures/agi/capture-scripts';

describe('buildAgiEnvironment', () => {
  it('reproduces every captured environment block byte for byte from its values', () => {
    let n = 0;
    for (const file of AGI_CAPTURE_FILES) {
      for (const session of loadAgiCapture(file)) {
        const built = Buffer.from(buildAgiEnvironment(envSpecFromCapture(session.env)));
        assert.equal(built.toString(), session.env.toString(), file);
        assert.ok(built.equals(session.env));
        n++;
      }
    }
    assert.equal(n, 11);
  });

  it('fills Asterisk defaults: type from the channel, unknown caller ID with callingpres 67, empty accountcode', () => {
    const block = buildAgiEnvironment({
      request: 'agi://127.0.0.1:4573/inbound?did=4055550123',
      args: ['1740824130.17'],
      channel: 'PJSIP/carrier-00000001',
      uniqueId: '1740824130.17',
      dnid: '4055550123',
      context: 'engine-inbound',
      extension: '4055550123',
      priority: 3,
    });
    const lines = block.split('\n');
    assert.deepEqual(lines.slice(0, 6), [
      'agi_network: yes',
      'agi_network_script: inbound?did=4055550123',
      'agi_request: agi://127.0.0.1:4573/inbound?did=4055550123',
      'agi_channel: PJSIP/carrier-00000001',
      'agi_language: en',
      'agi_type: PJSIP',
    ]);
    assert.ok(lines.includes('agi_callerid: unknown'));
    assert.ok(lines.includes('agi_callingpres: 67'));
    assert.ok(lines.includes('agi_accountcode: '));
    assert.ok(lines.includes('agi_arg_1: 1740824130.17'));
    assert.ok(block.endsWith('\n\n'));
  });

  it('takes the script as everything after the first slash, or nothing', () => {
    assert.equal(agiScriptOf('agi://127.0.0.1:4573/inbound?x=1'), 'inbound?x=1');
    assert.equal(agiScriptOf('agi://127.0.0.1'), undefined);
    assert.equal(agiScriptOf('agi://h/a/b?c=/d'), 'a/b?c=/d');
    assert.equal(agiScriptOf('hagi://example.com/x'), 'x');
  });
});
