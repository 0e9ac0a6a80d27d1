import { readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { parseDocument } from 'yaml';
import { z } from 'zod';
import { EngineError } from '../errors';
import { scenarioFileSchema, type RawStep, type ScenarioBody } from './scenario.schema';
import type { StepRegistry } from './step-registry';
import type { LoadedFlow, LoadedScenario } from './loaded-scenario';
import { checkFlowGraph } from './flow-graph';

/** One problem in a scenario file: the file, and where known the step and the field. */
export interface ScenarioIssue {
  readonly file: string;
  readonly step?: string;
  readonly field?: string;
  readonly message: string;
}

export function formatScenarioIssue(i: ScenarioIssue): string {
  return `${i.file}${i.step ? ` step '${i.step}'` : ''}${i.field ? ` field '${i.field}'` : ''}: ${i.message}`;
}

/**
 * Loads every `*.yaml`/`*.yml` file of a directory. Any problem in any file stops boot with
 * `CE_SCENARIO_INVALID`, whose `details` lists every issue with file, step and field.
 */
export function loadScenarios(dir: string, registry: StepRegistry): LoadedScenario[] {
  let files: string[];
  try {
    files = readdirSync(dir).filter((f) => /\.ya?ml$/i.test(f)).sort();
  } catch (err) {
    throw new EngineError('CE_SCENARIO_NOT_FOUND', `Scenario directory '${dir}' cannot be read`, { cause: err });
  }
  if (files.length === 0) throw new EngineError('CE_SCENARIO_NOT_FOUND', `No scenario files (*.yaml) in '${dir}'`);
  const issues: ScenarioIssue[] = [];
  const loaded = files.map((f) => loadScenarioText(readFileSync(join(dir, f), 'utf8'), f, registry, issues));
  const names = new Map<string, string>();
  loaded.forEach((s, i) => {
    if (!s) return;
    const other = names.get(s.name);
    if (other) issues.push({ file: files[i] as string, field: 'scenario.name', message: `name '${s.name}' is already used by ${other}` });
    names.set(s.name, files[i] as string);
  });
  if (issues.length) throw scenarioError(issues);
  return loaded as LoadedScenario[];
}

export function scenarioError(issues: readonly ScenarioIssue[]): EngineError {
  return new EngineError('CE_SCENARIO_INVALID', `Invalid scenario files:\n${issues.map((i) => `  - ${formatScenarioIssue(i)}`).join('\n')}`, { details: issues });
}

/** Parses and validates one scenario text; pushes issues and returns undefined when invalid. */
export function loadScenarioText(text: string, file: string, registry: StepRegistry, issues: ScenarioIssue[]): LoadedScenario | undefined {
  const doc = parseDocument(text, { version: '1.2', prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length) {
    for (const e of doc.errors) issues.push({ file, message: `YAML: ${e.message.split('\n')[0]}` });
    return undefined;
  }
  const parsed = scenarioFileSchema.safeParse(doc.toJS());
  if (!parsed.success) {
    issues.push(...zodToScenarioIssues(parsed.error, file, doc.toJS()));
    return undefined;
  }
  const body = parsed.data.scenario;
  const before = issues.length;
  const outbound = loadFlow(body, 'flow', body.flow, file, registry, issues);
  const inbound = body.inbound_flow ? loadFlow(body, 'inbound_flow', body.inbound_flow, file, registry, issues) : undefined;
  if (issues.length > before || !outbound) return undefined;
  return { name: body.name, file: basename(file), body, outbound, ...(inbound ? { inbound } : {}) };
}

function loadFlow(body: ScenarioBody, key: 'flow' | 'inbound_flow', raw: readonly RawStep[], file: string, registry: StepRegistry, issues: ScenarioIssue[]): LoadedFlow | undefined {
  const steps = new Map<string, RawStep>();
  const before = issues.length;
  for (const [index, step] of raw.entries()) {
    const where = { file, step: step.step ?? `#${index}` };
    if (steps.has(step.step)) {
      issues.push({ ...where, field: 'step', message: `duplicate step id in ${key}` });
      continue;
    }
    const def = registry.get(step.type);
    if (!def) {
      issues.push({ ...where, field: 'type', message: `unknown step type '${step.type}' (known: ${registry.types().join(', ')})` });
      continue;
    }
    const parsed = def.schema.safeParse(step);
    if (!parsed.success) {
      for (const i of (parsed.error as z.ZodError).issues) {
        const field = i.code === 'unrecognized_keys' ? i.keys.join(', ') : i.path.join('.');
        issues.push({ ...where, field, message: i.code === 'unrecognized_keys' ? 'unknown field' : i.message });
      }
      continue;
    }
    steps.set(step.step, parsed.data as RawStep);
  }
  if (issues.length > before) return undefined;
  const entry = checkFlowGraph(body, key, steps, registry, file, issues);
  return entry ? { entry, steps } : undefined;
}

function zodToScenarioIssues(err: z.ZodError, file: string, data: unknown): ScenarioIssue[] {
  return err.issues.map((i) => {
    const path = [...i.path];
    // A problem inside flow[n] names the step by its id, as admins know it.
    if ((path[1] === 'flow' || path[1] === 'inbound_flow') && typeof path[2] === 'number') {
      const steps = ((data as { scenario?: Record<string, unknown> }).scenario?.[path[1]] ?? []) as { step?: string }[];
      const step = steps[path[2]]?.step ?? `${path[1]}[${path[2]}]`;
      return { file, step, field: path.slice(3).join('.') || (i.code === 'unrecognized_keys' ? i.keys.join(', ') : ''), message: i.message };
    }
    const field = i.code === 'unrecognized_keys' ? [...path, ...i.keys].join('.') : path.join('.');
    return { file, field: field || '(root)', message: i.code === 'unrecognized_keys' ? 'unknown field' : i.message };
  });
}
