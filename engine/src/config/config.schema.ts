import { z } from 'zod';

/**
 * The one engine config schema. Defaults live here and equal the legacy engine's defaults, so a
 * deployment that only has its old `.env` gets the same behaviour. Plugin sections are typed as
 * open objects here; the plugin host validates each with the plugin's own `configSchema`.
 *
 * Zod 4 note: `.prefault({})` (not `.default({})`) makes an absent section parse through its own
 * field defaults.
 */

export function isValidTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const timeZone = z.string().refine(isValidTimeZone, { message: 'unknown IANA time zone' });
export const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, { message: 'expected HH:MM (24 h)' });
const seconds = z.number().positive();
const port = z.number().int().min(0).max(65535);
export const digits = z.string().regex(/^\+?\d{1,20}$/, { message: 'expected digits only (optional leading +)' });

const logSchema = z
  .object({
    level: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    /** Optional rotating log file besides stdout. */
    file: z
      .object({
        path: z.string().min(1),
        frequency: z.enum(['daily', 'hourly']).default('daily'),
        /** Rotate also when the file reaches this size, e.g. `10m`. */
        size: z.string().regex(/^\d+[kmg]?$/i, { message: 'expected a size like 500k, 10m or 1g' }).optional(),
        maxFiles: z.number().int().positive().default(14),
      })
      .strict()
      .optional(),
    /** Also mask phone numbers in logs. */
    redactPhoneNumbers: z.boolean().default(false),
  })
  .strict();

const httpSchema = z
  .object({
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(8090),
    /** Bearer token for every route but /health. Required when host is not loopback. */
    token: z.string().min(8, { message: 'token must have at least 8 characters' }).optional(),
    bodyLimitBytes: z.number().int().positive().default(10 * 1024 * 1024),
  })
  .strict();

