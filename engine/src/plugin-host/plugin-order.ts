import { EngineError } from '../errors';

export interface OrderNode {
  readonly id: string;
  readonly dependsOn?: readonly string[];
}

/**
 * Orders plugins so each comes after everything it depends on (stable: ties keep input order).
 * Throws on duplicate ids, on a dependency that is not in the set, and on cycles (naming the cycle).
 */
export function orderPlugins<T extends OrderNode>(nodes: readonly T[]): T[] {
  const byId = new Map<string, T>();
  for (const n of nodes) {
    if (byId.has(n.id)) throw new EngineError('CE_PLUGIN_DUPLICATE', `Plugin id '${n.id}' is declared twice`, { details: { plugin: n.id } });
    byId.set(n.id, n);
  }
  for (const n of nodes) {
    for (const dep of n.dependsOn ?? []) {
      if (!byId.has(dep)) {
        throw new EngineError('CE_PLUGIN_DEP_MISSING', `Plugin '${n.id}' depends on plugin '${dep}', which is not enabled or does not exist`, {
          details: { plugin: n.id, dependency: dep },
        });
      }
    }
  }
  const ordered: T[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (n: T, trail: string[]): void => {
    const s = state.get(n.id);
    if (s === 'done') return;
    if (s === 'visiting') {
      const cycle = [...trail.slice(trail.indexOf(n.id)), n.id];
      throw new EngineError('CE_PLUGIN_CYCLE', `Plugin dependency cycle: ${cycle.join(' -> ')}`, { details: { cycle } });
    }
    state.set(n.id, 'visiting');
    for (const dep of n.dependsOn ?? []) visit(byId.get(dep) as T, [...trail, n.id]);
    state.set(n.id, 'done');
    ordered.push(n);
  };
  for (const n of nodes) visit(n, []);
  return ordered;
}
