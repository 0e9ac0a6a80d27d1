import { readFileSync } from 'node:fs';
import { parseDocument } from 'yaml';
import { EngineError } from '../errors';
import type { ConfigIssue } from './config-issues';
import { isPlainObject, type PlainObject } from './object-path';

/** One YAML syntax problem with its position (1-based). */
export interface YamlProblem {
  readonly path: string;
  readonly line: number;
  readonly col: number;
  readonly message: string;
}

export interface YamlConfigFile {
  readonly data: PlainObject;
  /** Problems that are valid YAML but not a config (e.g. the top level is a list). */
  readonly issues: ConfigIssue[];
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code ?? 'unknown';
    const why = code === 'ENOENT' ? 'does not exist' : `cannot be read (${code})`;
    throw new EngineError('CE_CONFIG_FILE_NOT_FOUND', `Config file ${path} ${why}`, { cause: err, details: { path } });
  }
}

function toJs(doc: ReturnType<typeof parseDocument>, path: string): unknown {
  try {
    return doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (err) {
    // Alias bombs (billion laughs) end here rather than exhausting memory.
    const message = err instanceof Error ? err.message : String(err);
    throw new EngineError('CE_CONFIG_FILE_PARSE', `Config file ${path}: ${message}`, { cause: err, details: [{ path, line: 0, col: 0, message }] });
  }
}

/**
 * Reads the config file as YAML 1.2 (unquoted `yes`/`no` stay strings, duplicate keys are errors).
 * A missing file throws CE_CONFIG_FILE_NOT_FOUND; syntax errors throw CE_CONFIG_FILE_PARSE listing every
 * error with its line and column. An empty file is an empty config.
 */
export function readYamlConfig(path: string): YamlConfigFile {
  const text = readText(path);
  const doc = parseDocument(text, { version: '1.2', prettyErrors: true, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const problems: YamlProblem[] = doc.errors.map((e) => ({
      path,
      line: e.linePos?.[0]?.line ?? 0,
      col: e.linePos?.[0]?.col ?? 0,
      message: (e.message.split('\n')[0] ?? e.message).replace(/ at line \d+, column \d+:?$/, ''),
    }));
    const list = problems.map((p) => `  - ${p.path}:${p.line}:${p.col}: ${p.message}`).join('\n');
    throw new EngineError('CE_CONFIG_FILE_PARSE', `Config file ${path} is not valid YAML:\n${list}`, { details: problems });
  }
  const data = toJs(doc, path);
  if (data === null || data === undefined) return { data: {}, issues: [] };
  if (!isPlainObject(data)) return { data: {}, issues: [{ path: '(root)', message: 'the config file must be a mapping of keys to values' }] };
  return { data, issues: [] };
}
