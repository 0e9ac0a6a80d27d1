import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createPinoLogger } from '../../../../../engine/src/adapters/logging/pino-logger';
import { createLogFileStream } from '../../../../../engine/src/adapters/logging/log-file';

function memoryStream(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk, _enc, cb) {
      chunks.push(String(chunk));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>) };
}

describe('pino logger adapter', () => {
  it('writes JSON with child bindings and serialises errors under err', () => {
    const mem = memoryStream();
    const log = createPinoLogger({ level: 'info', redactPaths: [], destination: mem.stream });
    const call = log.child({ plugin: 'dialer' }).child({ callId: 'c-1', channelId: 'att-1' });
    call.error({ err: new Error('originate failed', { cause: new Error('503') }) }, 'originate failed');
    call.debug('not at info level');
    const [rec] = mem.lines();
    assert.equal(mem.lines().length, 1);
    assert.equal(rec?.plugin, 'dialer');
    assert.equal(rec?.callId, 'c-1');
    assert.equal(rec?.msg, 'originate failed');
    const err = rec?.err as { message: string; stack: string };
    assert.match(err.message, /originate failed/);
    assert.ok(err.stack.includes('Error'));
  });

  it('redacts secrets, both the always-redacted names and configured paths', () => {
    const mem = memoryStream();
    const log = createPinoLogger({ level: 'info', redactPaths: ['config.plugins.llm.apiKey'], destination: mem.stream });
    log.info({ password: 'p4ss', ari: { password: 'ari-secret' }, headers: { authorization: 'Bearer abc' }, config: { plugins: { llm: { apiKey: 'sk-1' } } } }, 'x');
    const text = JSON.stringify(mem.lines()[0]);
    for (const secret of ['p4ss', 'ari-secret', 'Bearer abc', 'sk-1']) assert.ok(!text.includes(secret), `${secret} leaked`);
    assert.ok(text.includes('***'));
  });

  it('writes to a rotating log file besides the main stream', async function () {
    this.timeout(10000);
    const dir = mkdtempSync(join(tmpdir(), 'salehi-log-'));
    try {
      const file = createLogFileStream({ path: join(dir, 'engine.log'), frequency: 'daily', maxFiles: 3 });
      const mem = memoryStream();
      const log = createPinoLogger({ level: 'info', redactPaths: [], destination: mem.stream, extraStreams: [file] });
      log.info({ n: 1 }, 'to the file');
      await new Promise<void>((resolve) => {
        (file as unknown as { end(): void; once(e: string, f: () => void): void }).once('close', resolve);
        (file as unknown as { end(): void }).end();
      });
      const files = readdirSync(dir);
      assert.equal(files.length, 1, `one log file expected, got ${files.join(',')}`);
      assert.match(readFileSync(join(dir, files[0] as string), 'utf8'), /"msg":"to the file"/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
