import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sweepKeptCopies } from '../../../../plugins/stt/retention';
import { CaptureLogger } from '../../../fakes/capture-logger';

describe('stt: retention of kept recording copies', () => {
  it('deletes only regular files older than keepDays, and nothing when keepDays is 0', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'keep-'));
    try {
      const now = Date.now();
      for (const [name, ageDays] of [['old.wav', 20], ['recent.wav', 2], ['edge.wav', 13.9]] as const) {
        writeFileSync(join(dir, name), 'RIFF');
        const t = (now - ageDays * 86_400_000) / 1000;
        utimesSync(join(dir, name), t, t);
      }
      mkdirSync(join(dir, 'old-folder'));
      const t = (now - 30 * 86_400_000) / 1000;
      utimesSync(join(dir, 'old-folder'), t, t);
      assert.equal(await sweepKeptCopies(dir, 0, now, new CaptureLogger()), 0);
      assert.equal(await sweepKeptCopies(dir, 14, now, new CaptureLogger()), 1);
      assert.deepEqual(readdirSync(dir).sort(), ['edge.wav', 'old-folder', 'recent.wav']);
      assert.equal(await sweepKeptCopies(join(dir, 'missing'), 14, now, new CaptureLogger()), 0, 'a missing dir is not an error');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
