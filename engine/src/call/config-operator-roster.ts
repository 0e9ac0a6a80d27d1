import type { EngineConfig } from '../config/config.schema';
import type { OperatorAgent, OperatorRosterPort } from '../ports/operator.port';

/** Builds a dial string from the lines' template (`PJSIP/{number}@{trunk}`). */
export function dialString(template: string, number: string, trunk: string): string {
  return template.replaceAll('{number}', number).replaceAll('{trunk}', trunk);
}

/**
 * The operator roster from config: the agents' mobiles (OPERATOR_MOBILE_NUMBERS) in round-robin,
 * else a fixed endpoint (OPERATOR_ENDPOINT, e.g. a FreePBX queue), else the extension on the operator
 * trunk (legacy `PJSIP/<OPERATOR_EXTENSION>@<OPERATOR_TRUNK>`). Agents on a leg are skipped.
 */
export class ConfigOperatorRoster implements OperatorRosterPort {
  private readonly agents: readonly OperatorAgent[];
  private turn = 0;
  private readonly busy = new Map<string, number>();

  constructor(config: EngineConfig) {
    const op = config.operator;
    const trunk = op.trunk ?? config.lines.trunk;
    if (op.mobileNumbers.length) {
      this.agents = op.mobileNumbers.map((m) => ({ id: m, phone: m, endpoint: dialString(config.lines.dialTemplate, m, trunk) }));
    } else if (op.endpoint) {
      this.agents = [{ id: 'endpoint', endpoint: op.endpoint }];
    } else {
      this.agents = [{ id: `ext-${op.extension}`, endpoint: `PJSIP/${op.extension}@${trunk}` }];
    }
  }

  candidates(_agentType: 'inbound' | 'outbound'): readonly OperatorAgent[] {
    if (this.agents.length === 0) return [];
    const start = this.turn++ % this.agents.length;
    const rotated = [...this.agents.slice(start), ...this.agents.slice(0, start)];
    // A fixed endpoint (a queue) takes any number of calls; people take one at a time.
    return rotated.filter((a) => a.id === 'endpoint' || !this.busy.get(a.id));
  }

  occupy(agentId: string): () => void {
    this.busy.set(agentId, (this.busy.get(agentId) ?? 0) + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const n = (this.busy.get(agentId) ?? 1) - 1;
      if (n <= 0) this.busy.delete(agentId);
      else this.busy.set(agentId, n);
    };
  }
}
