import assert from 'node:assert/strict';
import { AgiEnvCollector, parseAgiScript } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-env-parser';
import { AgiLineReader } from '../../../../../../engine/src/adapters/asterisk/fastagi/agi-line-reader';
import { isEngineError } from '../../../../../../engine/src/errors';
import type { InboundCallEnv } from '../../../../../../engine/src/ports/inbound-gateway.port';
import { AGI_CAPTURE_FILES, loadAgiCapture } from '../../../../../fixtures/agi/agi-capture';

const LIMITS = { maxLines: 64, maxBytes: 16 * 1024 };

function collect(bytes: Buffer): InboundCallEnv {
  const collector = new AgiEnvCollector(LIMITS);
  const lines = new AgiLineReader(8192).push(bytes);
  const end = lines.findIndex((l) => collector.add(l));
  assert.equal(end, lines.length - 1, 'the blank line ends the block and is the last line');
  return collector.result();
}

describe('AGI environment parser', () => {
  it('parses every environment block of every capture', () => {
    let blocks = 0;
    for (const file of AGI_CAPTURE_FILES) {
      for (const session of loadAgiCapture(file)) {
        const env = collect(session.env);
        assert.match(env.request, /^agi:\/\/127\.0\.0\.1/);
        assert.ok(env.channel.length > 0 && env.uniqueId.length > 0);
        assert.equal(env.pbxVersion, '20.20.1');
        blocks++;
      }
    }
    assert.equal(blocks, 11);
  });

  it('types the inbound PJSIP block of agi-12 (caller ID, DNID, args)', () => {
    const env = collect((loadAgiCapture('agi-12-env.agi.txt')[2] as { env: Buffer }).env);
    assert.equal(env.script, 'inbound?x=1');
    assert.equal(env.channel, 'PJSIP/carrier-sim-00000009');
    assert.equal(env.channelType, 'PJSIP');
    assert.equal(env.callerId, '4055550100');
    assert.equal(env.callerIdName, 'Acme Caller');
    assert.equal(env.callingPres, 0);
    assert.equal(env.dnid, '7000');
    assert.equal(env.rdnis, undefined);
    assert.equal(env.context, 'sip-responder');
    assert.equal(env.extension, '7000');
    assert.equal(env.priority, 2);
    assert.equal(env.accountCode, '');
    assert.deepEqual(env.args, ['arg1', 'arg2']);
    assert.equal(env.raw.threadid, '140488055551680');
  });

  it('maps "unknown" caller ID to undefined and keeps no script when the URL has no path', () => {
    const env = collect((loadAgiCapture('agi-12-env.agi.txt')[1] as { env: Buffer }).env);
    assert.equal(env.request, 'agi://127.0.0.1');
    assert.equal(env.script, '');
    assert.equal(env.callerId, undefined);
    assert.equal(env.callerIdName, undefined);
    assert.equal(env.callingPres, 67);
    assert.deepEqual(env.args, []);
  });

  it('tolerates CRLF blocks', () => {
    const env = collect(Buffer.from('agi_network: yes\r\nagi_request: agi://h/x\r\nagi_channel: Local/1@a-1;1\r\n\r\n'));
    assert.equal(env.channel, 'Local/1@a-1;1');
  });

  it('rejects non-agi lines, missing keys, an empty block and oversize blocks', () => {
    const add = (lines: string[], limits = LIMITS): void => {
      const c = new AgiEnvCollector(limits);
      for (const l of lines) if (c.add(l)) c.result();
    };
    assert.throws(() => add(['GET / HTTP/1.1']), (e) => isEngineError(e, 'CE_AGI_PROTOCOL'));
    assert.throws(() => add(['agi_network: yes', '']), (e) => isEngineError(e, 'CE_AGI_PROTOCOL'));
    assert.throws(() => add(['']), (e) => isEngineError(e, 'CE_AGI_PROTOCOL'));
    const many = Array.from({ length: 65 }, (_, i) => `agi_x${i}: y`);
    assert.throws(() => add(many), (e) => isEngineError(e, 'CE_AGI_LIMIT'));
    assert.throws(() => add(['agi_a: ' + 'x'.repeat(200)], { maxLines: 64, maxBytes: 100 }), (e) => isEngineError(e, 'CE_AGI_LIMIT'));
  });
});

describe('parseAgiScript (routing by script name)', () => {
  it('splits the path and the query', () => {
    assert.deepEqual({ ...parseAgiScript('inbound?did=123') }, { route: 'inbound', params: parseAgiScript('inbound?did=123').params });
    assert.deepEqual({ ...parseAgiScript('inbound?did=123').params }, { did: '123' });
    assert.equal(parseAgiScript('inbound?x=1').route, 'inbound');
  });

  it('decodes the query, ignores outer slashes and handles no path', () => {
    const t = parseAgiScript('/engine/inbound/?did=%2B98%2021&name=a+b&did=2');
    assert.equal(t.route, 'engine/inbound');
    assert.deepEqual({ ...t.params }, { did: '2', name: 'a b' });
    assert.equal(parseAgiScript('').route, '');
    assert.equal(parseAgiScript('bad%zz').route, 'bad%zz');
  });
});
