import type { AriHandler, HandlerTable } from './ari/handlers';

/** One ARI REST operation the simulator received (after auth and routing). */
export interface AriRequestRecord {
  /** Wall-clock ms when it arrived. */
  readonly at: number;
  /** `<resource>.<nickname>` of the Swagger docs, e.g. `channels.originate`. */
  readonly operation: string;
  readonly method: string;
  /** Path below `/ari`, decoded, e.g. `/channels/c-1/play`. */
  readonly path: string;
  /** Query and body parameters (the last one wins when repeated, as in Asterisk). */
  readonly params: Readonly<Record<string, string>>;
  /** `{"variables": {...}}` of the body. */
  readonly variables: Readonly<Record<string, string>>;
  /** The answer's status; 0 until the handler answered. */
  status: number;
}

/**
 * Every ARI operation in arrival order, for tests that assert exactly what the engine asked
 * (and benchmarks that count). Bounded: the oldest records go first.
 */
export class AriRequestLog {
  private readonly records: AriRequestRecord[] = [];

  constructor(
    private readonly now: () => number,
    private readonly max = 10_000,
  ) {}

  list(): readonly AriRequestRecord[] {
    return [...this.records];
  }

  clear(): void {
    this.records.length = 0;
  }

  /** The handler table with every operation recorded before it runs. */
  wrap(handlers: HandlerTable): HandlerTable {
    return Object.fromEntries(Object.entries(handlers).map(([operation, handler]) => [operation, this.recording(operation, handler)]));
  }

  private recording(operation: string, handler: AriHandler): AriHandler {
    return async (ctx) => {
      const record: AriRequestRecord = {
        at: this.now(),
        operation,
        method: ctx.req.method,
        path: `/${ctx.req.segments.join('/')}`,
        params: Object.fromEntries(ctx.req.params),
        variables: { ...ctx.req.variables },
        status: 0,
      };
      this.records.push(record);
      if (this.records.length > this.max) this.records.shift();
      const response = await handler(ctx);
      record.status = response.status;
      return response;
    };
  }
}
