import { EngineError } from '../errors';
import type { HealthIndicator, HealthRegistry } from '../ports/health.port';

/**
 * The engine's list of readiness indicators. Names must be unique: `/ready` reports components by
 * name, and two indicators called `ami` would make a failing one impossible to tell apart.
 */
export class EngineHealthRegistry implements HealthRegistry {
  private readonly indicators = new Map<string, HealthIndicator>();

  add(indicator: HealthIndicator): void {
    const name = indicator.name?.trim();
    if (!name) throw new EngineError('CE_HEALTH_INDICATOR_INVALID', 'A health indicator needs a non-empty name');
    if (this.indicators.has(name)) {
      throw new EngineError('CE_HEALTH_INDICATOR_INVALID', `A health indicator named '${name}' is already registered`);
    }
    this.indicators.set(name, indicator);
  }

  list(): readonly HealthIndicator[] {
    return [...this.indicators.values()];
  }
}
