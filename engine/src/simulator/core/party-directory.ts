import { customerBehaviours, type CustomerScript } from './customer-script';

/**
 * Who answers which number. Tests and the demo set a script per dialled number (customer or
 * operator); every other number gets the default script.
 */
export class PartyDirectory {
  private readonly scripts = new Map<string, CustomerScript>();
  private fallback: CustomerScript;

  constructor(defaultScript: CustomerScript = customerBehaviours.saysYes()) {
    this.fallback = defaultScript;
  }

  /** Scripts `number` (digits as dialled, e.g. `09121234567` or an operator extension). */
  set(number: string, script: CustomerScript): this {
    this.scripts.set(number, script);
    return this;
  }

  setDefault(script: CustomerScript): this {
    this.fallback = script;
    return this;
  }

  delete(number: string): void {
    this.scripts.delete(number);
  }

  clear(): void {
    this.scripts.clear();
  }

  lookup(number: string): CustomerScript {
    return this.scripts.get(number) ?? this.fallback;
  }
}