const storeSchema = z
  .object({
    driver: z.enum(['sqlite', 'postgres']).default('sqlite'),
    sqlite: z.object({ path: z.string().min(1).default('data/salehi.db') }).strict().prefault({}),
    postgres: z
      .object({
        url: z.string().min(1).optional(),
        poolSize: z.number().int().positive().default(10),
        /** The schema the store's tables live in (one per deployment or per test run). */
        schema: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, { message: 'lower-case letters, digits and _ only' }).default('public'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

const ariSchema = z
  .object({
    url: z.url().default('http://127.0.0.1:8088/ari'),
    wsUrl: z.url().default('ws://127.0.0.1:8088/ari/events'),
    app: z.string().regex(/^[A-Za-z0-9_-]+$/, { message: 'letters, digits, - and _ only' }).default('salehi'),
    username: z.string().min(1).default('salehi'),
    password: z.string().default('changeme'),
    requestTimeoutSec: seconds.default(10),
  })
  .strict();

const amiSchema = z
  .object({
    enabled: z.boolean().default(true),
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(5038),
    username: z.string().min(1).default('salehi'),
    password: z.string().default('changeme'),
    actionTimeoutSec: seconds.default(10),
    pingIntervalSec: seconds.default(20),
  })
  .strict();

const agiSchema = z
  .object({
    enabled: z.boolean().default(true),
    host: z.string().min(1).default('127.0.0.1'),
    port: port.default(4573),
    /** Client addresses allowed to connect (exact IPs or CIDR blocks). */
    allow: z.array(z.string().min(1)).default(['127.0.0.1', '::1', '::ffff:127.0.0.1']),
    commandTimeoutSec: seconds.default(10),
    idleTimeoutSec: seconds.default(60),
  })
  .strict();

const asteriskSchema = z
  .object({
    /** false = no PBX at all (API-only tools, tests): no ARI/AMI/FastAGI, no call runtime. */
    enabled: z.boolean().default(true),
    /** Longest wait between two reconnect attempts to ARI and AMI (they retry forever). */
    reconnectMaxDelaySec: z.number().positive().max(5).default(1),
    ari: ariSchema.prefault({}),
    ami: amiSchema.prefault({}),
    agi: agiSchema.prefault({}),
    /** Asterisk sounds dir where prompts are installed (legacy AST_SOUND_DIR). */
    soundDir: z.string().min(1).default('/var/lib/asterisk/sounds/custom'),
  })
  .strict();

const lineLimitsSchema = z
  .object({
    /** Concurrent calls on one line: outbound + inbound + operator legs together. */
    concurrent: z.number().int().min(1).default(2),
    /** Legacy MAX_CONCURRENT_OUTBOUND_CALLS / _INBOUND_CALLS; 0 = same as `concurrent`. */
    concurrentOutbound: z.number().int().min(0).default(0),
    concurrentInbound: z.number().int().min(0).default(0),
    perMinute: z.number().int().min(1).default(10),
    perDay: z.number().int().min(1).default(200),
    perSecond: z.number().positive().default(3),
  })
  .strict();

const linesSchema = z
  .object({
    trunk: z.string().min(1).default('TO-CUCM-Gaptel'),
    numbers: z.array(digits).default([]),
    /** `{number}` and `{trunk}` are replaced; e.g. `Local/{number}@from-internal`. */
    dialTemplate: z.string().includes('{number}', { message: 'must contain {number}' }).default('PJSIP/{number}@{trunk}'),
    defaultCallerId: z.string().default('1000'),
    originationTimeoutSec: seconds.default(30),
    limits: lineLimitsSchema.prefault({}),
  })
  .strict();

const operatorSchema = z
  .object({
    extension: z.string().default('200'),
    /** Defaults to lines.trunk (legacy OPERATOR_TRUNK falls back to OUTBOUND_TRUNK). */
    trunk: z.string().optional(),
    /** Raw endpoint such as `Local/6005@from-internal`; empty = PJSIP/<extension>@<trunk>. */
    endpoint: z.string().default(''),
    /** Defaults to lines.defaultCallerId. */
    callerId: z.string().optional(),
    timeoutSec: seconds.default(30),
    /** Caller ID shown to the operator: `callerId` above, the customer's number, or the line's number. */
    callerIdMode: z.enum(['configured', 'customer', 'line']).default('configured'),
    mobileNumbers: z.array(digits).default([]),
    usePanelAgents: z.boolean().default(false),
  })
  .strict();

const pluginSliceSchema = z
  .object({
    enabled: z.boolean().default(false),
    /** An optional plugin's failure is logged and does not stop the engine. */
    optional: z.boolean().default(false),
  })
  .catchall(z.unknown());

export const configSchema = z
  .object({
    company: z.string().min(1).default('salehi'),
    timezone: timeZone.default('Asia/Tehran'),
    log: logSchema.prefault({}),
    http: httpSchema.prefault({}),
    store: storeSchema.prefault({}),
    asterisk: asteriskSchema.prefault({}),
    lines: linesSchema.prefault({}),
    operator: operatorSchema.prefault({}),
    scenarios: z
      .object({
        dir: z.string().min(1).default('assets/scenarios'),
        /** Legacy SCENARIO: the scenario names enabled for outbound (empty = all). */
        enabled: z.array(z.string().min(1)).default([]),
      })
      .strict()
      .prefault({}),
    audio: z
      .object({
        srcDir: z.string().min(1).default('assets/audio/src'),
        wavDir: z.string().min(1).default('assets/audio/wav'),
      })
      .strict()
      .prefault({}),
    httpClient: z
      .object({
        maxConnections: z.number().int().positive().default(100),
        timeoutSec: seconds.default(10),
      })
      .strict()
      .prefault({}),
    inbound: z
      .object({
        /** Business hours for inbound calls, e.g. `08:00-13:00,16:00-20:00` in `timezone`; empty = always open. */
        businessHours: z
          .string()
          .regex(/^(\s*([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d\s*)(,\s*([01]\d|2[0-3]):[0-5]\d-([01]\d|2[0-3]):[0-5]\d\s*)*$|^$/, {
            message: 'expected HH:MM-HH:MM[,HH:MM-HH:MM...]',
          })
          .default(''),
        /** Seconds a vetted caller may take to reach Stasis before its line slot is given back. */
        handoffTimeoutSec: seconds.default(30),
      })
      .strict()
      .prefault({}),
    shutdown: z.object({ drainTimeoutSec: seconds.default(8) }).strict().prefault({}),
    plugins: z.record(z.string().regex(/^[a-z][a-z0-9-]*$/, { message: 'plugin ids are kebab-case' }), pluginSliceSchema).default({}),
  })
  .strict();

export type EngineConfigInput = z.input<typeof configSchema>;
export type EngineConfig = z.output<typeof configSchema>;
export type PluginSlice = z.output<typeof pluginSliceSchema>;
