import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarios, loadScenarioText, type ScenarioIssue } from '../../../../engine/src/flow/load-scenarios';
import { StepRegistry } from '../../../../engine/src/flow/step-registry';
import { EngineError } from '../../../../engine/src/errors';
import { repoRoot } from '../../../helpers/repo-root';

const BAD = join(repoRoot(), 'test', 'fixtures', 'scenarios', 'bad');

function issuesOf(file: string): ScenarioIssue[] {
  const issues: ScenarioIssue[] = [];
  const loaded = loadScenarioText(readFileSync(join(BAD, file), 'utf8'), file, new StepRegistry(), issues);
  assert.equal(loaded, undefined, `${file} should not load`);
  return issues;
}

describe('scenario loading', () => {
  it('loads the shipped scenarios, outbound and inbound flows, with YAML 1.2 strings for yes/no', () => {
    const scenarios = loadScenarios(join(repoRoot(), 'assets', 'scenarios'), new StepRegistry());
    assert.deepEqual(scenarios.map((s) => s.name).sort(), ['academy', 'academy-repeat']);
    const academy = scenarios.find((s) => s.name === 'academy')!;
    assert.equal(academy.outbound.entry, 'start');
    assert.ok(academy.inbound, 'academy has an inbound flow');
    const route = academy.outbound.steps.get('route') as unknown as { routes: Record<string, string> };
    // YAML 1.1 would have turned `yes:` and `no:` into booleans; 1.2 keeps them as the intent labels.
    assert.deepEqual(Object.keys(route.routes).sort(), ['no', 'number_question', 'unknown', 'yes']);
    assert.equal(academy.body.stt.max_duration, 10);
    assert.equal(academy.body.stt.max_silence, 2);
    assert.equal(scenarios.find((s) => s.name === 'academy-repeat')!.inbound, undefined);
  });

  it('names the step and field of a reference to an unknown step', () => {
    assert.deepEqual(issuesOf('unknown-target.yaml').map((i) => [i.step, i.field]), [['play', 'next']]);
  });

  it('reports unreachable steps', () => {
    const [issue, ...rest] = issuesOf('unreachable.yaml');
    assert.equal(rest.length, 0);
    assert.equal(issue?.step, 'orphan');
    assert.match(issue?.message ?? '', /unreachable/);
  });

  it('reports an unknown step type with the known ones', () => {
    const [issue] = issuesOf('unknown-type.yaml');
    assert.equal(issue?.step, 'dance');
    assert.equal(issue?.field, 'type');
    assert.match(issue?.message ?? '', /dance_party.*play_prompt/);
  });

  it('requires a route (or default) for every intent label and rejects labels that are not categories', () => {
    const fields = issuesOf('missing-route.yaml').map((i) => `${i.step}:${i.field}`).sort();
    assert.deepEqual(fields, ['route:routes', 'route:routes.maybe']);
  });

  it('lists every bad field of every step at once', () => {
    const fields = issuesOf('bad-fields.yaml').map((i) => `${i.step}:${i.field}`).sort();
    assert.deepEqual(fields, ['play:colour', 'result:result']);
  });

  it('reports duplicate step ids and YAML syntax errors with the file name', () => {
    assert.deepEqual(issuesOf('duplicate-step.yaml').map((i) => [i.step, i.field]), [['bye', 'step']]);
    const [syntax] = issuesOf('yaml-syntax.yaml');
    assert.equal(syntax?.file, 'yaml-syntax.yaml');
    assert.match(syntax?.message ?? '', /^YAML/);
  });

  it('a prompt used by a step must be defined', () => {
    const issues: ScenarioIssue[] = [];
    const text = readFileSync(join(BAD, 'bad-fields.yaml'), 'utf8').replace('      colour: blue\n', '').replace('very_happy', 'unknown');
    loadScenarioText(text, 'x.yaml', new StepRegistry(), issues);
    assert.deepEqual(issues.map((i) => [i.step, i.field]), [['play', 'prompt']]);
  });

  it('stops boot with CE_SCENARIO_INVALID listing every problem of every file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'scen-'));
    try {
      for (const f of ['unknown-target.yaml', 'unreachable.yaml']) writeFileSync(join(dir, f), readFileSync(join(BAD, f)));
      assert.throws(
        () => loadScenarios(dir, new StepRegistry()),
        (err: unknown) => err instanceof EngineError && err.code === 'CE_SCENARIO_INVALID' && (err.details as ScenarioIssue[]).length === 2 && /unknown-target\.yaml step 'play' field 'next'/.test(err.message),
      );
      assert.throws(() => loadScenarios(join(dir, 'missing'), new StepRegistry()), (err: unknown) => err instanceof EngineError && err.code === 'CE_SCENARIO_NOT_FOUND');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
