import assert from 'node:assert/strict';
import { ALL_EVENTS, NO_EVENTS, parseEventMask } from '../../../../../engine/src/simulator/ami/ami-event-mask';
import { originateReason, parseCallerId, parseOriginate } from '../../../../../engine/src/simulator/ami/ami-originate';
import { AmiRequest, AmiRequestReader } from '../../../../../engine/src/simulator/ami/ami-request-reader';
import { amiTimestamp } from '../../../../../engine/src/simulator/ami/ami-wire';

const req = (text: string): AmiRequest => new AmiRequest(text.split('\n'));

describe('AMI simulator parts', () => {
  it('parseEventMask follows strings_to_mask: digits, true/false words, class lists, empty = unchanged', () => {
    assert.equal(parseEventMask(''), undefined);
    assert.equal(parseEventMask('off'), NO_EVENTS);
    assert.equal(parseEventMask('on'), ALL_EVENTS);
    assert.equal(parseEventMask('system,all'), ALL_EVENTS);
    assert.deepEqual([...(parseEventMask('System, user,bogus') ?? [])], ['system', 'user']);
    assert.deepEqual([...(parseEventMask('3') ?? [])], ['system', 'call']);
    assert.equal(parseEventMask('0')?.size, 0);
  });

  it('AmiRequestReader: CRLF or LF, empty-line framing, first match wins, case-insensitive names, no-colon lines kept', () => {
    const r = new AmiRequestReader();
    assert.deepEqual(r.push('action:ping\r\nActionID: a\nACTIONID: b\r\n'), []);
    const [m] = r.push('garbage line\r\n\r\n');
    assert.equal(m.get('Action'), 'ping');
    assert.equal(m.get('ActionID'), 'a');
    assert.equal(m.lines.length, 4);
    assert.deepEqual(r.push('\r\n\n'), [], 'empty lines alone are not messages');
    assert.throws(() => new AmiRequestReader({ maxLineBytes: 10, maxHeaders: 5 }).push('x'.repeat(11)));
  });

  it('parseCallerId understands the forms Asterisk accepts', () => {
    assert.deepEqual(parseCallerId('"Acme" <4055550100>'), { name: 'Acme', num: '4055550100' });
    assert.deepEqual(parseCallerId('Capture Test <4055550100>'), { name: 'Capture Test', num: '4055550100' });
    assert.deepEqual(parseCallerId('4055550100'), { num: '4055550100' });
    assert.deepEqual(parseCallerId('Acme'), { name: 'Acme' });
    assert.deepEqual(parseCallerId(''), {});
  });

  it('parseOriginate validates in Asterisk order and parses Variable pairs, ChannelId and Async', () => {
    assert.equal(parseOriginate(req('Action: Originate')), 'Channel not specified');
    assert.equal(parseOriginate(req(`Channel: PJSIP/1@t\nChannelId: ${'x'.repeat(150)}`)), 'Uniqueid length exceeds maximum of 149');
    assert.equal(parseOriginate(req('Channel: nonsense\nPriority: x')), 'Invalid priority');
    assert.equal(parseOriginate(req('Channel: nonsense\nTimeout: abc')), 'Invalid timeout');
    assert.equal(parseOriginate(req('Channel: nonsense\nApplication: Wait')), 'Invalid channel');
    assert.equal(parseOriginate(req('Channel: PJSIP/1@t\nExten: 100')), "Originate with 'Exten' requires 'Context' and 'Priority'");
    const ok = parseOriginate(req('Channel: Local/1@c\nApplication: Wait\nData: 3\nVariable: A=1,_B=x=y\nVariable: C=2\nChannelId: id-1\nAsync: yes\nTimeout: 5000'));
    assert.ok(typeof ok !== 'string');
    assert.deepEqual([ok.variables, ok.channelId, ok.async, ok.timeoutMs, ok.target], [{ A: '1', _B: 'x=y', C: '2' }, 'id-1', true, 5000, { kind: 'app', application: 'Wait', data: '3' }]);
  });

  it('originateReason: 4 answered, 3 no answer, 5/8 only for in-band busy/congestion, else 0', () => {
    assert.equal(originateReason({ answered: false, cause: 'no_answer' }), 3);
    assert.equal(originateReason({ answered: false, cause: 'busy', indicated: true }), 5);
    assert.equal(originateReason({ answered: false, cause: 'busy' }), 0);
    assert.equal(originateReason({ answered: false, cause: 'congestion', indicated: true }), 8);
    assert.equal(originateReason({ answered: false, cause: 'failed' }), 0);
  });

  it('amiTimestamp prints seconds and 6-digit microseconds', () => {
    assert.equal(amiTimestamp(1795319926171), '1795319926.171000');
    assert.equal(amiTimestamp(1795319926005.5), '1795319926.005500');
  });
});
