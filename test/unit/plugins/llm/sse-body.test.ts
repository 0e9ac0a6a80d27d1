import assert from 'node:assert/strict';
import { hasSseDone, looksLikeSse, parseSseBody } from '../../../../plugins/llm/sse-body';

function chunk(delta: Record<string, unknown>): string {
  return `data: ${JSON.stringify({ object: 'chat.completion.chunk', choices: [{ index: 0, delta }] })}`;
}

describe('llm SSE body', () => {
  it('joins choices[0].delta.content until [DONE], skipping comments and role-only chunks', () => {
    const body = [': keep-alive', '', chunk({ role: 'assistant' }), '', chunk({ content: '{"int' }), '', chunk({ content: 'ent":"no"}' }), '', 'data: [DONE]', '', chunk({ content: 'ignored' })].join('\n');
    assert.deepEqual(parseSseBody(body), { content: '{"intent":"no"}', done: true });
  });

  it('accepts CRLF lines and no space after data:', () => {
    const body = `data:${JSON.stringify({ choices: [{ delta: { content: 'ye' } }] })}\r\n\r\ndata:${JSON.stringify({ choices: [{ delta: { content: 's' } }] })}\r\n\r\ndata:[DONE]\r\n`;
    assert.deepEqual(parseSseBody(body), { content: 'yes', done: true });
  });

  it('reports a body cut before [DONE] as not done, with what arrived', () => {
    assert.deepEqual(parseSseBody(`${chunk({ content: 'y' })}\n\n{broken\ndata: {not json}\n`), { content: 'y', done: false });
  });

  it('collects refusal deltas and a mid-stream error envelope', () => {
    const body = [chunk({ refusal: "I can't" }), chunk({ refusal: ' help.' }), `data: ${JSON.stringify({ error: { message: 'token quota is not enough', code: 'pre_consume_token_quota_failed' } })}`, 'data: [DONE]'].join('\n\n');
    assert.deepEqual(parseSseBody(body), {
      content: '',
      refusal: "I can't help.",
      error: { message: 'token quota is not enough', code: 'pre_consume_token_quota_failed' },
      done: true,
    });
  });

  it('recognises event streams by content type or by their first line', () => {
    assert.equal(looksLikeSse('text/event-stream; charset=utf-8', ''), true);
    assert.equal(looksLikeSse('application/json', '\n data: {}'), true);
    assert.equal(looksLikeSse('application/json', '{"choices":[]}'), false);
    assert.equal(looksLikeSse(null, ''), false);
  });

  it('sees [DONE] only as a whole line', () => {
    assert.equal(hasSseDone('data: {"x":1}\n\ndata: [DONE]\n'), true);
    assert.equal(hasSseDone('data: {"content":"data: [DONE] inside"}\n'), false);
    assert.equal(hasSseDone('data: [DON'), false);
  });
});
