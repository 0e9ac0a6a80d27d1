import type { ZodError } from 'zod';

/** One config problem: a dotted path (`http.port`, `plugins.dialer.limits.perDay`, `env:MAX_CALLS_PER_DAY`) and what is wrong. */
export interface ConfigIssue {
  readonly path: string;
  readonly message: string;
}

export function joinPath(prefix: string, segments: readonly PropertyKey[]): string {
  const tail = segments.map((s) => (typeof s === 'number' ? `[${s}]` : String(s))).join('.').replace(/\.\[/g, '[');
  if (!prefix) return tail || '(root)';
  return tail ? `${prefix}.${tail}`.replace(/\.\[/g, '[') : prefix;
}

/** Every issue of a failed parse, each with its full path under `prefix`. */
export function zodIssues(err: ZodError, prefix = ''): ConfigIssue[] {
  return err.issues.map((issue) => {
    const segs = [...issue.path];
    // zod reports unknown keys on the parent; name each key so the admin sees the exact path.
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: joinPath(prefix, [...segs, k]), message: 'unknown key' }));
    }
    // A bad record key (e.g. a plugin id that is not kebab-case): say what is wrong with the key itself.
    if (issue.code === 'invalid_key' && issue.issues.length > 0) {
      return [{ path: joinPath(prefix, segs), message: `invalid key: ${issue.issues.map((i) => i.message).join('; ')}` }];
    }
    return [{ path: joinPath(prefix, segs), message: issue.message }];
  }).flat();
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
  return issues.map((i) => `  - ${i.path}: ${i.message}`).join('\n');
}
