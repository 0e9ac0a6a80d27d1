import type { RawStep, ScenarioBody } from './scenario.schema';
import type { StepRegistry } from './step-registry';
import type { ScenarioIssue } from './load-scenarios';

const PROMPT_FIELDS = ['prompt', 'processing_prompt', 'hold_prompt'] as const;

/** A prompt reference is a key of `prompts` or a media URI (`sound:beep`). */
export function promptExists(body: ScenarioBody, ref: string): boolean {
  return ref in body.prompts || /^(sound|recording|tone|digits|number):\S+$/.test(ref);
}

/**
 * Graph checks of one flow, each problem named by file, step and field: every referenced step
 * exists, exactly one entry, no unreachable step, every intent label routed (or a default), every
 * prompt defined. Returns the entry step id, or undefined when there were problems.
 */
export function checkFlowGraph(body: ScenarioBody, key: string, steps: ReadonlyMap<string, RawStep>, registry: StepRegistry, file: string, issues: ScenarioIssue[]): string | undefined {
  const before = issues.length;
  const entries = [...steps.values()].filter((s) => s.type === 'entry');
  if (entries.length > 1) issues.push({ file, step: entries[1]?.step, field: 'type', message: `${key} has more than one entry step` });
  const entry = entries[0]?.step ?? steps.keys().next().value;
  const edges = new Map<string, string[]>();
  for (const step of steps.values()) {
    const def = registry.get(step.type);
    if (!def) continue;
    const targets = def.targets(step);
    for (const t of targets) {
      if (!steps.has(t.id)) issues.push({ file, step: step.step, field: t.field, message: `refers to unknown step '${t.id}' in ${key}` });
    }
    if (!def.terminal && targets.length === 0) issues.push({ file, step: step.step, field: 'next', message: 'has no next step' });
    edges.set(step.step, targets.map((t) => t.id));
    checkPrompts(body, step, file, issues);
    if (step.type === 'route_by_intent') checkRoutes(body, step, file, issues);
  }
  if (entry) {
    const seen = reachable(entry, edges);
    for (const id of steps.keys()) if (!seen.has(id)) issues.push({ file, step: id, message: `is unreachable from the entry step '${entry}' in ${key}` });
  }
  return issues.length === before ? entry : undefined;
}

function reachable(entry: string, edges: ReadonlyMap<string, readonly string[]>): Set<string> {
  const seen = new Set<string>([entry]);
  const todo = [entry];
  while (todo.length) {
    for (const next of edges.get(todo.pop() as string) ?? []) {
      if (!seen.has(next)) {
        seen.add(next);
        todo.push(next);
      }
    }
  }
  return seen;
}

function checkPrompts(body: ScenarioBody, step: RawStep, file: string, issues: ScenarioIssue[]): void {
  for (const field of PROMPT_FIELDS) {
    const ref = step[field];
    if (typeof ref === 'string' && !promptExists(body, ref)) {
      issues.push({ file, step: step.step, field, message: `prompt '${ref}' is not defined under prompts` });
    }
  }
}

function checkRoutes(body: ScenarioBody, step: RawStep, file: string, issues: ScenarioIssue[]): void {
  const routes = (step.routes ?? {}) as Record<string, string>;
  const labels = body.llm.intent_categories;
  for (const label of Object.keys(routes)) {
    if (!labels.includes(label)) issues.push({ file, step: step.step, field: `routes.${label}`, message: `'${label}' is not one of llm.intent_categories (${labels.join(', ')})` });
  }
  const missing = labels.filter((l) => !(l in routes));
  if (missing.length && !step.default) {
    issues.push({ file, step: step.step, field: 'routes', message: `no route for ${missing.join(', ')} and no default` });
  }
}
