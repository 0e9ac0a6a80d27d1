/**
 * Readiness of one component (store, AMI, ARI, FastAGI...). `/ready` is 200 only when every
 * registered indicator is ok and every enabled, non-optional plugin has started.
 */
export interface HealthReport {
  readonly ok: boolean;
  /** Short reason shown in `/ready` when not ok; never a secret. */
  readonly detail?: string;
}

export interface HealthIndicator {
  readonly name: string;
  check(): HealthReport | Promise<HealthReport>;
}

/** Components register their indicators here (adapters at build time, plugins in register()). */
export interface HealthRegistry {
  add(indicator: HealthIndicator): void;
  list(): readonly HealthIndicator[];
}
