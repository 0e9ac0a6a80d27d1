import { EngineError } from '../errors';
import type { LoadedScenario } from '../flow/loaded-scenario';

/**
 * The loaded scenarios and which of them are in use. Outbound calls take the enabled scenarios in
 * turn (round-robin); the enabled set can be replaced at run time (the panel's `active_scenarios`).
 * Inbound calls take, in turn, the scenarios that have an inbound flow, else the built-in
 * straight-to-an-operator scenario.
 */
export class ScenarioCatalog {
  private enabled: string[];
  private outboundTurn = 0;
  private inboundTurn = 0;
  private readonly byName: ReadonlyMap<string, LoadedScenario>;

  constructor(
    scenarios: readonly LoadedScenario[],
    private readonly fallbackInbound: LoadedScenario,
    enabledNames: readonly string[] = [],
  ) {
    // The fallback is reachable by name (inbound calls name their scenario) but never dialled out.
    this.byName = new Map([...scenarios, fallbackInbound].map((s) => [s.name, s]));
    this.enabled = [];
    this.setEnabled(enabledNames.length ? enabledNames : scenarios.filter((s) => s.body.enabled).map((s) => s.name));
  }

  get(name: string): LoadedScenario {
    const s = this.byName.get(name);
    if (!s) throw new EngineError('CE_SCENARIO_NOT_FOUND', `No scenario named '${name}'`);
    return s;
  }

  /** The scenario files' scenarios (not the built-in fallback). */
  list(): LoadedScenario[] {
    return [...this.byName.values()].filter((s) => s !== this.fallbackInbound);
  }

  enabledNames(): readonly string[] {
    return this.enabled;
  }

  /** Replaces the outbound set. Unknown names are an error (nothing changes). */
  setEnabled(names: readonly string[]): void {
    const unknown = names.filter((n) => !this.byName.has(n));
    if (unknown.length) throw new EngineError('CE_SCENARIO_NOT_FOUND', `Unknown scenario(s): ${unknown.join(', ')}`);
    this.enabled = [...new Set(names)];
  }

  /** The next outbound scenario, or the named one when given. */
  nextOutbound(name?: string): LoadedScenario {
    if (name) return this.get(name);
    if (this.enabled.length === 0) throw new EngineError('CE_SCENARIO_NOT_FOUND', 'No outbound scenario is enabled');
    const pick = this.enabled[this.outboundTurn++ % this.enabled.length] as string;
    return this.get(pick);
  }

  nextInbound(): LoadedScenario {
    const withInbound = this.list().filter((s) => s.inbound && s.body.enabled);
    if (withInbound.length === 0) return this.fallbackInbound;
    return withInbound[this.inboundTurn++ % withInbound.length] as LoadedScenario;
  }
}
