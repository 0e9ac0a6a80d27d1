import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../../helpers/repo-root';
import { loadConfig } from '../../../engine/src/config/load-config';

/**
 * A small dialplan checker (asterisklint is a PyPI tool and not available here): parses
 * dialplan/*.conf, and checks contexts, extensions, priorities, labels, Goto/GotoIf targets,
 * applications, and that names match the engine config (Stasis app, AGI port and route).
 */
interface Line { readonly file: string; readonly no: number; readonly context: string; readonly exten: string; readonly prio: number; readonly label?: string; readonly app: string; readonly data: string }

const KNOWN_APPS = new Set(['NoOp', 'Set', 'AGI', 'GotoIf', 'Goto', 'Stasis', 'Hangup', 'Answer', 'Playback', 'AMD', 'Dial', 'Busy', 'Congestion', 'Wait']);

function parse(file: string, text: string): Line[] {
  const out: Line[] = [];
  let context = '';
  let last: { exten: string; prio: number } | undefined;
  text.split('\n').forEach((raw, i) => {
    const line = raw.replace(/;.*$/, '').trim();
    if (!line) return;
    const ctx = /^\[([^\]]+)\]$/.exec(line);
    if (ctx) {
      context = ctx[1] as string;
      last = undefined;
      return;
    }
    const m = /^(exten|same)\s*=>\s*(.*)$/.exec(line);
    assert.ok(m, `${file}:${i + 1}: not an exten/same line: ${line}`);
    const parts = (m[2] as string).split(',');
    let exten: string;
    let prioRaw: string;
    if (m[1] === 'exten') [exten, prioRaw] = [parts.shift() as string, parts.shift() as string];
    else {
      assert.ok(last, `${file}:${i + 1}: 'same' without an extension`);
      [exten, prioRaw] = [last.exten, parts.shift() as string];
    }
    const pm = /^(\d+|n)(?:\(([A-Za-z0-9_-]+)\))?$/.exec(prioRaw.trim());
    assert.ok(pm, `${file}:${i + 1}: bad priority '${prioRaw}'`);
    const prio = pm[1] === 'n' ? (last?.exten === exten ? last.prio + 1 : NaN) : Number(pm[1]);
    assert.ok(!Number.isNaN(prio), `${file}:${i + 1}: 'n' priority without a previous one`);
    const appText = parts.join(',').trim();
    const am = /^([A-Za-z]+)\((.*)\)$/.exec(appText);
    assert.ok(am, `${file}:${i + 1}: bad application call '${appText}'`);
    out.push({ file, no: i + 1, context, exten: exten.trim(), prio, ...(pm[2] ? { label: pm[2] } : {}), app: am[1] as string, data: am[2] as string });
    last = { exten: exten.trim(), prio };
  });
  return out;
}

describe('dialplan/*.conf', () => {
  const dir = join(repoRoot(), 'dialplan');
  const files = readdirSync(dir).filter((f) => f.endsWith('.conf'));
  const lines = files.flatMap((f) => parse(f, readFileSync(join(dir, f), 'utf8')));
  const config = loadConfig({ env: {}, envFile: null });

  it('ships the inbound, AMD and outbound contexts, all salehi- prefixed', () => {
    const contexts = [...new Set(lines.map((l) => l.context))].sort();
    assert.deepEqual(contexts, ['salehi-amd', 'salehi-inbound', 'salehi-outbound']);
  });

  it('uses only known applications, with priorities starting at 1 and no duplicates', () => {
    for (const l of lines) assert.ok(KNOWN_APPS.has(l.app), `${l.file}:${l.no}: unknown application ${l.app}`);
    const seen = new Set<string>();
    for (const l of lines) {
      const key = `${l.context}/${l.exten}/${l.prio}`;
      assert.ok(!seen.has(key), `${l.file}:${l.no}: duplicate priority ${key}`);
      seen.add(key);
      if (l.prio !== 1) assert.ok(seen.has(`${l.context}/${l.exten}/${l.prio - 1}`), `${l.file}:${l.no}: priority gap`);
    }
  });

  it('every Goto/GotoIf target exists (extension,priority or label in the same context)', () => {
    for (const l of lines.filter((x) => x.app === 'Goto' || x.app === 'GotoIf')) {
      const targets = l.app === 'Goto' ? [l.data] : (l.data.split('?')[1] ?? '').split(':').filter(Boolean);
      for (const t of targets) {
        const [a, b] = t.split(',');
        const ok = b === undefined
          ? lines.some((x) => x.context === l.context && x.exten === l.exten && x.label === a)
          : lines.some((x) => x.context === l.context && x.exten === a && x.prio === Number(b));
        assert.ok(ok, `${l.file}:${l.no}: Goto target '${t}' does not exist`);
      }
    }
  });

  it('matches the engine config: Stasis app name, AGI port and the inbound route', () => {
    const stasis = lines.filter((l) => l.app === 'Stasis');
    assert.ok(stasis.length >= 2);
    for (const l of stasis) assert.equal(l.data.split(',')[0], config.asterisk.ari.app, `${l.file}:${l.no}`);
    const agi = lines.filter((l) => l.app === 'AGI');
    assert.equal(agi.length, 1);
    assert.match(agi[0]!.data, new RegExp(`^agi://127\\.0\\.0\\.1:${config.asterisk.agi.port}/inbound\\?`));
  });

  it('routes every SALEHI_ROUTE value the engine sets', () => {
    const inbound = lines.filter((l) => l.context === 'salehi-inbound').map((l) => l.data).join('\n');
    for (const route of ['stasis', 'busy', 'closed']) assert.ok(inbound.includes(`"${route}"`), `route ${route} not handled`);
    assert.ok(lines.some((l) => l.context === 'salehi-inbound' && l.exten === 'reject'), 'reject (the default) has an extension');
  });
});
